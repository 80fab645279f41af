import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app.tsx';
import { cookieOptions } from '../../platform/http/cookies.ts';
import { safeLocalPath } from '../../platform/http/local-path.ts';
import { mailboxEnabled } from '../../platform/mail/routes.tsx';
import { type FieldErrors, fieldErrorsOf } from '../../platform/views/forms.tsx';
import {
  clearSessionCookie,
  ctxOf,
  requireSession,
  type SessionOpened,
  sessionCookie,
  setAttemptCookie,
  setSessionCookie,
  viewerOf,
} from './http.ts';
import { LOGON_ATTEMPT_MINUTES, TOKEN_LOGON_LIMITS } from './rules.ts';
import { ATTEMPT_COOKIE, findAttempt, startAttempt } from './service/attempts.ts';
import { verifyOtpLogon } from './service/otp.ts';
import { logOut, logOutEverywhere, openSession, resolveSession } from './service/sessions.ts';
import { type AttemptRow, consumeAttempt, type DeviceRow, findPerson } from './store.ts';
import { LogonPage, TokenPage } from './views/logon.tsx';

const tokenLogonForm = z.object({
  login: z.string().min(1).max(TOKEN_LOGON_LIMITS.login),
  password: z.string().min(1).max(TOKEN_LOGON_LIMITS.password),
  code: z.string().min(1).max(TOKEN_LOGON_LIMITS.code),
});

/**
 * Where the person was going when asked to log on: kept by their browser for the time of a log
 * on, so that showing the log on page writes nothing, and read once by whichever method ends it.
 */
const NEXT_COOKIE = 'logon_next';

const skipSession = (url: string) => url.startsWith('/assets/') || url === '/healthz' || url === '/metrics';

/**
 * The log on attempt of this browser, started if there is none: it carries the session
 * identifier shown on every step.
 */
export async function ensureAttempt(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const ctx = ctxOf(deps, request);
  const existing = await findAttempt(ctx, request.cookies[ATTEMPT_COOKIE]);
  if (existing) return existing;
  const { token, attempt } = await startAttempt(ctx);
  setAttemptCookie(deps, reply, token);
  return attempt;
}

/**
 * Ends a successful log on, whatever the device: the attempt is used once (a replayed
 * proof is refused), a new session token is issued, and the person goes where they were going.
 */
export async function completeLogon(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  device: DeviceRow,
  how: string,
  attempt: AttemptRow,
): Promise<FastifyReply> {
  const next = await openLogonSession(deps, request, reply, device, how, attempt);
  return reply.redirect(next ?? '/logon', 303);
}

/**
 * What `completeLogon` does, without answering: returns where the person goes next, or
 * undefined when the attempt was already used (a replay). For answers that are not redirects.
 */
export async function openLogonSession(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  device: DeviceRow,
  how: string,
  attempt: AttemptRow,
): Promise<string | undefined> {
  const ctx = ctxOf(deps, request);
  if (!(await consumeAttempt(ctx.db, attempt.id))) return undefined;
  const next = safeLocalPath(request.cookies[NEXT_COOKIE], deps.config.baseUrl);
  reply.clearCookie(NEXT_COOKIE, cookieOptions(deps.config));
  // A previous session in this browser is ended: one browser, one session.
  const previous = request.current;
  if (previous) await logOut(ctx, previous);
  const { token, session } = await openSession(ctx, device, how);
  const person = await findPerson(ctx.db, device.personId);
  if (person)
    for (const listener of request.server.sessionOpened) await listener(request, { session, person, device });
  setSessionCookie(deps, reply, token);
  return next;
}

export function identityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('current', undefined);
  app.decorate('sessionOpened', [] as SessionOpened[]);
  app.addHook('onRequest', async (request) => {
    if (skipSession(request.url)) return;
    const token = request.cookies[sessionCookie(deps.config)];
    if (!token) return;
    const current = await resolveSession(ctxOf(deps, request), token);
    if (current) {
      request.current = current;
      request.viewer = viewerOf(current);
      request.actorId = current.person.id;
    }
  });

  app.get<{ Querystring: { next?: string; done?: string } }>('/logon', async (request, reply) => {
    const attempt = await ensureAttempt(deps, request, reply);
    if (request.query.next) {
      reply.setCookie(NEXT_COOKIE, safeLocalPath(request.query.next, deps.config.baseUrl), {
        ...cookieOptions(deps.config),
        maxAge: LOGON_ATTEMPT_MINUTES * 60,
      });
    }
    const done = request.query.done;
    const message =
      done === 'logout'
        ? request.t('identity.logon.loggedOut')
        : done === 'logout-all'
          ? request.t('identity.logon.loggedOutAll')
          : undefined;
    return reply.page(
      request.t('identity.logon.title'),
      <LogonPage
        t={request.t}
        displayId={attempt.displayId}
        demo={deps.config.mode === 'demo'}
        mailbox={mailboxEnabled(deps.config)}
        oidcLabel={deps.config.oidc?.label}
        message={message}
      />,
    );
  });

  app.get('/logon/token', async (request, reply) => {
    const attempt = await ensureAttempt(deps, request, reply);
    return reply.page(
      request.t('identity.token.title'),
      <TokenPage t={request.t} displayId={attempt.displayId} csrfToken={reply.csrfToken()} />,
    );
  });

  app.post<{ Body: { login?: string; password?: string; code?: string } }>(
    '/logon/token',
    async (request, reply) => {
      const t = request.t;
      const body = request.body ?? {};
      const login = String(body.login ?? '').trim();
      const password = String(body.password ?? '');
      const code = String(body.code ?? '').trim();
      const attempt = await ensureAttempt(deps, request, reply);
      const parsed = tokenLogonForm.safeParse({ login, password, code });
      const errors: FieldErrors = parsed.success
        ? {}
        : fieldErrorsOf(t, parsed.error.issues, {
            label: (field) => t(`identity.token.${field}`),
            message: (field) => t(`identity.token.${field}Required`),
          });
      const again = (status: number, message?: string) =>
        reply.page(
          t('identity.token.title'),
          <TokenPage
            t={t}
            displayId={attempt.displayId}
            csrfToken={reply.csrfToken()}
            values={{ login }}
            errors={errors}
            message={message}
          />,
          status,
        );
      if (Object.keys(errors).length > 0) return again(400);
      const result = await verifyOtpLogon(ctxOf(deps, request), { login, password, code });
      if (!result.ok) {
        return again(result.reason === 'throttled' ? 429 : 401, t(`identity.token.${result.reason}`));
      }
      return completeLogon(deps, request, reply, result.device, 'otp', attempt);
    },
  );

  app.post('/logout', { preHandler: requireSession }, async (request, reply) => {
    await logOut(ctxOf(deps, request), request.current!);
    clearSessionCookie(deps, reply);
    return reply.redirect('/logon?done=logout', 303);
  });

  app.post('/logout/all', { preHandler: requireSession }, async (request, reply) => {
    await logOutEverywhere(ctxOf(deps, request), request.current!);
    clearSessionCookie(deps, reply);
    return reply.redirect('/logon?done=logout-all', 303);
  });
}
