import { nowOf } from '../../../platform/clock.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { generateToken, hashToken } from '../rules.ts';
import {
  type AttemptRow,
  type DeviceRow,
  findActiveDevice,
  findOpenAttempt,
  updateAttempt,
} from '../store.ts';
import type { IdentityCtx } from './context.ts';

/**
 * A certificate log on crosses two listeners: the TLS listener sees the certificate, the portal
 * opens the session. A one-time ticket, stored hashed on the attempt, carries the device across.
 */

/** The open log on attempt the TLS listener was sent to, or undefined (unknown, used, expired, not a log on). */
export async function openLogonAttempt(ctx: IdentityCtx, attemptId: string): Promise<AttemptRow | undefined> {
  if (!isUuid(attemptId)) return undefined;
  const attempt = await findOpenAttempt(ctx.db, { id: attemptId }, nowOf(ctx));
  return attempt?.purpose === 'logon' ? attempt : undefined;
}

/** Notes on the attempt the certificate device the listener verified; returns the ticket for the browser. */
export async function issueCertificateTicket(
  ctx: IdentityCtx,
  attempt: AttemptRow,
  device: DeviceRow,
): Promise<string> {
  const ticket = generateToken();
  await updateAttempt(ctx.db, attempt.id, { ticketHash: hashToken(ticket), ticketDeviceId: device.id });
  return ticket;
}

/**
 * The attempt and certificate device behind a ticket, when the browser's own attempt (`mine`) is
 * that attempt: only the browser that started the log on may finish it with the ticket.
 */
export async function redeemCertificateTicket(
  ctx: IdentityCtx,
  ticket: string,
  mine: AttemptRow | undefined,
): Promise<{ attempt: AttemptRow; device: DeviceRow } | undefined> {
  if (!ticket || ticket.length > 100 || !mine) return undefined;
  const attempt = await findOpenAttempt(ctx.db, { ticketHash: hashToken(ticket) }, nowOf(ctx));
  if (!attempt || attempt.id !== mine.id || !attempt.ticketDeviceId) return undefined;
  const device = await findActiveDevice(ctx.db, { id: attempt.ticketDeviceId });
  return device?.kind === 'certificate' ? { attempt, device } : undefined;
}
