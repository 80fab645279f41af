import { audit } from '../../../platform/audit.ts';
import { type Db, inTransaction } from '../../../platform/db.ts';
import { AppError, RuleError } from '../../../platform/errors.ts';
import { formatDate } from '../../../platform/i18n/dates.ts';
import { clearHits, hitsSince, minutesAgo, recordHit } from '../../../platform/throttle.ts';
import type { IdentityCtx } from '../../identity/service/context.ts';
import { notify, type SpaceEvent } from '../../notifications/service.ts';
import {
  actorOf,
  lockSpaceForChange,
  notifiedSpace,
  type SpaceAccess,
  type SpaceCtx,
  spaceById,
  spaceFor,
} from '../../spaces/service.ts';
import { hashAccessCode, mandateIsActive, normalizeAccessCode } from '../rules.ts';
import {
  claimAccessCode,
  endMandate,
  findActiveMandate,
  findAgent,
  findEntity,
  findMandate,
  findOpenMandate,
  findScope,
  firstMandatesObtained,
  insertMandate,
  listAgents,
  listMandates,
  type MandateLine,
  type MandateRow,
  type ScopeOverview,
  type ScopeWithAdministration,
  scopesOverview,
} from '../store.ts';
import { type IssuedCode, issueAccessCodes, recallIssuedCodes } from './codes.ts';

/**
 * Certification of business eSpaces (rule 5): confirming holder and agent codes, the
 * Certifications tab, agents seen from the holder, and ending mandates. Every member consults;
 * only Administrators confirm codes and manage mandates.
 */

const nowOf = (ctx: SpaceCtx) => ctx.now ?? new Date();

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

async function scopeOf(ctx: SpaceCtx, scopeCode: string): Promise<ScopeWithAdministration> {
  const scope = await findScope(ctx.db, { code: scopeCode });
  if (!scope) throw new AppError('NotFound');
  return scope;
}

const trailOf = (ctx: SpaceCtx, spaceId: string) => ({
  personId: ctx.current.person.id,
  deviceId: ctx.current.device.id,
  certificateNumber: ctx.current.device.certificateNumber,
  spaceId,
  ip: ctx.ip,
});

/** Rule 11 for a certification event of the eSpace the person works in. */
function tell(
  ctx: SpaceCtx,
  db: Db,
  access: SpaceAccess,
  event: SpaceEvent,
  params: Record<string, string>,
): Promise<void> {
  const actor = actorOf(ctx, access.membership);
  return notify(
    { ...ctx, db },
    { space: notifiedSpace(access.space), event, params: { ...params, actor: actor.name }, actor },
  );
}

export const PREVIEW_SIZE = 5;

export type CertificationsTab = {
  access: SpaceAccess;
  scopes: (ScopeOverview & { preview: MandateLine[] })[];
};

/** The Certifications tab: one block per scope, with the first mandates obtained of each. */
export async function certificationsTab(ctx: SpaceCtx, spaceId: string): Promise<CertificationsTab> {
  const access = await businessSpaceFor(ctx, spaceId, 'consult');
  const now = nowOf(ctx);
  const [overview, preview] = await Promise.all([
    scopesOverview(ctx.db, spaceId, now),
    firstMandatesObtained(ctx.db, spaceId, now, PREVIEW_SIZE),
  ]);
  return {
    access,
    scopes: overview.map((scope) => ({
      ...scope,
      preview: preview.filter((m) => m.scopeId === scope.scope.id),
    })),
  };
}

export const LIST_PAGE_SIZE = 20;

/** One scope of the Certifications tab in full: the mandates obtained, page by page, searchable. */
export async function scopePage(
  ctx: SpaceCtx,
  spaceId: string,
  scopeCode: string,
  options: { page: number; search?: string | undefined },
) {
  const access = await businessSpaceFor(ctx, spaceId, 'consult');
  const scope = await scopeOf(ctx, scopeCode);
  const now = nowOf(ctx);
  const page = Math.max(1, options.page);
  const [overview, obtained] = await Promise.all([
    scopesOverview(ctx.db, spaceId, now),
    listMandates(
      ctx.db,
      { spaceId, scopeId: scope.scope.id, kind: 'agent', now, search: options.search },
      { limit: LIST_PAGE_SIZE, offset: (page - 1) * LIST_PAGE_SIZE },
    ),
  ]);
  const summary = overview.find((o) => o.scope.id === scope.scope.id)!;
  return {
    access,
    summary,
    obtained: obtained.lines,
    total: obtained.total,
    page,
    pages: Math.max(1, Math.ceil(obtained.total / LIST_PAGE_SIZE)),
  };
}

