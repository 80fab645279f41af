import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { cookieOptions, servedOverHttps } from '../../platform/http/cookies.ts';
import { formatCertificateNumber } from './rules.ts';
import { ATTEMPT_COOKIE } from './service/attempts.ts';
import type { CurrentSession } from './service/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session of the request, if any (set by the identity feature's hook). */
    current: CurrentSession | undefined;
  }
  interface FastifyInstance {
    /** What other features do when a log on opens a session (the spaces feature registers one). */
    sessionOpened: SessionOpened[];
  }
}

/**
 * Runs in the request of a log on, once its session is open: e.g. the spaces feature makes the
 * person's private eSpace then, so that no page has to create it when it is first shown.
 */
export type SessionOpened = (request: FastifyRequest, current: CurrentSession) => Promise<void>;

/**
 * The session cookie's name: over HTTPS `__Host-sid`, which a browser accepts only with
 * `Secure`, `Path=/` and no `Domain` (no other host of the domain can plant or read it);
 * `sid` on a plain http demo, which cannot have `Secure`.
 */
export const sessionCookie = (config: Pick<Config, 'baseUrl'>): string =>
  servedOverHttps(config) ? '__Host-sid' : 'sid';

export function setSessionCookie(deps: AppDeps, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie(deps.config), token, cookieOptions(deps.config));
  reply.clearCookie(ATTEMPT_COOKIE, cookieOptions(deps.config));
}

export function clearSessionCookie(deps: AppDeps, reply: FastifyReply): void {
  reply.clearCookie(sessionCookie(deps.config), cookieOptions(deps.config));
}

export function setAttemptCookie(deps: AppDeps, reply: FastifyReply, token: string): void {
  reply.setCookie(ATTEMPT_COOKIE, token, { ...cookieOptions(deps.config), maxAge: 15 * 60 });
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
