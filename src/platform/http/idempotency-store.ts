import { and, eq, isNull, lt } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema/index.ts';
import type { Db } from '../db.ts';

/** SQL of the one-time tokens of creating forms (see idempotency.ts). */

export type TokenKey = { owner: string; keyHash: string };
export type StoredAnswer = { status: number | null; answer: Uint8Array | null; createdAt: Date };

const which = (key: TokenKey) =>
  and(eq(idempotencyKeys.owner, key.owner), eq(idempotencyKeys.keyHash, key.keyHash));

/**
 * Claims a token: true for the one post that inserted its row. Atomic on both engines (the
 * primary key decides), so of two parallel posts of one token exactly one claims it.
 */
export async function claimKey(db: Db, key: TokenKey, at: Date): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ ...key, createdAt: at })
    .onConflictDoNothing()
    .returning({ owner: idempotencyKeys.owner });
  return rows.length === 1;
}

export async function readKey(db: Db, key: TokenKey): Promise<StoredAnswer | undefined> {
  const [row] = await db
    .select({
      status: idempotencyKeys.status,
      answer: idempotencyKeys.answer,
      createdAt: idempotencyKeys.createdAt,
    })
    .from(idempotencyKeys)
    .where(which(key));
  return row;
}

/** Says the claim's post still runs (its process is alive): it is not taken for abandoned. */
export async function touchKey(db: Db, key: TokenKey, at: Date): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ createdAt: at })
    .where(and(which(key), isNull(idempotencyKeys.status)));
}

/** Keeps the first answer of a claimed token. */
export async function storeAnswer(db: Db, key: TokenKey, status: number, answer: Uint8Array): Promise<void> {
  await db.update(idempotencyKeys).set({ status, answer }).where(which(key));
}

/** Gives a token back (its post failed): the next post of it runs again. */
export async function releaseKey(db: Db, key: TokenKey): Promise<void> {
  await db.delete(idempotencyKeys).where(and(which(key), isNull(idempotencyKeys.status)));
}

/** Gives back a claim whose post never answered and was not touched since `before` (its process died). */
export async function releaseAbandonedKey(db: Db, key: TokenKey, before: Date): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(which(key), isNull(idempotencyKeys.status), lt(idempotencyKeys.createdAt, before)));
}

/**
 * Gives back every claim whose post never answered: at the start of the only process that opens
 * the database (an embedded one, under its data folder's lock), each of them is a post that
 * process's predecessor was killed in the middle of, and a retry of it must not wait.
 */
export async function releaseUnansweredKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(isNull(idempotencyKeys.status));
}

/** Forgets the tokens claimed before `before` (housekeeping). */
export async function pruneKeys(db: Db, before: Date): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}
