import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuleError, ruleMessage } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { idParams } from '../../platform/http/input.ts';
import { requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { answersToCheck } from './service/check.ts';
import { transmit } from './service/transmit.ts';
import { slipPublicKeys, verifySlip } from './service/verify.ts';
import { CheckPage } from './views/check.tsx';
import { VERIFY_INPUT_MAX, VerifyPage } from './views/verify.tsx';

type IdParams = { Params: { id: string } };
type CheckQuery = { Querystring: { changed?: unknown } };
type TransmitBody = { Body: { approved?: unknown; revision?: unknown } | undefined };

/** The steps `?changed=a,b` names (after a move to a newer version); anything else is ignored. */
const changedOf = (value: unknown): string[] =>
  typeof value === 'string' ? value.split(',').slice(0, 100) : [];

/** A revision as posted, or undefined when it is not one (transmission then checks nothing about it). */
function revisionOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The token of a slip's QR code, from the token itself or from the whole address pasted. */
function tokenOf(typed: string): string {
  const text = typed.trim();
  if (!text.includes('token=')) return text;
  try {
    return new URL(text, 'http://slip.invalid').searchParams.get('token') ?? '';
  } catch {
    return '';
  }
}

/**
 * "Check your answers" and "Transmit" (issue 14, point 7), the public `/verify` page that checks
 * a transmission slip, and the public keys that let anyone check one offline.
 */
export function transmitRoutes(app: FastifyInstance, deps: AppDeps): void {
  const jwksUrl = `${deps.config.baseUrl}/.well-known/jwks.json`;

  /** The check page of a draft; a procedure no longer in preparation goes to its detail. */
  const checkPage = async (
    request: FastifyRequest<IdParams & CheckQuery>,
    reply: FastifyReply,
    failure: { errors?: Record<string, string>; message?: string; status: number } = { status: 200 },
  ) => {
    const draft = await answersToCheck(spaceCtxOf(deps, request), request.space!.space.id, request.params.id);
    if (draft.status !== 'draft') return reply.redirect(`/procedures/${draft.procedure.id}`, 303);
    const known = new Set(draft.steps.map((s) => s.step.id));
    const changed = new Set(changedOf(request.query?.changed).filter((id) => known.has(id)));
    return reply.page(
      request.t('procedures.check.title'),
      <CheckPage
        t={request.t}
        lang={request.lang}
        csrfToken={reply.csrfToken()}
        draft={draft}
        changed={changed}
        errors={failure.errors}
        message={failure.message}
      />,
      failure.status,
    );
  };

  app.get<IdParams & CheckQuery>(
    '/procedures/:id/check',
    { preHandler: requireSpace, schema: { params: idParams } },
    (request, reply) => checkPage(request, reply),
  );

  // Idempotent twice over: the form's one-time token makes a double click or a reload one post,
  // and the service's row lock makes two tabs or two members one transmission.
  app.post<IdParams & CheckQuery & TransmitBody>(
    '/procedures/:id/transmit',
    { preHandler: requireSpace, schema: { params: idParams }, config: { idempotent: true } },
    async (request, reply) => {
      const { id } = request.params;
      if (request.body?.approved !== 'yes') {
        const errors = { approved: request.t('procedures.transmit.notApproved') };
        return checkPage(request, reply, { errors, status: 400 });
      }
      try {
        const outcome = await transmit(spaceCtxOf(deps, request), request.space!.space.id, id, {
          revision: revisionOf(request.body.revision),
        });
        if (outcome.status === 'incomplete')
          return checkPage(request, reply, {
            message: request.t('procedures.transmit.incomplete'),
            status: 409,
          });
        return reply.redirect(`/procedures/${id}${outcome.already ? '' : '?done=transmitted'}`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        // The draft is kept as it was: the page says why, with the answers as they are now.
        return checkPage(request, reply, { message: ruleMessage(request.t, error), status: 409 });
      }
    },
  );

  // A public page, and the target of every slip's QR code. Checking costs a signature check and a
  // read: it is held to a tighter rate than the portal's pages.
  app.get<{ Querystring: { token?: unknown } }>(
    '/verify',
    {
      config: {
        rateLimit: { max: Math.max(10, Math.ceil(deps.config.rateLimitMax / 10)), timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const typed =
        typeof request.query?.token === 'string' ? request.query.token.slice(0, VERIFY_INPUT_MAX) : undefined;
      const token = typed === undefined ? undefined : tokenOf(typed);
      const verdict = token ? await verifySlip({ db: deps.database.db }, token) : undefined;
      return reply.page(
        request.t('procedures.verify.title'),
        <VerifyPage
          t={request.t}
          lang={request.lang}
          typed={typed ?? ''}
          verdict={verdict}
          empty={typed !== undefined && !token}
          jwksUrl={jwksUrl}
        />,
        typed !== undefined && !token ? 400 : 200,
      );
    },
  );

  // The public keys that sign slips (RFC 7517): a key is added at most at a restart, and old ones
  // stay to verify what they signed, so an hour of caching loses nothing.
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply
      .type('application/jwk-set+json')
      .header('cache-control', 'public, max-age=3600')
      .send(JSON.stringify(await slipPublicKeys({ db: deps.database.db }))),
  );
}
