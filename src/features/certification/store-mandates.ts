import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accessCodes, legalEntities, mandates } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import { activeAt, type MandateRow } from './store.ts';

/**
 * The SQL of mandates: the accesses of eSpaces to entities' data, and the lists of them (the
 * registries and codes are in store.ts).
 */

export async function insertMandate(
  db: Db,
  values: Omit<typeof mandates.$inferInsert, 'sortName'>,
): Promise<MandateRow> {
  const sortName = sql`(select lower(${legalEntities.name}) from ${legalEntities} where ${legalEntities.id} = ${values.entityId})`;
  const [row] = await db
    .insert(mandates)
    .values({ ...values, sortName })
    .returning();
  return row!;
}

/**
 * The mandate not ended yet (active, or past its period) for a scope: an eSpace's main mandate,
 * an eSpace's mandate on a company, or a company's main mandate in whichever eSpace holds it.
 */
export async function findOpenMandate(
  db: Db,
  where:
    | { spaceId: string; scopeId: string; kind: 'holder' }
    | { spaceId: string; scopeId: string; entityId: string }
    | { entityId: string; scopeId: string; kind: 'holder' },
): Promise<MandateRow | undefined> {
  const [row] = await db
    .select()
    .from(mandates)
    .where(
      and(
        eq(mandates.scopeId, where.scopeId),
        'spaceId' in where ? eq(mandates.spaceId, where.spaceId) : undefined,
        'entityId' in where ? eq(mandates.entityId, where.entityId) : undefined,
        'kind' in where ? eq(mandates.kind, where.kind) : undefined,
        isNull(mandates.endedAt),
      ),
    );
  return row;
}

/** Which of these companies have a main mandate active at `now` for a scope, in any eSpace. */
export async function companiesHeld(
  db: Db,
  where: { scopeId: string; entityIds: string[]; now: Date },
): Promise<Set<string>> {
  if (where.entityIds.length === 0) return new Set();
  const rows = await db
    .select({ entityId: mandates.entityId })
    .from(mandates)
    .where(
      and(
        inArray(mandates.entityId, where.entityIds),
        eq(mandates.scopeId, where.scopeId),
        eq(mandates.kind, 'holder'),
        activeAt(where.now),
      ),
    );
  return new Set(rows.map((r) => r.entityId));
}

export async function findMandate(db: Db, id: string): Promise<MandateRow | undefined> {
  const [row] = await db.select().from(mandates).where(eq(mandates.id, id));
  return row;
}

/** Ends a mandate not ended yet; returns it, or undefined when someone ended it first. */
export async function endMandate(
  db: Db,
  id: string,
  values: { reason: NonNullable<MandateRow['endReason']>; by: string | null; now: Date },
): Promise<MandateRow | undefined> {
  const [row] = await db
    .update(mandates)
    .set({ endedAt: values.now, endReason: values.reason, endedBy: values.by })
    .where(and(eq(mandates.id, id), isNull(mandates.endedAt)))
    .returning();
  return row;
}

/** Ends the mandate a code gave, if any (an officer revoked a used code). */
export async function endMandateOfCode(
  db: Db,
  accessCodeId: string,
  now: Date,
): Promise<MandateRow | undefined> {
  const [row] = await db
    .update(mandates)
    .set({ endedAt: now, endReason: 'revoked_by_administration' })
    .where(and(eq(mandates.accessCodeId, accessCodeId), isNull(mandates.endedAt)))
    .returning();
  return row;
}

/**
 * Revokes the agent codes a holder eSpace generated on its company for a scope, and ends the
 * mandates obtained with them, for `reason`: when its main mandate ends, whoever the eSpace let
 * in goes with it. Returns the mandates ended.
 */
export async function endAccessGivenBy(
  db: Db,
  where: { spaceId: string; scopeId: string; entityId: string; now: Date },
  reason: 'revoked_by_administration' | 'revoked_by_holder',
): Promise<MandateRow[]> {
  const given = await db
    .update(accessCodes)
    .set({ status: 'revoked', revokedAt: where.now })
    .where(
      and(
        eq(accessCodes.issuedBySpaceId, where.spaceId),
        eq(accessCodes.scopeId, where.scopeId),
        eq(accessCodes.entityId, where.entityId),
        inArray(accessCodes.status, ['issued', 'used']),
      ),
    )
    .returning({ id: accessCodes.id });
  if (given.length === 0) return [];
  return db
    .update(mandates)
    .set({ endedAt: where.now, endReason: reason })
    .where(
      and(
        inArray(
          mandates.accessCodeId,
          given.map((c) => c.id),
        ),
        isNull(mandates.endedAt),
      ),
    )
    .returning();
}
