import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import type { SpaceAccess, SpaceCtx } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The eSpace selected in the session, when the person may still use it (set by the spaces hook). */
    space: SpaceAccess | undefined;
  }
}

/**
 * The use-case context of a logged-on request. A page (GET) reuses the selected eSpace the hook
 * has just checked; a change (POST) checks again, inside its own transaction.
 */
export function spaceCtxOf(deps: AppDeps, request: FastifyRequest): SpaceCtx {
  const selected = request.method === 'GET' ? request.space : undefined;
  return { ...ctxOf(deps, request), current: request.current!, selected };
}

/** Route guard: the page works in the selected eSpace; without one, the person chooses first (rule 4). */
export async function requireSpace(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.current) {
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    await reply.redirect(`/logon${next}`, 303);
  } else if (!request.space) {
    await reply.redirect('/spaces?notice=select', 303);
  }
}

/** A page number from the query string (1 when absent or nonsense). */
export const pageOf = (value: unknown): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : 1;
};
