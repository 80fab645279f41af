import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { NotificationEvent } from '../../notifications/events.ts';
import { notify } from '../../notifications/service.ts';
import { actorOf, notifiedSpace, type SpaceAccess, type SpaceCtx, spaceFor } from '../../spaces/service.ts';
import { findScope, type ScopeWithAdministration } from '../store.ts';

/**
 * What the certification use cases of an eSpace share: the business eSpace and the scope they
 * work on, the audit trail's who, and rule 11's notifications.
 */

export const nowOf = (ctx: SpaceCtx) => ctx.now ?? new Date();

/** The business eSpace for an action; a private eSpace has no certifications ("not found"). */
export async function businessSpaceFor(
  ctx: SpaceCtx,
  spaceId: string,
  action: 'consult' | 'certifications.manage',
): Promise<SpaceAccess> {
  const access = await spaceFor(ctx, { spaceId }, action);
  if (access.space.kind !== 'business') throw new AppError('NotFound');
  return access;
}

export async function scopeOf(ctx: SpaceCtx, scopeCode: string): Promise<ScopeWithAdministration> {
  const scope = await findScope(ctx.db, { code: scopeCode });
  if (!scope) throw new AppError('NotFound');
  return scope;
}

export const trailOf = (ctx: SpaceCtx, spaceId: string) => ({
  personId: ctx.current.person.id,
  deviceId: ctx.current.device.id,
  certificateNumber: ctx.current.device.certificateNumber,
  spaceId,
  ip: ctx.ip,
});

/** Rule 11 for a certification event of the eSpace the person works in. */
export function tell(
  ctx: SpaceCtx,
  db: Db,
  access: SpaceAccess,
  event: NotificationEvent,
  params: Record<string, string>,
): Promise<void> {
  const actor = actorOf(ctx, access.membership);
  return notify(
    { ...ctx, db },
    { space: notifiedSpace(access.space), event, params: { ...params, actor: actor.name }, actor },
  );
}
