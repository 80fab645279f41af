import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { formatCertificateNumber } from './rules.ts';
import { ATTEMPT_COOKIE } from './service/attempts.ts';
import type { IdentityCtx } from './service/context.ts';
import { type CurrentSession, SESSION_COOKIE } from './service/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session of the request, if any (set by the identity feature's hook). */
    current: CurrentSession | undefined;
  }
}

/** The use-case context of a request. */
export function ctxOf(deps: AppDeps, request: FastifyRequest): IdentityCtx {
  return { db: deps.database.db, config: deps.config, ip: request.ip };
}

const cookieBase = (request: FastifyRequest) =>
  ({ path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' }) as const;

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieBase(request));
  reply.clearCookie(ATTEMPT_COOKIE, { path: '/' });
}

export function setAttemptCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(ATTEMPT_COOKIE, token, { ...cookieBase(request), maxAge: 15 * 60 });
}

export function viewerOf(current: CurrentSession) {
  return {
    name: `${current.person.firstName} ${current.person.surname}`,
    certificateNumber: formatCertificateNumber(current.device.certificateNumber),
  };
}

/** Route guard: the page needs a logged-on person; others are sent to log on and come back. */
export async function requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.current) {
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    await reply.redirect(`/logon${next}`, 303);
  }
}
