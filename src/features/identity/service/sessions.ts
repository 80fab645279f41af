import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { generateToken, hashToken, sessionIsLive } from '../rules.ts';
import {
  type DeviceRow,
  endSessions,
  findSessionWithOwner,
  insertSession,
  type PersonRow,
  type SessionRow,
  touchSession,
  updateDevice,
  updateSession,
} from '../store.ts';
import type { IdentityCtx } from './context.ts';

export type CurrentSession = { session: SessionRow; person: PersonRow; device: DeviceRow };

/**
 * Opens a session for a person who has just proved they hold `device`. The token is new at
 * every log on (no fixation) and only its hash is stored. Returns the token for the cookie.
 */
export async function openSession(
  ctx: IdentityCtx,
  device: DeviceRow,
  how: string,
): Promise<{ token: string; session: SessionRow }> {
  const now = nowOf(ctx);
  const token = generateToken();
  const session = await insertSession(ctx.db, {
    tokenHash: hashToken(token),
    personId: device.personId,
    deviceId: device.id,
    createdAt: now,
    lastSeenAt: now,
    reauthenticatedAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.session.maxHours * 3_600_000),
  });
  await updateDevice(ctx.db, device.id, { lastUsedAt: now });
  await audit(ctx.db, {
    action: 'logon',
    personId: device.personId,
    deviceId: device.id,
    certificateNumber: device.certificateNumber,
    ip: ctx.ip,
    detail: { how },
  });
  return { token, session };
}

// Writing last_seen_at on every request would cost a write per page; a minute's precision is enough.
const TOUCH_EVERY_MS = 60_000;

/** The live session of a cookie token, or undefined (unknown, ended, idle too long, expired, revoked device). */
export async function resolveSession(
  ctx: IdentityCtx,
  token: string | undefined,
): Promise<CurrentSession | undefined> {
  if (!token || token.length > 100) return undefined;
  const found = await findSessionWithOwner(ctx.db, hashToken(token));
  if (!found) return undefined;
  const now = nowOf(ctx);
  if (found.device.revokedAt || !sessionIsLive(found.session, now, ctx.config.session.idleMinutes))
    return undefined;
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await touchSession(ctx.db, found.session.id, now);
  }
  return found;
}

/** Log out of this session. */
export async function logOut(ctx: IdentityCtx, current: CurrentSession): Promise<void> {
  await endSessions(ctx.db, { id: current.session.id }, 'logout');
  await audit(ctx.db, {
    action: 'logout',
    personId: current.person.id,
    deviceId: current.device.id,
    certificateNumber: current.device.certificateNumber,
    ip: ctx.ip,
  });
}

/** Log out of every session of the person, on every browser. */
export async function logOutEverywhere(ctx: IdentityCtx, current: CurrentSession): Promise<number> {
  const ended = await endSessions(ctx.db, { personId: current.person.id }, 'logout_all');
  await audit(ctx.db, {
    action: 'logout.all',
    personId: current.person.id,
    deviceId: current.device.id,
    certificateNumber: current.device.certificateNumber,
    ip: ctx.ip,
    detail: { sessions: ended },
  });
  return ended;
}

/** Keeps the eSpace chosen with "Change eSpace" in the session (null: no eSpace selected). */
export async function setSessionSpace(
  ctx: IdentityCtx,
  sessionId: string,
  spaceId: string | null,
): Promise<void> {
  await updateSession(ctx.db, sessionId, { selectedSpaceId: spaceId });
}
