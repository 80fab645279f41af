import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { inTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { IdentityCtx } from '../../identity/service/context.ts';
import { notify } from '../../notifications/service.ts';
import { auditOf, businessSpaceFor, notifiedSpace, type SpaceCtx, spaceById } from '../../spaces/service.ts';
import { certificationEvents } from '../events.ts';
import { mandateIsActive } from '../rules.ts';
import { findEntity, type MandateRow, type ScopeWithAdministration } from '../store.ts';
import {
  endAccessGivenBy,
  endMandate,
  findActiveMandate,
  findAgent,
  findMandate,
  findOpenMandate,
  listAgents,
} from '../store-mandates.ts';
import { type IssuedCode, issueAccessCodes, recallIssuedCodes } from './codes.ts';
import { scopeOf, tell } from './context.ts';
import { LIST_PAGE_SIZE } from './tab.ts';

/**
 * The holder and its agents: agent codes a holder eSpace generates, the agents it sees and
 * revokes, and mandates an eSpace gives up.
 */

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
      ...auditOf(ctx, spaceId),
      detail: { scope: scope.scope.code, reference: issued!.row.reference },
    });
    await tell(ctx, tx, access, certificationEvents['certification.agent_code_issued'], {
      scope: scope.scope.code,
    });
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
  const { access, scope, agent } = await agentToRevoke(ctx, spaceId, scopeCode, mandateId);
  return inTransaction(ctx.db, async (tx) => {
    const ended = await endMandate(tx, agent.mandateId, {
      reason: 'revoked_by_holder',
      by: ctx.current.person.id,
      now: nowOf(ctx),
    });
    if (!ended) throw new AppError('NotFound');
    await audit(tx, {
      action: 'certification.agent_revoked',
      ...auditOf(ctx, spaceId),
      detail: { scope: scope.scope.code, mandate: ended.id },
    });
    await tell(ctx, tx, access, certificationEvents['certification.agent_revoked'], {
      agent: agent.spaceName,
      scope: scope.scope.code,
    });
    await accessEnded({ ...ctx, db: tx }, ended, scope.scope.code, 'revoked_by_holder');
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

/**
 * The eSpace gives up one of its mandates (a client left its representative, say). Giving up the
 * main mandate also ends the accesses of the agents it let in, as the administration's revocation
 * of the holder code does.
 */
export async function giveUpMandate(ctx: SpaceCtx, spaceId: string, scopeCode: string, mandateId: string) {
  const { access, scope, mandate } = await mandateToGiveUp(ctx, spaceId, scopeCode, mandateId);
  return inTransaction(ctx.db, async (tx) => {
    const now = nowOf(ctx);
    const ended = await endMandate(tx, mandate.id, { reason: 'given_up', by: ctx.current.person.id, now });
    if (!ended) throw new AppError('NotFound');
    const agents =
      ended.kind === 'holder'
        ? await endAgentsOf({ ...ctx, db: tx }, ended, scope.scope.code, 'revoked_by_holder', now)
        : [];
    await audit(tx, {
      action: 'certification.mandate_given_up',
      ...auditOf(ctx, spaceId),
      detail: {
        scope: scope.scope.code,
        mandate: ended.id,
        kind: ended.kind,
        ...(ended.kind === 'holder' ? { agentsEnded: agents.length } : {}),
      },
    });
    await tell(ctx, tx, access, certificationEvents['certification.given_up'], {
      entity: mandate.entityName,
      scope: scope.scope.code,
    });
    return mandate;
  });
}

/** Who, outside an eSpace, ended one of its mandates. */
type EndedFromOutside = 'revoked_by_holder' | 'revoked_by_administration';

/**
 * Ends what a main mandate let in, once that mandate ended: the agent codes its eSpace generated
 * on the company are revoked and the accesses they gave end, each agent eSpace being told. The
 * same whether the administration revoked the holder code or the eSpace gave the mandate up.
 * `ctx.db` is the transaction that ended the main mandate. Returns the agent mandates ended.
 */
export async function endAgentsOf(
  ctx: IdentityCtx,
  holder: MandateRow,
  scopeCode: string,
  reason: EndedFromOutside,
  now: Date,
): Promise<MandateRow[]> {
  const where = { spaceId: holder.spaceId, scopeId: holder.scopeId, entityId: holder.entityId, now };
  const ended = await endAccessGivenBy(ctx.db, where, reason);
  for (const mandate of ended) await accessEnded(ctx, mandate, scopeCode, reason);
  return ended;
}

/**
 * Tells an eSpace that one of its mandates was ended by someone outside it (its holder, the
 * administration): its trail, its notification e-mail and every member, without saying who.
 */
export async function accessEnded(
  ctx: IdentityCtx,
  mandate: MandateRow,
  scopeCode: string,
  reason: EndedFromOutside,
): Promise<void> {
  await audit(ctx.db, {
    action: `certification.mandate_${reason}`,
    spaceId: mandate.spaceId,
    detail: { scope: scopeCode, mandate: mandate.id },
  });
  const [space, entity] = await Promise.all([
    spaceById(ctx, mandate.spaceId),
    findEntity(ctx.db, { id: mandate.entityId }),
  ]);
  if (!space || !entity) return;
  await notify(ctx, {
    space: notifiedSpace(space),
    event: certificationEvents['certification.access_ended'],
    params: { entity: entity.name, scope: scopeCode },
  });
}
