import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import type { Config } from '../../../platform/config.ts';
import { type Db, inTransaction } from '../../../platform/db.ts';
import { RuleError } from '../../../platform/errors.ts';
import { formatDate } from '../../../platform/i18n/dates.ts';
import {
  clearHits,
  hitsSince,
  latestHitSince,
  lockCounter,
  minutesAgo,
  recordHit,
} from '../../../platform/throttle.ts';
import { auditOf, businessSpaceFor, lockSpaceForChange, type SpaceCtx } from '../../spaces/service.ts';
import { certificationEvents } from '../events.ts';
import { hashAccessCode, mandateIsActive, normalizeAccessCode, scopeIsOpen } from '../rules.ts';
import { claimAccessCode, findEntity, lockEntity, type MandateRow } from '../store.ts';
import { endMandate, findOpenMandate, insertMandate } from '../store-mandates.ts';
import { scopeOf, tell } from './context.ts';

/**
 * Confirming an access code in an eSpace (rule 5): only Administrators; one message for every
 * wrong code; a limit on wrong codes per eSpace and per person.
 */

// Wrong codes --------------------------------------------------------------------------------

const FAILURE = 'code.failure';
const LOCK = 'code.lock';

/** Until when codes are refused to this eSpace or this person: a lock lasts from when it began. */
async function lockedUntil(db: Db, config: Config, keys: string[], now: Date): Promise<Date | undefined> {
  const minutes = config.codes.lockMinutes;
  for (const key of keys) {
    const since = await latestHitSince(db, LOCK, key, minutesAgo(minutes, now));
    if (since) return new Date(since.getTime() + minutes * 60_000);
  }
  return undefined;
}

/**
 * Serialises the confirmations that count against the same eSpace or person until the end of the
 * transaction, so that reading the lock, checking the code and counting a failure are one step
 * (the same person in several eSpaces at once included). Always in the order of `keys`.
 */
async function lockCounters(tx: Db, keys: string[]): Promise<void> {
  for (const key of keys) await lockCounter(tx, FAILURE, key);
}

/** Counts a wrong code against the eSpace and the person, and audits it; the one over the limit locks. */
async function refuse(ctx: SpaceCtx, tx: Db, keys: string[], input: ConfirmInput, spaceId: string) {
  const now = nowOf(ctx);
  await lockCounters(tx, keys);
  for (const key of keys) {
    await recordHit(tx, FAILURE, key, now);
    if ((await hitsSince(tx, FAILURE, key, minutesAgo(60, now))) >= ctx.config.codes.failuresPerHour) {
      await recordHit(tx, LOCK, key, now);
      await clearHits(tx, FAILURE, key);
    }
  }
  await audit(tx, {
    action: 'certification.code_refused',
    ...auditOf(ctx, spaceId),
    detail: { scope: input.scopeCode, kind: input.kind },
  });
}

/**
 * Before a holder code gives this eSpace its company's main mandate: no other eSpace may hold it
 * (it would list and revoke the company's agents). Confirmations on one company queue on its row,
 * so two eSpaces confirming at once cannot both pass. A main mandate past its period in another
 * eSpace gives way: for social elections each period has an eSpace of its own (rule 13).
 */
async function takeOverCompany(ctx: SpaceCtx, tx: Db, spaceId: string, entityId: string, scopeId: string) {
  await lockEntity(tx, entityId);
  const other = await findOpenMandate(tx, { entityId, scopeId, kind: 'holder' });
  if (!other || other.spaceId === spaceId) return;
  if (mandateIsActive(other, nowOf(ctx))) throw new RuleError('MandateHeldElsewhere');
  await endMandate(tx, other.id, { reason: 'renewed', by: null, now: nowOf(ctx) });
}

/** A code that cannot serve although it was claimed: the claim rolls back, the code is refused. */
class Unusable extends Error {}

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
  const code = normalizeAccessCode(input.code);
  if (!code) throw new RuleError('AccessCodeMalformed');
  let mandate: MandateRow | undefined;
  try {
    mandate = await inTransaction(ctx.db, async (tx) => {
      // Two Administrators confirming codes in this eSpace at once queue here, so that the
      // count of wrong codes is read and written by one at a time.
      await lockSpaceForChange({ ...ctx, db: tx }, spaceId);
      await lockCounters(tx, keys);
      const locked = await lockedUntil(tx, ctx.config, keys, now);
      if (locked) throw new RuleError('AccessCodeLocked', { time: lockTime(locked) });
      if (!scopeIsOpen(scope.scope, now)) {
        throw new RuleError('CertificationPeriodOver', {
          // Dates read alike in the three languages but for German's dots: the person's own.
          date: formatDate(ctx.current.person.preferredLang, scope.scope.validUntil!, 'date'),
        });
      }
      const holder = await findOpenMandate(tx, { spaceId, scopeId: scope.scope.id, kind: 'holder' });
      if (input.kind === 'holder' && holder && mandateIsActive(holder, now)) {
        throw new RuleError('MandateAlreadyHeld');
      }
      const claimed = await claimAccessCode(tx, {
        codeHash: hashAccessCode(code),
        scopeId: scope.scope.id,
        kind: input.kind,
        spaceId,
        now,
      });
      if (!claimed) {
        await refuse(ctx, tx, keys, input, spaceId);
        return undefined;
      }
      if (input.kind === 'holder') await takeOverCompany(ctx, tx, spaceId, claimed.entityId, scope.scope.id);
      const same = await findOpenMandate(tx, {
        spaceId,
        scopeId: scope.scope.id,
        entityId: claimed.entityId,
      });
      // An agent code on the eSpace's own certified company would take its main mandate away.
      if (input.kind === 'agent' && same?.kind === 'holder' && mandateIsActive(same, now))
        throw new Unusable();
      // What gives way: a main mandate past its period; a mandate on the same company (a new
      // agent code from a client renews its access).
      for (const old of [input.kind === 'holder' ? holder : undefined, same]) {
        if (old) await endMandate(tx, old.id, { reason: 'renewed', by: ctx.current.person.id, now });
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
        ...auditOf(ctx, spaceId),
        detail: { scope: scope.scope.code, kind: input.kind, reference: claimed.reference },
      });
      const entity = (await findEntity(tx, { id: claimed.entityId }))!;
      await tell(
        ctx,
        tx,
        access,
        certificationEvents[
          input.kind === 'holder' ? 'certification.holder_confirmed' : 'certification.agent_added'
        ],
        { entity: entity.name, scope: scope.scope.code },
      );
      return created;
    });
  } catch (error) {
    if (!(error instanceof Unusable)) throw error;
    await inTransaction(ctx.db, (tx) => refuse(ctx, tx, keys, input, spaceId));
  }
  if (!mandate) throw new RuleError('AccessCodeInvalid');
  return mandate;
}
