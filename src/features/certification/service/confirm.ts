import { audit } from '../../../platform/audit.ts';
import { inTransaction } from '../../../platform/db.ts';
import { RuleError } from '../../../platform/errors.ts';
import { formatDate } from '../../../platform/i18n/dates.ts';
import { clearHits, hitsSince, minutesAgo, recordHit } from '../../../platform/throttle.ts';
import { lockSpaceForChange, type SpaceCtx } from '../../spaces/service.ts';
import { hashAccessCode, mandateIsActive, normalizeAccessCode } from '../rules.ts';
import { claimAccessCode, findEntity, type MandateRow } from '../store.ts';
import { endMandate, findOpenMandate, insertMandate } from '../store-mandates.ts';
import { businessSpaceFor, nowOf, scopeOf, tell, trailOf } from './context.ts';

/**
 * Confirming an access code in an eSpace (rule 5): only Administrators; one message for every
 * wrong code; a limit on wrong codes per eSpace and per person.
 */

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
