import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { assetUrl, vendorUrl } from '../../platform/http/assets.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { requireSession, setAttemptCookie } from './http.ts';
import { ensureAttempt, openLogonSession } from './logon-completion.ts';
import { ATTEMPT_COOKIE, findAttempt, personOfAttempt, startAttempt } from './service/attempts.ts';
import type { AttemptRow } from './service/context.ts';
import { canLinkDevice } from './service/devices.ts';
import {
  isPasskeyLabel,
  type PasskeyLabel,
  passkeyLogonOptions,
  passkeyRegistrationOptions,
  verifyPasskeyLogon,
  verifyPasskeyRegistration,
} from './service/passkey.ts';
import { PasskeyLogonPage, PasskeyRegisterPage } from './views/passkey.tsx';

const labelOf = (value: unknown): PasskeyLabel => (isPasskeyLabel(value) ? value : 'mobile');
const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as { device?: unknown; response?: unknown };
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON refusal the page script shows in its live region. */
const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, key: string) =>
  reply
    .status(status)
    .header('cache-control', 'no-store')
    .send({ error: request.t(`identity.passkey.${key}`) });

/** Log on with a passkey (Mobile, Scan, Security key) and the registration of one. */
export function passkeyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const scripts = [
    vendorUrl('simplewebauthn', 'index.umd.min.js'),
    assetUrl('local-path.js'),
    assetUrl('passkey.js'),
  ];
  const attemptOf = (request: FastifyRequest) =>
    findAttempt(ctxOf(deps, request), request.cookies[ATTEMPT_COOKIE]);

  app.get<{ Querystring: { device?: string; done?: string } }>('/logon/passkey', async (request, reply) => {
    const label = request.query.device ?? 'mobile';
    if (!isPasskeyLabel(label)) throw new AppError('NotFound');
    const attempt = await ensureAttempt(deps, request, reply);
    const t = request.t;
    return reply.page(
      t('identity.passkey.title', { device: t(`identity.device.${label}`) }),
      <PasskeyLogonPage
        t={t}
        displayId={attempt.displayId}
        scripts={scripts}
        message={request.query.done === 'enrolled' ? t('identity.passkey.enrolled') : undefined}
        screen={{
          mode: 'logon',
          label,
          csrfToken: reply.csrfToken(),
          optionsUrl: '/logon/passkey/options',
          verifyUrl: '/logon/passkey/verify',
        }}
      />,
    );
  });

  app.post('/logon/passkey/options', async (request, reply) => {
    const attempt = await attemptOf(request);
    if (!attempt) return refuse(request, reply, 409, 'expired');
    const options = await passkeyLogonOptions(ctxOf(deps, request), attempt, labelOf(bodyOf(request).device));
    return reply.header('cache-control', 'no-store').send(options);
  });

  app.post('/logon/passkey/verify', async (request, reply) => {
    const attempt = await attemptOf(request);
    if (!attempt) return refuse(request, reply, 409, 'expired');
    const response = bodyOf(request).response;
    if (!isObject(response)) return refuse(request, reply, 400, 'failed');
    const result = await verifyPasskeyLogon(
      ctxOf(deps, request),
      attempt,
      response as unknown as AuthenticationResponseJSON,
    );
    if (!result.ok) {
      const status = result.reason === 'throttled' ? 429 : result.reason === 'expired' ? 409 : 401;
      return refuse(request, reply, status, result.reason === 'invalid' ? 'failed' : result.reason);
    }
    const next = await openLogonSession(deps, request, reply, {
      device: result.device,
      how: 'passkey',
      attempt,
    });
    if (!next) return refuse(request, reply, 409, 'expired');
    return reply.header('cache-control', 'no-store').send({ redirect: next });
  });

  /**
   * Registration endpoints shared by the demo first visit and "Link a device": `optionsFor` gives
   * the attempt that the challenge is stored on, `verifyFor` the attempt that answer must match.
   */
  const registration = (
    base: string,
    optionsFor: (request: FastifyRequest, reply: FastifyReply) => Promise<AttemptRow | undefined>,
    verifyFor: (request: FastifyRequest) => Promise<AttemptRow | undefined>,
    done: (label: string) => string,
  ) => {
    app.post(`${base}/options`, async (request, reply) => {
      const attempt = await optionsFor(request, reply);
      const person = await personOfAttempt(ctxOf(deps, request), attempt);
      if (!attempt || !person) return refuse(request, reply, 409, 'expired');
      const options = await passkeyRegistrationOptions(
        ctxOf(deps, request),
        person,
        attempt,
        labelOf(bodyOf(request).device),
      );
      return reply.header('cache-control', 'no-store').send(options);
    });
    app.post(`${base}/verify`, async (request, reply) => {
      const attempt = await verifyFor(request);
      const person = await personOfAttempt(ctxOf(deps, request), attempt);
      if (!attempt || !person) return refuse(request, reply, 409, 'expired');
      const response = bodyOf(request).response;
      if (!isObject(response)) return refuse(request, reply, 400, 'registerFailed');
      const result = await verifyPasskeyRegistration(
        ctxOf(deps, request),
        person,
        attempt,
        response as unknown as RegistrationResponseJSON,
      );
      if (!result.ok) {
        return refuse(
          request,
          reply,
          result.reason === 'expired' ? 409 : 400,
          result.reason === 'expired' ? 'expired' : 'registerFailed',
        );
      }
      return reply.header('cache-control', 'no-store').send({ redirect: done(result.device.label) });
    });
  };

  // Demo first visit: the person was just created, with an attempt of purpose "enrol".
  const enrolAttempt = async (request: FastifyRequest) => {
    if (deps.config.mode !== 'demo') return undefined;
    const attempt = await attemptOf(request);
    return attempt?.purpose === 'enrol' && attempt.personId ? attempt : undefined;
  };

  app.get<{ Querystring: { device?: string } }>('/first-visit/passkey', async (request, reply) => {
    if (deps.config.mode !== 'demo') throw new AppError('NotFound');
    const attempt = await enrolAttempt(request);
    if (!attempt) return reply.redirect('/first-visit', 303);
    const label = labelOf(request.query.device);
    return reply.page(
      request.t('identity.passkey.registerTitle'),
      <PasskeyRegisterPage
        t={request.t}
        scripts={scripts}
        screen={{
          mode: 'register',
          label,
          csrfToken: reply.csrfToken(),
          optionsUrl: '/first-visit/passkey/options',
          verifyUrl: '/first-visit/passkey/verify',
        }}
      />,
    );
  });
  registration(
    '/first-visit/passkey',
    enrolAttempt,
    enrolAttempt,
    (label) => `/logon/passkey?device=${label}&done=enrolled`,
  );

  // "Link a device": only shortly after the person proved again that they hold a device. Asking
  // for options starts the linking (a POST: showing the page changes nothing).
  const startLinking = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = ctxOf(deps, request);
    const current = request.current;
    if (!current || !canLinkDevice(ctx, current)) return undefined;
    const { token, attempt } = await startAttempt(ctx, 'link', current.person.id);
    setAttemptCookie(deps, reply, token);
    return attempt;
  };
  const linkAttempt = async (request: FastifyRequest) => {
    const current = request.current;
    if (!current || !canLinkDevice(ctxOf(deps, request), current)) return undefined;
    const attempt = await attemptOf(request);
    return attempt?.purpose === 'link' && attempt.personId === current.person.id ? attempt : undefined;
  };

  app.get<{ Querystring: { device?: string } }>(
    '/devices/passkey',
    { preHandler: requireSession },
    async (request, reply) => {
      if (!canLinkDevice(ctxOf(deps, request), request.current!)) return reply.redirect('/devices', 303);
      return reply.page(
        request.t('identity.passkey.registerTitle'),
        <PasskeyRegisterPage
          t={request.t}
          scripts={scripts}
          screen={{
            mode: 'register',
            label: labelOf(request.query.device),
            csrfToken: reply.csrfToken(),
            optionsUrl: '/devices/passkey/options',
            verifyUrl: '/devices/passkey/verify',
          }}
        />,
      );
    },
  );
  registration('/devices/passkey', startLinking, linkAttempt, () => '/devices?done=added');
}
