import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { pruneKeys } from '../platform/http/idempotency-store.ts';
import { pruneSentMails } from '../platform/mail/outbox.ts';
import { minutesAgo, pruneHits } from '../platform/throttle.ts';
import { deleteStaleLogonData } from './identity/store.ts';
import { expireOldInvitations } from './members/service-invitations.ts';
import { remindExpiringDrafts } from './procedures/service/reminders.ts';

const EVERY_MS = 10 * 60_000;

/**
 * Removes rows no rule reads any more (old failure counters, expired log on attempts and
 * sessions, mails sent more than 30 days ago, one-time tokens of forms after a day), so that
 * these tables stay small; and reminds eSpaces of the drafts their version's closing would lose
 * (procedures/service/reminders.ts). Idempotent: several instances may run it.
 */
export async function housekeep(db: Db, config: Config, now = new Date()): Promise<void> {
  // The longest window a counter is read in: a day of mails sent to typed addresses, an hour
  // of failures, or a lock on access codes.
  await pruneHits(db, minutesAgo(Math.max(25 * 60, config.codes.lockMinutes + 60), now));
  await deleteStaleLogonData(db, minutesAgo(24 * 60, now));
  await expireOldInvitations(db, now);
  await pruneSentMails(db, minutesAgo(30 * 24 * 60, now));
  // A day covers a reload or a second tab of a form; a token older than that is a new post.
  await pruneKeys(db, minutesAgo(24 * 60, now));
  // Not pruning, but a task of the same rhythm: the reminders before a draft would be lost.
  await remindExpiringDrafts({ db, config }, now);
}

/** Runs housekeeping every ten minutes; returns the function that stops it. */
export function scheduleHousekeeping(db: Db, config: Config, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => housekeep(db, config).catch(onError), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
