import { nowOf } from '../../../platform/clock.ts';
import { generateDisplayId, generateToken, hashToken, LOGON_ATTEMPT_MINUTES } from '../rules.ts';
import { type AttemptRow, findOpenAttempt, findPerson, insertAttempt, type PersonRow } from '../store.ts';
import type { IdentityCtx } from './context.ts';

export const ATTEMPT_COOKIE = 'logon';

/**
 * Starts a log on (or the linking of a new device): it gets the session identifier the person
 * sees on every step, and a random token kept in the `logon` cookie.
 */
export async function startAttempt(
  ctx: IdentityCtx,
  purpose: AttemptRow['purpose'] = 'logon',
  personId?: string,
): Promise<{ token: string; attempt: AttemptRow }> {
  const now = nowOf(ctx);
  const token = generateToken();
  const attempt = await insertAttempt(ctx.db, {
    tokenHash: hashToken(token),
    displayId: generateDisplayId(),
    purpose,
    personId: personId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LOGON_ATTEMPT_MINUTES * 60_000),
  });
  return { token, attempt };
}

/** The log on in progress behind a cookie token, if it is still open. */
export async function findAttempt(
  ctx: IdentityCtx,
  token: string | undefined,
): Promise<AttemptRow | undefined> {
  if (!token || token.length > 100) return undefined;
  return findOpenAttempt(ctx.db, { tokenHash: hashToken(token) }, nowOf(ctx));
}

/** The person an enrolment or a linking attempt is for, if it names one. */
export async function personOfAttempt(
  ctx: IdentityCtx,
  attempt: AttemptRow | undefined,
): Promise<PersonRow | undefined> {
  return attempt?.personId ? findPerson(ctx.db, attempt.personId) : undefined;
}
