import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import { mailboxEnabled } from '../../platform/mail/routes.tsx';
import { type FieldErrors, fieldErrorsOf } from '../../platform/views/forms.tsx';
import { clearSessionCookie, requireSession, type SessionOpened, sessionCookie, viewerOf } from './http.ts';
import { completeLogon, ensureAttempt, rememberNext } from './logon-completion.ts';
import { TOKEN_LOGON_LIMITS } from './rules.ts';
import { verifyOtpLogon } from './service/otp.ts';
import { logOut, logOutEverywhere, resolveSession } from './service/sessions.ts';
import { LogonPage, TokenPage } from './views/logon.tsx';

const tokenLogonForm = z.object({
  login: z.string().min(1).max(TOKEN_LOGON_LIMITS.login),
  password: z.string().min(1).max(TOKEN_LOGON_LIMITS.password),
  code: z.string().min(1).max(TOKEN_LOGON_LIMITS.code),
});

const skipSession = (url: string) => url.startsWith('/assets/') || url === '/healthz' || url === '/metrics';

export function identityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('current', undefined);
  app.decorate('sessionOpened', [] as SessionOpened[]);
  // Not an async hook: a request without a session cookie (a visitor, a static file) passes
  // without the promise and the extra turn of the event loop an async hook costs every request.
  app.addHook('onRequest', (request, _reply, done) => {
    const token = skipSession(request.url) ? undefined : request.cookies[sessionCookie(deps.config)];
    if (!token) return done();
    resolveSession(ctxOf(deps, request), token).then((current) => {
      if (current) {
        request.current = current;
        request.viewer = viewerOf(current);
        request.actorId = current.person.id;
      }
      done();
    }, done);
  });

  app.get<{ Querystring: { next?: string; done?: string } }>('/logon', async (request, reply) => {
    const attempt = await ensureAttempt(deps, request, reply);
    if (request.query.next) {
      rememberNext(deps, reply, request.query.next);
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
      return completeLogon(deps, request, reply, { device: result.device, how: 'otp', attempt });
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
