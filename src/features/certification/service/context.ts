import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { NotificationEvent } from '../../notifications/events.ts';
import { notify } from '../../notifications/service.ts';
import { actorOf, notifiedSpace, type SpaceAccess, type SpaceCtx } from '../../spaces/service.ts';
import { findScope, type ScopeWithAdministration } from '../store.ts';

/** The rows certification's use cases hand to pages. */
export type { AdministrationRow, CodeLine, EntityRow, ScopeWithAdministration } from '../store.ts';
export type { AgentLine, MandateLine, ScopeOverview } from '../store-mandates.ts';

/**
 * What the certification use cases of an eSpace share: the business eSpace and the scope they
 * work on, the audit trail's who, and rule 11's notifications.
 */

export async function scopeOf(ctx: SpaceCtx, scopeCode: string): Promise<ScopeWithAdministration> {
  const scope = await findScope(ctx.db, { code: scopeCode });
  if (!scope) throw new AppError('NotFound');
  return scope;
}

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
