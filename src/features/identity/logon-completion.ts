import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import { cookieOptions } from '../../platform/http/cookies.ts';
import { safeLocalPath } from '../../platform/http/local-path.ts';
import { setAttemptCookie, setSessionCookie } from './http.ts';
import { LOGON_ATTEMPT_MINUTES } from './rules.ts';
import { ATTEMPT_COOKIE, findAttempt, startAttempt } from './service/attempts.ts';
import type { AttemptRow, DeviceRow } from './service/context.ts';
import { completeLogonSession } from './service/logon.ts';

/**
 * The HTTP side of a log on, shared by every method (token, passkey, certificate, identity
 * provider): the attempt cookie, where the person was going, the session cookie.
 */

/**
 * Where the person was going when asked to log on: kept by their browser for the time of a log
 * on, so that showing the log on page writes nothing, and read once by whichever method ends it.
 */
const NEXT_COOKIE = 'logon_next';

/** What ends a log on: the device the person proved they hold, how, in which attempt. */
export type LogonProof = { device: DeviceRow; how: string; attempt: AttemptRow };

/** Keeps where the person was going (a local path only) until the log on ends. */
export function rememberNext(deps: AppDeps, reply: FastifyReply, next: string): void {
  reply.setCookie(NEXT_COOKIE, safeLocalPath(next, deps.config.baseUrl), {
    ...cookieOptions(deps.config),
    maxAge: LOGON_ATTEMPT_MINUTES * 60,
  });
}

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
 * Ends a successful log on and sends the person where they were going (the log on page again
 * when the attempt was already used: a replayed proof opens nothing).
 */
export async function completeLogon(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  proof: LogonProof,
): Promise<FastifyReply> {
  const next = await openLogonSession(deps, request, reply, proof);
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
  proof: LogonProof,
): Promise<string | undefined> {
  const opened = await completeLogonSession(ctxOf(deps, request), { ...proof, previous: request.current });
  if (!opened) return undefined;
  const next = safeLocalPath(request.cookies[NEXT_COOKIE], deps.config.baseUrl);
  reply.clearCookie(NEXT_COOKIE, cookieOptions(deps.config));
  const { session, person } = opened;
  if (person)
    for (const listener of request.server.sessionOpened)
      await listener(request, { session, person, device: proof.device });
  setSessionCookie(deps, reply, opened.token);
  return next;
}
