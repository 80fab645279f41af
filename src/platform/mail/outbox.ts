import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import { outboxMails } from '../../db/schema/index.ts';
import type { Db } from '../db.ts';

export type OutgoingMail = { to: string; subject: string; text: string; html: string };
export type OutboxRow = typeof outboxMails.$inferSelect;

/** The NOTIFY channel that wakes the mail workers of every instance when mails are committed. */
export const OUTBOX_CHANNEL = 'outbox_mails';

/**
 * Writes a mail to the outbox. Pass the transaction of the change the mail reports: the mail
 * exists if and only if the change does. The mail workers are woken when it commits.
 */
export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<void> {
  await db
    .insert(outboxMails)
    .values({ recipient: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  // Delivered at commit only, and once per transaction however many mails it wrote.
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/** The newest mails first, for the development mailbox. */
export async function listRecentMails(
  db: Db,
  page: { limit: number; offset: number },
): Promise<{ mails: OutboxRow[]; total: number }> {
  const mails = await db
    .select()
    .from(outboxMails)
    .orderBy(desc(outboxMails.createdAt), desc(outboxMails.id))
    .limit(page.limit)
    .offset(page.offset);
  const [row] = await db.select({ total: count() }).from(outboxMails);
  return { mails, total: row?.total ?? 0 };
}

/** One mail by its id; undefined for an unknown id or one that is not a UUID. */
export async function findMail(db: Db, id: string): Promise<OutboxRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await db.select().from(outboxMails).where(eq(outboxMails.id, id));
  return row;
}

/** Deletes the mails sent before `before`: once delivered, the outbox need not keep personal data. */
export async function pruneSentMails(db: Db, before: Date): Promise<void> {
  await db.delete(outboxMails).where(and(eq(outboxMails.status, 'sent'), lt(outboxMails.createdAt, before)));
}
