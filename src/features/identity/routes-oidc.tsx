import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import type { T } from '../../platform/i18n/index.ts';
import { completeLogon, ensureAttempt } from './logon-completion.ts';
import { ATTEMPT_COOKIE, findAttempt } from './service/attempts.ts';
import {
  attemptMatchesState,
  failOidcLogon,
  finishOidcLogon,
  OIDC_CALLBACK_PATH,
  type OidcFailure,
  OidcLogonError,
  startOidcLogon,
} from './service/oidc.ts';

function OidcErrorPage({ t, reason, name }: { t: T; reason: OidcFailure; name: string }) {
  return (
    <section class="narrow">
      <h1>{t('identity.oidc.errorTitle')}</h1>
      <p>{t(`identity.oidc.errors.${reason}`, { name })}</p>
      <p>
        <a href="/logon">{t('identity.oidc.backToLogon')}</a>
      </p>
    </section>
  );
}

/** Log on through the external OpenID Connect provider of OIDC_ISSUER (authorization code + PKCE). */
export function oidcRoutes(app: FastifyInstance, deps: AppDeps): void {
  const failed = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof OidcLogonError)) throw error;
    const status = error.reason === 'unavailable' ? 503 : 400;
    return reply.page(
      request.t('identity.oidc.errorTitle'),
      <OidcErrorPage t={request.t} reason={error.reason} name={deps.config.oidc?.label ?? ''} />,
      status,
    );
  };

  app.get('/logon/oidc', async (request, reply) => {
    if (!deps.config.oidc) throw new AppError('NotFound');
    const attempt = await ensureAttempt(deps, request, reply);
    try {
      const url = await startOidcLogon(ctxOf(deps, request), attempt);
      return reply.redirect(url.href, 303);
    } catch (error) {
      return failed(request, reply, error);
    }
  });

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>(
    OIDC_CALLBACK_PATH,
    async (request, reply) => {
      if (!deps.config.oidc) throw new AppError('NotFound');
      const ctx = ctxOf(deps, request);
      const { state, error } = request.query;
      const attempt = await findAttempt(ctx, request.cookies[ATTEMPT_COOKIE]);
      // Only the browser that started the flow, with the state it was given, may finish it.
      const matches = attemptMatchesState(attempt, typeof state === 'string' ? state : undefined);
      try {
        if (error !== undefined) {
          return await failOidcLogon(ctx, matches ? attempt : undefined, 'provider', String(error));
        }
        if (!matches || !attempt) return await failOidcLogon(ctx, undefined, 'state');
        const currentUrl = new URL(request.url, deps.config.baseUrl);
        const device = await finishOidcLogon(ctx, attempt, currentUrl);
        return completeLogon(deps, request, reply, { device, how: 'oidc', attempt });
      } catch (failure) {
        return failed(request, reply, failure);
      }
    },
  );
}
