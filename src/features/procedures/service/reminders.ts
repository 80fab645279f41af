import type { Config } from '../../../platform/config.ts';
import { type Db, inTransaction } from '../../../platform/db.ts';
import { formatDate } from '../../../platform/i18n/dates.ts';
import { langOr } from '../../../platform/i18n/index.ts';
import { notify } from '../../notifications/service.ts';
import { notifiedSpace, spaceById } from '../../spaces/service.ts';
import { procedureEvents } from '../events.ts';
import { claimReminder, draftsToRemind } from '../store/reminders.ts';
import { procedureOf } from './context.ts';

/**
 * Issue 14, point 5: drafts are kept until their version closes, and the eSpace is reminded
 * before one would be lost. A draft on a closing version usually is not: resumed after the
 * closing date, it moves to the newest version (resume.ts). It is lost only when no newer
 * version will take it (the procedure leaves the catalogue, or its new version needs another
 * certification). Those drafts get a reminder 14 days and 2 days before the closing date,
 * each once, to the eSpace's notification address in its language of procedures (and in
 * every member's "My communications"). Housekeeping runs it every ten minutes.
 */

/** The reminders, in days before the closing date, the most urgent first. */
export const REMINDER_DAYS = [2, 14] as const;

const DAY_MS = 24 * 60 * 60_000;
/** At most this many reminders of each kind per pass; the rest go at the next pass. */
const BATCH = 200;

/**
 * Sends the reminders due at `now`: for each reminder, the drafts whose version closes within
 * its days and after the previous (more urgent) one's, so that a draft found late gets the most
 * urgent reminder only. Returns how many were sent.
 */
export async function remindExpiringDrafts(ctx: { db: Db; config: Config }, now: Date): Promise<number> {
  let sent = 0;
  let after = now;
  for (const daysBefore of REMINDER_DAYS) {
    const until = new Date(now.getTime() + daysBefore * DAY_MS);
    const drafts = await draftsToRemind(ctx.db, { after, until, daysBefore, limit: BATCH });
    for (const draft of drafts) {
      const told = await inTransaction(ctx.db, async (tx) => {
        // Transmitted or deleted since it was read: nothing is lost any more.
        const row = await procedureOf(tx, draft.spaceId, draft.id, true).catch(() => undefined);
        if (row?.status !== 'draft') return false;
        if (!(await claimReminder(tx, { procedureId: draft.id, closesAt: draft.closesAt, daysBefore })))
          return false;
        const space = await spaceById({ ...ctx, db: tx }, draft.spaceId);
        if (!space) return false;
        const lang = langOr(space.proceduresLang);
        await notify(
          { ...ctx, db: tx },
          {
            space: notifiedSpace(space),
            event: procedureEvents['procedure.draft_expiring'],
            params: {
              name: draft.name,
              procedure: draft.title[lang],
              date: formatDate(lang, draft.closesAt, 'dateTime'),
            },
          },
        );
        return true;
      });
      if (told) sent += 1;
    }
    after = until;
  }
  return sent;
}
