import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { inTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { REAUTH_MINUTES } from '../rules.ts';
import {
  countActiveDevices,
  endSessions,
  findActiveDevice,
  listDevices,
  lockPerson,
  updateDevice,
} from '../store.ts';
import type { IdentityCtx } from './context.ts';
import type { CurrentSession } from './sessions.ts';

/** The person's devices, revoked ones included (they stay listed for the record). */
export async function myDevices(ctx: IdentityCtx, current: CurrentSession) {
  return listDevices(ctx.db, current.person.id);
}

/** Whether the session proved recently enough that its person holds a device, to link another. */
export function canLinkDevice(ctx: IdentityCtx, current: CurrentSession): boolean {
  const at = current.session.reauthenticatedAt;
  return at !== null && nowOf(ctx).getTime() - at.getTime() < REAUTH_MINUTES * 60_000;
}

export class LastDeviceError extends Error {}

/**
 * Revokes one of the person's own devices (never the last active one) and ends every session
 * opened with it. A device of someone else is "not found".
 */
export async function revokeDevice(
  ctx: IdentityCtx,
  current: CurrentSession,
  deviceId: string,
): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    await lockPerson(db, current.person.id);
    const device = await findActiveDevice(db, { id: deviceId });
    if (!device || device.personId !== current.person.id) throw new AppError('NotFound');
    if ((await countActiveDevices(db, current.person.id)) <= 1) throw new LastDeviceError();
    await updateDevice(db, device.id, { revokedAt: nowOf(ctx) });
    const ended = await endSessions(db, { deviceId: device.id }, 'device_revoked');
    await audit(db, {
      action: 'device.revoked',
      personId: current.person.id,
      deviceId: device.id,
      certificateNumber: device.certificateNumber,
      ip: ctx.ip,
      detail: { sessions: ended, by: current.device.certificateNumber },
    });
  });
}
