import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { pruneKeys } from '../platform/http/idempotency-store.ts';
import { pruneSentMails } from '../platform/mail/outbox.ts';
import type { FeatureModule } from '../platform/registry.ts';
import { minutesAgo, pruneHits } from '../platform/throttle.ts';
import { modules } from './index.ts';

const EVERY_MS = 10 * 60_000;

/**
 * Removes the platform's rows no rule reads any more (old failure counters, mails sent more than
 * 30 days ago, one-time tokens of forms after a day), so that these tables stay small, then runs
 * what each feature declares falls due with time (`FeatureModule.housekeeping`: expired log on
 * attempts and sessions, invitations past their date…). Idempotent: several instances may run it.
 */
export async function housekeep(
  db: Db,
  config: Config,
  now = new Date(),
  features: readonly FeatureModule[] = modules,
): Promise<void> {
  // The longest window a counter is read in: a day of mails sent to typed addresses, an hour
  // of failures, or a lock on access codes.
  await pruneHits(db, minutesAgo(Math.max(25 * 60, config.codes.lockMinutes + 60), now));
  await pruneSentMails(db, minutesAgo(30 * 24 * 60, now));
  // A day covers a reload or a second tab of a form; a token older than that is a new post.
  await pruneKeys(db, minutesAgo(24 * 60, now));
  for (const feature of features) await feature.housekeeping?.(db, config, now);
}

/** Runs housekeeping every ten minutes; returns the function that stops it. */
export function scheduleHousekeeping(
  db: Db,
  config: Config,
  features: readonly FeatureModule[],
  onError: (error: unknown) => void,
): () => void {
  const timer = setInterval(() => housekeep(db, config, new Date(), features).catch(onError), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
