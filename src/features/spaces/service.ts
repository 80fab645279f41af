import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { inTransaction } from '../../platform/db.ts';
import { AppError, RuleError } from '../../platform/errors.ts';
import { emailAddress } from '../../platform/fields.ts';
import { languages } from '../../platform/i18n/index.ts';
import type { IdentityCtx } from '../identity/service/context.ts';
import type { CurrentSession } from '../identity/service/sessions.ts';
import { setSessionSpace } from '../identity/service/sessions.ts';
import type { Actor, NotifiedSpace } from '../notifications/service.ts';
import { type Action, can } from './permissions.ts';
import { generateSpaceIdentifier, type SpaceKind } from './rules.ts';
import {
  countBusinessSpacesCreatedBy,
  deleteMembership,
  findPrivateSpace,
  findSpace,
  findSpaceWithMembership,
  insertMembership,
  insertSpace,
  listActivity,
  listSpacesOfPerson,
  lockPersonSpaces,
  lockSpace,
  type MembershipRow,
  type SpaceRow,
  type SpaceWithMembership,
  updateMembership,
} from './store.ts';

/** The rows the spaces pages show. */
export type { ActivityLine } from './store.ts';

/**
 * A use case of an eSpace, run for the logged-on person of `current`. `selected` is the selected
 * eSpace as this request already checked it (the spaces hook): asking again for the same eSpace
 * costs no second query.
 */
export type SpaceCtx = IdentityCtx & { current: CurrentSession; selected?: SpaceAccess | undefined };
export type SpaceAccess = SpaceWithMembership;
export type { MembershipRow, SpaceRow };

/**
 * Whether a membership opens the eSpace in a session opened with `deviceId`: active, and, when
 * restricted to a device, only with that device (rule 6's restriction).
 */
export const usableWith = (membership: MembershipRow, deviceId: string): boolean =>
  membership.status === 'active' &&
  (membership.restrictedDeviceId === null || membership.restrictedDeviceId === deviceId);

/** The eSpace, for a member who may use it in this session; anyone else gets "not found". */
export async function accessSpace(
  ctx: SpaceCtx,
  where: { spaceId: string } | { identifier: string },
): Promise<SpaceAccess> {
  const selected = ctx.selected?.space;
  if (
    selected &&
    ('spaceId' in where ? selected.id === where.spaceId : selected.identifier === where.identifier)
  ) {
    return ctx.selected!;
  }
  const found = await findSpaceWithMembership(ctx.db, where, ctx.current.person.id);
  if (!found || !usableWith(found.membership, ctx.current.device.id)) throw new AppError('NotFound');
  return found;
}

/** Refuses an action the member's role does not allow. */
export function authorize(access: SpaceAccess, action: Action): void {
  if (!can(access.membership.role, action)) throw new AppError('Forbidden');
}

/** accessSpace and authorize in one. */
export async function spaceFor(
  ctx: SpaceCtx,
  where: { spaceId: string } | { identifier: string },
  action: Action,
): Promise<SpaceAccess> {
  const access = await accessSpace(ctx, where);
  authorize(access, action);
  return access;
}

/** spaceFor on a business eSpace: a private eSpace has no users nor certifications ("not found"). */
export async function businessSpaceFor(ctx: SpaceCtx, spaceId: string, action: Action): Promise<SpaceAccess> {
  const access = await spaceFor(ctx, { spaceId }, action);
  if (access.space.kind !== 'business') throw new AppError('NotFound');
  return access;
}

/** Who acts, for the audit trail of an eSpace's change. */
export const auditOf = (ctx: SpaceCtx, spaceId: string | null) => ({
  personId: ctx.current.person.id,
  deviceId: ctx.current.device.id,
  certificateNumber: ctx.current.device.certificateNumber,
  spaceId,
  ip: ctx.ip,
});

/** Makes a person a member of an eSpace: where an accepted invitation ends. */
export const addMembership = (ctx: IdentityCtx, values: Parameters<typeof insertMembership>[1]) =>
  insertMembership(ctx.db, values);

/**
 * Changes (role, status) or ends a person's membership of an eSpace: the members feature calls
 * these in its transaction once its rules allow it (never the last active Administrator).
 */
export const changeMembership = (
  ctx: IdentityCtx,
  membershipId: string,
  values: Parameters<typeof updateMembership>[2],
) => updateMembership(ctx.db, membershipId, values);
export const endMembership = (ctx: IdentityCtx, membershipId: string) =>
  deleteMembership(ctx.db, membershipId);

export const spaceById = (ctx: IdentityCtx, spaceId: string) => findSpace(ctx.db, spaceId);

/** Every eSpace a person belongs to, whatever the session (demo data, back office). */
export const spacesOfPerson = (ctx: IdentityCtx, personId: string) => listSpacesOfPerson(ctx.db, personId);

/**
 * Takes the eSpace's row lock until the transaction ends: use cases that must see a stable set
 * of members (the last Administrator rule, answering an invitation) queue behind each other here.
 */
export const lockSpaceForChange = (ctx: IdentityCtx, spaceId: string) => lockSpace(ctx.db, spaceId);

export const notifiedSpace = (space: SpaceRow): NotifiedSpace => ({
  id: space.id,
  name: space.name,
  identifier: space.identifier,
  notificationEmail: space.notificationEmail,
  proceduresLang: space.proceduresLang,
});

export const actorOf = (ctx: SpaceCtx, membership: MembershipRow): Actor => ({
  personId: ctx.current.person.id,
  name: `${ctx.current.person.firstName} ${ctx.current.person.surname}`,
  email: membership.email,
  lang: ctx.current.person.preferredLang,
});

