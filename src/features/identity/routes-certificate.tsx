import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import { requireSession } from './http.ts';
import { completeLogon, ensureAttempt } from './logon-completion.ts';
import { ATTEMPT_COOKIE, findAttempt } from './service/attempts.ts';
import { enrolCertificate, isCertificateLabel } from './service/certificate.ts';
import { redeemCertificateTicket } from './service/certificate-ticket.ts';
import { canLinkDevice } from './service/devices.ts';
import { CERTIFICATE_TLS_PATH, certificateListenerOrigin } from './tls-listener.ts';
import {
  CertificateEnrolledPage,
  CertificateEnrolPage,
  CertificateLogonPage,
  CertificateMessagePage,
} from './views/certificate.tsx';

/** Log on with an X.509 client certificate (smartcard, signing stick, eID) and enrolment of one. */
export function certificateRoutes(app: FastifyInstance, deps: AppDeps): void {
  const messagePage = (request: FastifyRequest, reply: FastifyReply, status: number, key: string) =>
    reply.page(
      request.t(`identity.certificate.${key}Title`),
      <CertificateMessagePage
        t={request.t}
        title={request.t(`identity.certificate.${key}Title`)}
        text={request.t(`identity.certificate.${key}`)}
      />,
      status,
    );

  app.get<{ Querystring: { device?: string } }>('/logon/certificate', async (request, reply) => {
    const label = request.query.device ?? 'smartcard';
    if (!isCertificateLabel(label)) throw new AppError('NotFound');
    const attempt = await ensureAttempt(deps, request, reply);
    const href = `${certificateListenerOrigin(deps.config)}${CERTIFICATE_TLS_PATH}?attempt=${attempt.id}`;
    return reply.page(
      request.t('identity.certificate.title', { device: request.t(`identity.device.${label}`) }),
      <CertificateLogonPage t={request.t} label={label} displayId={attempt.displayId} href={href} />,
    );
  });

  app.get<{ Querystring: { ticket?: string } }>('/logon/certificate/complete', async (request, reply) => {
    const ctx = ctxOf(deps, request);
    const ticket = typeof request.query.ticket === 'string' ? request.query.ticket : '';
    const mine = await findAttempt(ctx, request.cookies[ATTEMPT_COOKIE]);
    const redeemed = await redeemCertificateTicket(ctx, ticket, mine);
    if (!redeemed) return messagePage(request, reply, 400, 'ticketInvalid');
    const { attempt, device } = redeemed;
    return completeLogon(deps, request, reply, { device, how: 'certificate', attempt });
  });

  app.get('/devices/certificate', { preHandler: requireSession }, async (request, reply) => {
    if (!canLinkDevice(ctxOf(deps, request), request.current!)) return reply.redirect('/devices', 303);
    return reply.page(
      request.t('identity.certificate.enrolTitle'),
      <CertificateEnrolPage t={request.t} csrfToken={reply.csrfToken()} />,
    );
  });

  app.post<{ Body: { label?: string } }>(
    '/devices/certificate',
    { preHandler: requireSession, config: { idempotent: true } },
    async (request, reply) => {
      const ctx = ctxOf(deps, request);
      const current = request.current!;
      if (!canLinkDevice(ctx, current)) return reply.redirect('/devices', 303);
      // The form always sends one (a radio checked by default): nothing else enrols a device.
      const label = request.body?.label;
      if (!isCertificateLabel(label)) return reply.redirect('/devices/certificate', 303);
      const enrolment = await enrolCertificate(ctx, current.person.id, label);
      return reply.page(
        request.t('identity.certificate.doneTitle'),
        <CertificateEnrolledPage
          t={request.t}
          enrolment={enrolment}
          next={{ href: '/devices?done=added', label: request.t('identity.devices.title') }}
        />,
      );
    },
  );
}
