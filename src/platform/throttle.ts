import { and, count, eq, gt, lt, max, sql } from 'drizzle-orm';
import { throttleEvents } from '../db/schema/index.ts';
import { type Db, inTransaction } from './db.ts';

/**
 * Counters kept in the database, so a limit holds across instances and restarts: "5 wrong codes
 * on a device in 15 minutes", "30 log on attempts per IP in 10 minutes", "50 mails a day".
 */

export type Limit = { max: number; since: Date };

/**
 * Admits one more attempt on a key if fewer than `limit.max` were recorded since `limit.since`,
 * and records it: true when this attempt may go on (be checked, be sent), false when the limit is
 * reached (nothing is recorded then). Counting and recording are one step, serialised per key
 * under a transaction-scoped advisory lock: a burst of parallel attempts cannot all read the
 * count before any of them writes it. Called inside a transaction, the lock (and the attempt)
 * last until that transaction ends, so an attempt whose work rolls back is not counted.
 */
export async function claimAttempt(
  db: Db,
  bucket: string,
  key: string,
  limit: Limit,
  at = new Date(),
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    await lockCounter(tx, bucket, key);
    if ((await hitsSince(tx, bucket, key, limit.since)) >= limit.max) return false;
    await recordHit(tx, bucket, key, at);
    return true;
  });
}

/**
 * Serialises every use of a counter until the end of the caller's transaction: for a caller
 * that reads a counter, does its work, then records the outcome (`recordHit`), as one step.
 */
export async function lockCounter(tx: Db, bucket: string, key: string): Promise<void> {
  // hashtext collisions between keys only make two keys queue together: still correct.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${bucket}\n${key}`}))`);
}

/** Records a hit without a limit; see `lockCounter` to decide on the count in the same step. */
export async function recordHit(db: Db, bucket: string, key: string, at = new Date()): Promise<void> {
  await db.insert(throttleEvents).values({ bucket, key, at });
}

export async function hitsSince(db: Db, bucket: string, key: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(throttleEvents)
    .where(and(eq(throttleEvents.bucket, bucket), eq(throttleEvents.key, key), gt(throttleEvents.at, since)));
  return row?.n ?? 0;
}

/** When the latest hit of a key since a time was recorded, if any (when a lock started). */
export async function latestHitSince(
  db: Db,
  bucket: string,
  key: string,
  since: Date,
): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: max(throttleEvents.at) })
    .from(throttleEvents)
    .where(and(eq(throttleEvents.bucket, bucket), eq(throttleEvents.key, key), gt(throttleEvents.at, since)));
  return row?.at ?? undefined;
}

/** Forgets the hits of a key, e.g. the failures of a device after a successful log on. */
export async function clearHits(db: Db, bucket: string, key: string): Promise<void> {
  await db.delete(throttleEvents).where(and(eq(throttleEvents.bucket, bucket), eq(throttleEvents.key, key)));
}

/** Drops counters older than any window uses (called by housekeeping). */
export async function pruneHits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(throttleEvents).where(lt(throttleEvents.at, olderThan));
}

export const minutesAgo = (minutes: number, now = new Date()) => new Date(now.getTime() - minutes * 60_000);
