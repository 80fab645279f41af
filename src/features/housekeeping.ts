import type { Db } from '../platform/db.ts';
import { pruneSentMails } from '../platform/mail/outbox.ts';
import { minutesAgo, pruneHits } from '../platform/throttle.ts';
import { deleteStaleLogonData } from './identity/store.ts';
import { expireOldInvitations } from './members/service.ts';

const EVERY_MS = 10 * 60_000;

/**
 * Removes rows no rule reads any more (old failure counters, expired log on attempts and
 * sessions, mails sent more than 30 days ago), so that these tables stay small. Idempotent:
 * several instances may run it.
 */
export async function housekeep(db: Db, now = new Date()): Promise<void> {
  await pruneHits(db, minutesAgo(2 * 60, now));
  await deleteStaleLogonData(db, minutesAgo(24 * 60, now));
  await expireOldInvitations(db, now);
  await pruneSentMails(db, minutesAgo(30 * 24 * 60, now));
}

/** Runs housekeeping every ten minutes; returns the function that stops it. */
export function scheduleHousekeeping(db: Db, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => housekeep(db).catch(onError), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
