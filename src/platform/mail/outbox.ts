import { desc, eq } from 'drizzle-orm';
import { outboxMails } from '../../db/schema/index.ts';
import type { Db } from '../db.ts';

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

/**
 * Writes a mail to the outbox. Pass the transaction of the change the mail reports: the mail
 * exists if and only if the change does; the mail worker sends it afterwards.
 */
export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<void> {
  await db
    .insert(outboxMails)
    .values({ recipient: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
}

export type OutboxRow = typeof outboxMails.$inferSelect;

/** The newest mails first, for the development mailbox. */
export async function recentMails(db: Db, page: { limit: number; offset: number }): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outboxMails)
    .orderBy(desc(outboxMails.createdAt))
    .limit(page.limit)
    .offset(page.offset);
}

export async function findMail(db: Db, id: string): Promise<OutboxRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(outboxMails).where(eq(outboxMails.id, id));
  return row;
}