/** Inserts an eSpace under a new identifier (drawn again in the rare case it is taken). */
async function insertWithIdentifier(
  ctx: SpaceCtx,
  kind: SpaceKind,
  values: Omit<Parameters<typeof insertSpace>[1], 'identifier' | 'kind'>,
): Promise<SpaceRow | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const space = await insertSpace(ctx.db, { ...values, kind, identifier: generateSpaceIdentifier(kind) });
    if (space) return space;
    if (kind === 'private' && (await findPrivateSpace(ctx.db, ctx.current.person.id))) return undefined;
  }
  throw new Error('could not draw a free eSpace identifier');
}

/** Every person has exactly one private eSpace (rule 2): made at their first log on. */
export async function ensurePrivateSpace(ctx: SpaceCtx): Promise<SpaceRow> {
  const { person, device } = ctx.current;
  const existing = await findPrivateSpace(ctx.db, person.id);
  if (existing) return existing;
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const space = await insertWithIdentifier(txCtx, 'private', {
      name: `${person.firstName} ${person.surname}`,
      proceduresLang: person.preferredLang,
      createdBy: person.id,
    });
    // Another request made it meanwhile: the unique index kept it single.
    if (!space) return (await findPrivateSpace(tx, person.id))!;
    await insertMembership(tx, {
      spaceId: space.id,
      personId: person.id,
      role: 'administrator',
      email: person.email,
      certificateNumber: device.certificateNumber,
    });
    await audit(tx, { action: 'space.created', ...auditOf(ctx, space.id), detail: { kind: 'private' } });
    return space;
  });
}

export type MySpace = SpaceWithMembership & { usable: boolean };

/**
 * "Manage my eSpaces": the person's eSpaces usable in this session, and deactivated ones (shown,
 * not selectable). A membership restricted to another device is not listed at all.
 */
export async function mySpaces(ctx: SpaceCtx): Promise<MySpace[]> {
  const rows = await listSpacesOfPerson(ctx.db, ctx.current.person.id);
  const deviceId = ctx.current.device.id;
  return rows
    .filter(
      (row) => row.membership.restrictedDeviceId === null || row.membership.restrictedDeviceId === deviceId,
    )
    .map((row) => ({ ...row, usable: usableWith(row.membership, deviceId) }));
}

/** How many business eSpaces the person has set up, as the limit counts them (rule 3). */
export const businessSpacesCreated = (ctx: SpaceCtx): Promise<number> =>
  countBusinessSpacesCreatedBy(ctx.db, ctx.current.person.id);

/** The longest text each field of an eSpace takes: its schema's limit and its input's maxlength. */
export const spaceFieldLimits = { name: 120, companyName: 200, function: 120, phone: 30 } as const;

export const spaceName = z.string().trim().min(1).max(spaceFieldLimits.name);

export const businessSpaceInput = z.object({
  name: spaceName,
  companyName: z.string().trim().min(1).max(spaceFieldLimits.companyName),
  email: emailAddress,
  /** Asked on the form (rule 10), never taken silently from the creator's stored preference. */
  proceduresLang: z.enum(languages),
});
export type BusinessSpaceInput = z.infer<typeof businessSpaceInput>;

/** "Set up a business eSpace" (rule 2): the creator becomes its Administrator; at most N per person (rule 3). */
export async function createBusinessSpace(ctx: SpaceCtx, input: BusinessSpaceInput): Promise<SpaceRow> {
  const { person, device } = ctx.current;
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await lockPersonSpaces(tx, person.id);
    const max = ctx.config.spaces.maxBusiness;
    if ((await businessSpacesCreated(txCtx)) >= max) {
      throw new RuleError('BusinessSpaceLimitReached', { max });
    }
    const space = (await insertWithIdentifier(txCtx, 'business', {
      name: input.name,
      companyName: input.companyName,
      proceduresLang: input.proceduresLang,
      createdBy: person.id,
    }))!;
    await insertMembership(tx, {
      spaceId: space.id,
      personId: person.id,
      role: 'administrator',
      email: input.email,
      certificateNumber: device.certificateNumber,
    });
    await audit(tx, { action: 'space.created', ...auditOf(ctx, space.id), detail: { kind: 'business' } });
    await setSessionSpace(txCtx, ctx.current.session.id, space.id);
    return space;
  });
}

/** "Change eSpace": keeps the choice in the session (rule 4). */
export async function selectSpace(ctx: SpaceCtx, identifier: string): Promise<SpaceAccess> {
  const access = await accessSpace(ctx, { identifier });
  await setSessionSpace(ctx, ctx.current.session.id, access.space.id);
  return access;
}

/** The eSpace selected in this session, if the person may still use it. */
export async function selectedSpace(ctx: SpaceCtx): Promise<SpaceAccess | undefined> {
  const spaceId = ctx.current.session.selectedSpaceId;
  if (!spaceId) return undefined;
  const found = await findSpaceWithMembership(ctx.db, { spaceId }, ctx.current.person.id);
  return found && usableWith(found.membership, ctx.current.device.id) ? found : undefined;
}

export const ACTIVITY_PAGE_SIZE = 50;

/** The Activity tab: the eSpace's audit trail, for Administrators only. */
export async function activityPage(ctx: SpaceCtx, spaceId: string, page: number) {
  await spaceFor(ctx, { spaceId }, 'members.manage');
  const current = Math.max(1, page);
  const { lines, total } = await listActivity(ctx.db, spaceId, {
    limit: ACTIVITY_PAGE_SIZE,
    offset: (current - 1) * ACTIVITY_PAGE_SIZE,
  });
  return { lines, page: current, pages: Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE)) };
}