// Wrong codes --------------------------------------------------------------------------------

const FAILURE = 'code.failure';
const LOCK = 'code.lock';

/** Until when codes are refused to this eSpace or this person, after too many wrong ones. */
async function lockedUntil(ctx: SpaceCtx, keys: string[], now: Date): Promise<Date | undefined> {
  const minutes = ctx.config.codes.lockMinutes;
  for (const key of keys) {
    if ((await hitsSince(ctx.db, LOCK, key, minutesAgo(minutes, now))) > 0) {
      return new Date(now.getTime() + minutes * 60_000);
    }
  }
  return undefined;
}

/** Counts a wrong code against the eSpace and the person; the one over the limit locks. */
async function countFailure(ctx: SpaceCtx, keys: string[], now: Date): Promise<void> {
  for (const key of keys) {
    await recordHit(ctx.db, FAILURE, key, now);
    if ((await hitsSince(ctx.db, FAILURE, key, minutesAgo(60, now))) >= ctx.config.codes.failuresPerHour) {
      await recordHit(ctx.db, LOCK, key, now);
      await clearHits(ctx.db, FAILURE, key);
    }
  }
}

// A time of day reads 14:32 in French, English and German alike.
const lockTime = (at: Date) => formatDate('fr', at, 'time');

export type ConfirmInput = { scopeCode: string; kind: 'holder' | 'agent'; code: string };

/**
 * Confirms an access code in an eSpace: a holder code gives the main mandate on its company, an
 * agent code a mandate obtained on a client company. A wrong code gets one message whatever was
 * wrong (unknown, used, revoked, expired, of another scope or kind), counts against the eSpace
 * and the person, and is audited; a code is used once, by whichever eSpace claims it first.
 */
export async function confirmAccessCode(
  ctx: SpaceCtx,
  spaceId: string,
  input: ConfirmInput,
): Promise<MandateRow> {
  const access = await businessSpaceFor(ctx, spaceId, 'certifications.manage');
  const scope = await scopeOf(ctx, input.scopeCode);
  const now = nowOf(ctx);
  const keys = [`space:${spaceId}`, `person:${ctx.current.person.id}`];
  const locked = await lockedUntil(ctx, keys, now);
  if (locked) throw new RuleError('certification.code.locked', { time: lockTime(locked) });
  const code = normalizeAccessCode(input.code);
  if (!code) throw new RuleError('certification.code.format');
  const mandate = await inTransaction(ctx.db, async (tx) => {
    // Two Administrators confirming codes in this eSpace at once queue here.
    await lockSpaceForChange({ ...ctx, db: tx }, spaceId);
    const holder = await findOpenMandate(tx, { spaceId, scopeId: scope.scope.id, kind: 'holder' });
    if (input.kind === 'holder' && holder && mandateIsActive(holder, now)) {
      throw new RuleError('certification.holder.already');
    }
    const claimed = await claimAccessCode(tx, {
      codeHash: hashAccessCode(code),
      scopeId: scope.scope.id,
      kind: input.kind,
      spaceId,
      now,
    });
    if (!claimed) return undefined;
    // A main mandate past its period, or an agent mandate on the same company, gives way.
    const replaced = [
      input.kind === 'holder' ? holder : undefined,
      await findOpenMandate(tx, { spaceId, scopeId: scope.scope.id, entityId: claimed.entityId }),
    ];
    for (const old of replaced) {
      if (!old) continue;
      if (input.kind === 'agent' && mandateIsActive(old, now))
        throw new RuleError('certification.agent.already');
      await endMandate(tx, old.id, { reason: 'renewed', by: ctx.current.person.id, now });
    }
    const created = await insertMandate(tx, {
      spaceId,
      scopeId: scope.scope.id,
      entityId: claimed.entityId,
      kind: input.kind,
      accessCodeId: claimed.id,
      createdBy: ctx.current.person.id,
      validUntil: scope.scope.validUntil,
    });
    await audit(tx, {
      action: 'certification.mandate_obtained',
      ...trailOf(ctx, spaceId),
      detail: { scope: scope.scope.code, kind: input.kind, reference: claimed.reference },
    });
    const entity = (await findEntity(tx, { id: claimed.entityId }))!;
    await tell(
      ctx,
      tx,
      access,
      input.kind === 'holder' ? 'certification.holder_confirmed' : 'certification.agent_added',
      {
        entity: entity.name,
        scope: scope.scope.code,
      },
    );
    return created;
  });
  if (!mandate) {
    await countFailure(ctx, keys, now);
    await audit(ctx.db, {
      action: 'certification.code_refused',
      ...trailOf(ctx, access.space.id),
      detail: { scope: scope.scope.code, kind: input.kind },
    });
    throw new RuleError('certification.code.invalid');
  }
  return mandate;
}

