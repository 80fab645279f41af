import { audit } from '../../platform/audit.ts';
import { inTransaction } from '../../platform/db.ts';
import { AppError, RuleError } from '../../platform/errors.ts';
import { cursorsOf, pageAtOf } from '../../platform/keyset.ts';
import type { NotificationEvent } from '../notifications/events.ts';
import { notify } from '../notifications/service.ts';
import { isRole, type Role } from '../spaces/permissions.ts';
import {
  accessSpace,
  actorOf,
  auditOf,
  businessSpaceFor,
  changeMembership,
  endMembership,
  lockSpaceForChange,
  notifiedSpace,
  type SpaceCtx,
} from '../spaces/service.ts';
import { memberEvents } from './events.ts';
import { countActiveAdministrators, findMember, listUsers, type MemberWithPerson } from './store.ts';

/** The rows the members pages show. */
export type { InvitationRow, MemberWithPerson, UserLine } from './store.ts';

/** Users of business eSpaces: invitations by certificate number, roles, and the rule of one Administrator at least. */

export const PAGE_SIZE = 25;

/** One page of the Users tab (every member may read it: rule 9). */
export async function usersPage(
  ctx: SpaceCtx,
  spaceId: string,
  options: { search?: string; page: number; after?: unknown; before?: unknown },
) {
  await businessSpaceFor(ctx, spaceId, 'consult');
  const page = Math.max(1, options.page);
  const { lines, total } = await listUsers(ctx.db, spaceId, {
    search: options.search,
    limit: PAGE_SIZE,
    at: pageAtOf(options, page, PAGE_SIZE),
  });
  const administrators = await countActiveAdministrators(ctx.db, spaceId);
  const cursors = cursorsOf(lines, (line) => ({ key: line.sortName, id: line.id }));
  return { lines, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), cursors, administrators };
}

/** While a single Administrator is left, the portal recommends a second one (rule 8). */
export async function activeAdministrators(ctx: SpaceCtx, spaceId: string): Promise<number> {
  return countActiveAdministrators(ctx.db, spaceId);
}

type MemberChange =
  | { kind: 'role'; role: Role }
  | { kind: 'deactivate' }
  | { kind: 'reactivate' }
  | { kind: 'remove' }
  | { kind: 'leave' };

const eventOf: Record<MemberChange['kind'], NotificationEvent> = {
  role: memberEvents['member.role_changed'],
  deactivate: memberEvents['member.deactivated'],
  reactivate: memberEvents['member.reactivated'],
  remove: memberEvents['member.removed'],
  leave: memberEvents['member.left'],
};

/** Whether a change would take away an active Administrator. */
const losesAdministrator = (member: MemberWithPerson, change: MemberChange) =>
  member.role === 'administrator' &&
  member.status === 'active' &&
  (change.kind === 'deactivate' ||
    change.kind === 'remove' ||
    change.kind === 'leave' ||
    (change.kind === 'role' && change.role !== 'administrator'));

/**
 * Changes a member (role, deactivate, reactivate, remove) or lets a person leave. There is always
 * an active Administrator left (rule 8): checked under the eSpace's row lock, so two concurrent
 * demotions of the only two Administrators leave one.
 */
export async function changeMember(
  ctx: SpaceCtx,
  spaceId: string,
  membershipId: string | undefined,
  change: MemberChange,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // Lock first, then read who may do what: a concurrent change is seen in full or not at all.
    await lockSpaceForChange(txCtx, spaceId);
    const access =
      change.kind === 'leave'
        ? await accessSpace(txCtx, { spaceId })
        : await businessSpaceFor(txCtx, spaceId, 'members.manage');
    if (access.space.kind !== 'business') throw new AppError('NotFound');
    if (change.kind === 'role' && !isRole(change.role)) throw new RuleError('RoleInvalid');
    const member = await findMember(
      tx,
      spaceId,
      change.kind === 'leave' ? { personId: ctx.current.person.id } : { id: membershipId ?? '' },
    );
    if (!member) throw new AppError('NotFound');
    if (
      losesAdministrator(member, change) &&
      (await countActiveAdministrators(tx, spaceId, member.id)) === 0
    ) {
      throw new RuleError('LastAdministrator');
    }
    if (change.kind === 'role') {
      if (change.role === member.role) return;
      await changeMembership({ ...ctx, db: tx }, member.id, { role: change.role });
    } else if (change.kind === 'deactivate' || change.kind === 'reactivate') {
      const status = change.kind === 'deactivate' ? 'deactivated' : 'active';
      if (member.status === status) return;
      await changeMembership({ ...ctx, db: tx }, member.id, { status });
    } else {
      await endMembership({ ...ctx, db: tx }, member.id);
    }
    const user = `${member.firstName} ${member.surname}`;
    await audit(tx, {
      action: eventOf[change.kind].key,
      ...auditOf(ctx, spaceId),
      detail: {
        member: member.id,
        user,
        ...(change.kind === 'role' ? { from: member.role, to: change.role } : {}),
      },
    });
    const actor = actorOf(ctx, access.membership);
    await notify(txCtx, {
      space: notifiedSpace(access.space),
      event: eventOf[change.kind],
      params: { actor: actor.name, user, ...(change.kind === 'role' ? { role: change.role } : {}) },
      actor,
    });
  });
}

/** A member of the eSpace, for an Administrator's management page. */
export async function memberFor(
  ctx: SpaceCtx,
  spaceId: string,
  membershipId: string,
): Promise<MemberWithPerson> {
  await businessSpaceFor(ctx, spaceId, 'members.manage');
  const member = await findMember(ctx.db, spaceId, { id: membershipId });
  if (!member) throw new AppError('NotFound');
  return member;
}
