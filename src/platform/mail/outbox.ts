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