// The holder and its agents ------------------------------------------------------------------

/** The main mandate giving the eSpace its company for a scope, for managing its agents. */
async function activeHolder(ctx: SpaceCtx, spaceId: string, scope: ScopeWithAdministration) {
  const holder = await findOpenMandate(ctx.db, { spaceId, scopeId: scope.scope.id, kind: 'holder' });
  if (!holder || !mandateIsActive(holder, nowOf(ctx))) throw new AppError('NotFound');
  return holder;
}

/** "Agents with access": the eSpaces holding an agent mandate on the holder's company. */
export async function agentsPage(ctx: SpaceCtx, spaceId: string, scopeCode: string, page: number) {
  await businessSpaceFor(ctx, spaceId, 'consult');
  const scope = await scopeOf(ctx, scopeCode);
  const holder = await activeHolder(ctx, spaceId, scope);
  const current = Math.max(1, page);
  const { lines, total } = await listAgents(
    ctx.db,
    { entityId: holder.entityId, scopeId: scope.scope.id, now: nowOf(ctx) },
    { limit: LIST_PAGE_SIZE, offset: (current - 1) * LIST_PAGE_SIZE },
  );
  return { scope, lines, total, page: current, pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)) };
}

/**
 * A holder eSpace generates an agent code for its representative: shown once, and printable as
 * a letter while the page that shows it is open.
 */
export async function generateAgentCode(
  ctx: SpaceCtx,
  spaceId: string,
  scopeCode: string,
): Promise<IssuedCode> {
  const access = await businessSpaceFor(ctx, spaceId, 'certifications.manage');
  const scope = await scopeOf(ctx, scopeCode);
  const holder = await activeHolder(ctx, spaceId, scope);
  return inTransaction(ctx.db, async (tx) => {
    const entity = (await findEntity(tx, { id: holder.entityId }))!;
    const [issued] = await issueAccessCodes(tx, [
      { scope, entity, kind: 'agent', issuedBy: ctx.current.person.id, issuedBySpaceId: spaceId },
    ]);
    await audit(tx, {
      action: 'certification.agent_code_issued',
      ...trailOf(ctx, spaceId),
      detail: { scope: scope.scope.code, reference: issued!.row.reference },
    });
    await tell(ctx, tx, access, 'certification.agent_code_issued', { scope: scope.scope.code });
    return issued!;
  });
}

/** An active agent mandate on the holder's company, for the page that confirms revoking it. */
export async function agentToRevoke(ctx: SpaceCtx, spaceId: string, scopeCode: string, mandateId: string) {
  const access = await businessSpaceFor(ctx, spaceId, 'certifications.manage');
  const scope = await scopeOf(ctx, scopeCode);
  const holder = await activeHolder(ctx, spaceId, scope);
  const agent = await findAgent(ctx.db, {
    mandateId,
    entityId: holder.entityId,
    scopeId: scope.scope.id,
    now: nowOf(ctx),
  });
  if (!agent) throw new AppError('NotFound');
  return { access, scope, agent, entityId: holder.entityId };
}

/**
 * The agent code this holder eSpace generated, given back by the page that shows it, to print
 * its letter: it must be that very code, still unused.
 */
