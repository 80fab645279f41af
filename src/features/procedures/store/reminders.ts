import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { draftReminders, procedureDefinitions, procedures } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db.ts';

/** The SQL of the reminders sent before a draft's version closes (service/reminders.ts). */

const d = procedureDefinitions;
const p = procedures;

/**
 * Drafts whose version closes after `after` and at the latest `until`, that no newer version of
 * the procedure will take (none of the same certification scope still open when it closes), and
 * that have not had this reminder or a later one for that closing date.
 */
export async function draftsToRemind(
  db: Db,
  window: { after: Date; until: Date; daysBefore: number; limit: number },
) {
  const newer = procedureDefinitions;
  return db
    .select({
      id: p.id,
      spaceId: p.spaceId,
      name: p.name,
      closesAt: sql<Date>`${d.closesAt}`.mapWith(d.closesAt),
      title: sql<Record<'fr' | 'en' | 'de', string>>`${d.definition}->'title'`,
    })
    .from(d)
    .innerJoin(p, and(eq(p.definitionId, d.id), eq(p.status, 'draft')))
    .where(
      and(
        gt(d.closesAt, window.after),
        lte(d.closesAt, window.until),
        sql`not exists (
          select 1 from ${newer} as newer
           where newer.code = ${d.code} and newer.version > ${d.version}
             and newer.scope_id is not distinct from ${d.scopeId}
             and (newer.closes_at is null or newer.closes_at > ${d.closesAt}))`,
        sql`not exists (
          select 1 from ${draftReminders}
           where ${draftReminders.procedureId} = ${p.id} and ${draftReminders.closesAt} = ${d.closesAt}
             and ${draftReminders.daysBefore} <= ${window.daysBefore})`,
      ),
    )
    .orderBy(d.closesAt, p.id)
    .limit(window.limit);
}

/**
 * Records that a reminder goes out, in the transaction that sends it: true for the one
 * transaction that records it (a second instance, or a second pass, finds it there).
 */
export async function claimReminder(
  db: Db,
  reminder: { procedureId: string; closesAt: Date; daysBefore: number },
): Promise<boolean> {
  const rows = await db
    .insert(draftReminders)
    .values(reminder)
    .onConflictDoNothing()
    .returning({ procedureId: draftReminders.procedureId });
  return rows.length === 1;
}
