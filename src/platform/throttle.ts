import { and, count, eq, gt, lt, max } from 'drizzle-orm';
import { throttleEvents } from '../db/schema/index.ts';
import type { Db } from './db.ts';

/**
 * Counters of failures kept in the database, so a limit holds across instances and restarts:
 * "5 wrong codes on a device in 15 minutes", "30 log on attempts per IP in 10 minutes".
 */
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

/** Forgets the failures of a key, e.g. after a successful log on. */
export async function clearHits(db: Db, bucket: string, key: string): Promise<void> {
  await db.delete(throttleEvents).where(and(eq(throttleEvents.bucket, bucket), eq(throttleEvents.key, key)));
}

/** Drops counters older than any window uses (called by housekeeping). */
export async function pruneHits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(throttleEvents).where(lt(throttleEvents.at, olderThan));
}

export const minutesAgo = (minutes: number, now = new Date()) => new Date(now.getTime() - minutes * 60_000);