export async function recallAgentCode(
  ctx: SpaceCtx,
  spaceId: string,
  scopeCode: string,
  item: { id: string; code: string },
): Promise<IssuedCode> {
  await businessSpaceFor(ctx, spaceId, 'certifications.manage');
  const scope = await scopeOf(ctx, scopeCode);
  const [recalled] = await recallIssuedCodes(
    ctx.db,
    [item],
    (row) => row.issuedBySpaceId === spaceId && row.scopeId === scope.scope.id,
  );
  if (!recalled) throw new AppError('NotFound');
  return recalled;
}

/** The holder revokes an agent: the agent eSpace loses the company's data at its next request. */
export async function revokeAgent(ctx: SpaceCtx, spaceId: string, scopeCode: string, mandateId: string) {
  const { access, scope, agent, entityId } = await agentToRevoke(ctx, spaceId, scopeCode, mandateId);
  return inTransaction(ctx.db, async (tx) => {
    const ended = await endMandate(tx, agent.mandateId, {
      reason: 'revoked_by_holder',
      by: ctx.current.person.id,
      now: nowOf(ctx),
    });
    if (!ended) throw new AppError('NotFound');
    await audit(tx, {
      action: 'certification.agent_revoked',
      ...trailOf(ctx, spaceId),
      detail: { scope: scope.scope.code, mandate: ended.id },
    });
    await tell(ctx, tx, access, 'certification.agent_revoked', {
      agent: agent.spaceName,
      scope: scope.scope.code,
    });
    // The agent eSpace's own trail and members learn that the access ended, not who ended it.
    await audit(tx, {
      action: 'certification.mandate_revoked_by_holder',
      spaceId: ended.spaceId,
      detail: { scope: scope.scope.code, mandate: ended.id },
    });
    await accessEnded({ ...ctx, db: tx }, ended, scope.scope.code, entityId);
    return { ended, agent };
  });
}

/** One of the eSpace's active mandates, for the page that confirms giving it up. */
export async function mandateToGiveUp(ctx: SpaceCtx, spaceId: string, scopeCode: string, mandateId: string) {
  const access = await businessSpaceFor(ctx, spaceId, 'certifications.manage');
  const scope = await scopeOf(ctx, scopeCode);
  const mandate = await findMandate(ctx.db, mandateId);
  if (!mandate || mandate.spaceId !== spaceId || mandate.scopeId !== scope.scope.id)
    throw new AppError('NotFound');
  const line = await findActiveMandate(ctx.db, {
    spaceId,
    scopeId: scope.scope.id,
    entityId: mandate.entityId,
    now: nowOf(ctx),
  });
  if (!line || line.id !== mandate.id) throw new AppError('NotFound');
  return { access, scope, mandate: line };
}

/** The eSpace gives up one of its mandates (a client left its representative, say). */
export async function giveUpMandate(ctx: SpaceCtx, spaceId: string, scopeCode: string, mandateId: string) {
  const { access, scope, mandate } = await mandateToGiveUp(ctx, spaceId, scopeCode, mandateId);
  return inTransaction(ctx.db, async (tx) => {
    const ended = await endMandate(tx, mandate.id, {
      reason: 'given_up',
      by: ctx.current.person.id,
      now: nowOf(ctx),
    });
    if (!ended) throw new AppError('NotFound');
    await audit(tx, {
      action: 'certification.mandate_given_up',
      ...trailOf(ctx, spaceId),
      detail: { scope: scope.scope.code, mandate: ended.id, kind: ended.kind },
    });
    await tell(ctx, tx, access, 'certification.given_up', {
      entity: mandate.entityName,
      scope: scope.scope.code,
    });
    return mandate;
  });
}

/**
 * Tells an eSpace that one of its mandates was ended by someone outside it (its holder, the
 * administration): the notification e-mail and every member, without saying who.
 */
export async function accessEnded(
  ctx: IdentityCtx,
  mandate: MandateRow,
  scopeCode: string,
  entityId: string,
): Promise<void> {
  const [space, entity] = await Promise.all([
    spaceById(ctx, mandate.spaceId),
    findEntity(ctx.db, { id: entityId }),
  ]);
  if (!space || !entity) return;
  await notify(ctx, {
    space: notifiedSpace(space),
    event: 'certification.access_ended',
    params: { entity: entity.name, scope: scopeCode },
  });
}
