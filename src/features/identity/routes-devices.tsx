import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import { idParams } from '../../platform/http/input.ts';
import { requireSession } from './http.ts';
import { renderOtpEnrolment } from './routes-demo.tsx';
import { canLinkDevice, LastDeviceError, myDevices, revokeDevice } from './service/devices.ts';
import { enrolOtp } from './service/otp.ts';
import { DevicesPage } from './views/devices.tsx';

/** "Link a device": the person's devices, adding one after re-authenticating, revoking one. */
export function deviceRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { done?: string; error?: string } }>(
    '/devices',
    { preHandler: requireSession },
    async (request, reply) => {
      const ctx = ctxOf(deps, request);
      const current = request.current!;
      const t = request.t;
      const done = request.query.done;
      return reply.page(
        t('identity.devices.title'),
        <DevicesPage
          t={t}
          lang={request.lang}
          csrfToken={reply.csrfToken()}
          devices={await myDevices(ctx, current)}
          currentDeviceId={current.device.id}
          canLink={canLinkDevice(ctx, current)}
          message={
            done === 'revoked'
              ? t('identity.devices.revoked_done')
              : done === 'added'
                ? t('identity.devices.added')
                : undefined
          }
          error={request.query.error === 'last' ? t('identity.devices.lastOne') : undefined}
        />,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/devices/:id/revoke',
    { preHandler: requireSession, schema: { params: idParams } },
    async (request, reply) => {
      try {
        await revokeDevice(ctxOf(deps, request), request.current!, request.params.id);
      } catch (error) {
        if (error instanceof LastDeviceError) return reply.redirect('/devices?error=last', 303);
        throw error;
      }
      return reply.redirect('/devices?done=revoked', 303);
    },
  );

  const creating = { preHandler: requireSession, config: { idempotent: true } } as const;
  app.post('/devices/token', creating, async (request, reply) => {
    const ctx = ctxOf(deps, request);
    const current = request.current!;
    if (!canLinkDevice(ctx, current)) return reply.redirect('/devices', 303);
    const enrolment = await enrolOtp(ctx, current.person.id);
    return reply.page(
      request.t('identity.firstVisit.otpDoneTitle'),
      await renderOtpEnrolment(request.t, enrolment, {
        href: '/devices?done=added',
        label: request.t('identity.devices.title'),
      }),
    );
  });
}
