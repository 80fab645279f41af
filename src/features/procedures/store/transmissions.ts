import { asc, eq, isNull, sql } from 'drizzle-orm';
import { procedureTransmissions, referenceCounters, signingKeys } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db.ts';

/** The SQL of transmissions: reference numbers, frozen snapshots, and the keys that sign slips. */

export type TransmissionRow = typeof procedureTransmissions.$inferSelect;
export type SigningKeyRow = typeof signingKeys.$inferSelect;

/**
 * The next reference number of an administration for a year, counted in the caller's
 * transaction: the counter's row stays locked until it ends, so no number is given twice and,
 * when the transaction rolls back, none is skipped.
 */
export async function nextReferenceNumber(db: Db, administrationId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(referenceCounters)
    .values({ administrationId, year, last: 1 })
    .onConflictDoUpdate({
      target: [referenceCounters.administrationId, referenceCounters.year],
      set: { last: sql`${referenceCounters.last} + 1` },
    })
    .returning({ last: referenceCounters.last });
  return row!.last;
}

export async function insertTransmission(db: Db, values: TransmissionRow): Promise<void> {
  await db.insert(procedureTransmissions).values(values);
}

export async function findTransmission(
  db: Db,
  where: { procedureId: string } | { reference: string },
): Promise<TransmissionRow | undefined> {
  const [row] = await db
    .select()
    .from(procedureTransmissions)
    .where(
      'procedureId' in where
        ? eq(procedureTransmissions.procedureId, where.procedureId)
        : eq(procedureTransmissions.reference, where.reference),
    );
  return row;
}

/** The key that signs: the oldest one not retired (two made at once by a first start agree on it). */
export async function activeSigningKey(db: Db): Promise<SigningKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(signingKeys)
    .where(isNull(signingKeys.retiredAt))
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid))
    .limit(1);
  return row;
}

export async function insertSigningKey(db: Db, values: typeof signingKeys.$inferInsert): Promise<void> {
  await db.insert(signingKeys).values(values).onConflictDoNothing();
}

/** Every key's public half, retired ones included: they still verify the slips they signed. */
export async function publicSigningKeys(db: Db) {
  return db
    .select({ kid: signingKeys.kid, publicJwk: signingKeys.publicJwk })
    .from(signingKeys)
    .orderBy(asc(signingKeys.createdAt));
}
