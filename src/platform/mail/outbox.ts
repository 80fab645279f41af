import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import { outboxMails } from '../../db/schema/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { RuleError } from '../errors.ts';
import { claimAttempt } from '../throttle.ts';
import { isUuid } from '../uuid.ts';

export type OutgoingMail = { to: string; subject: string; text: string; html: string };
export type OutboxRow = typeof outboxMails.$inferSelect;

/** The NOTIFY channel that wakes the mail workers of every instance when mails are committed. */
export const OUTBOX_CHANNEL = 'outbox_mails';

/**
 * A value fit for a mail header (subject, address, sender): control characters, CR and LF above
 * all, which would let a value typed by a user start a header of its own (a Bcc, say), and the
 * Unicode line separators become single spaces.
 */
export const headerText = (value: string): string =>
  value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

/**
 * Writes a mail to the outbox. Pass the transaction of the change the mail reports: the mail
 * exists if and only if the change does. The mail workers are woken when it commits. Its header
 * values go through `headerText`, whatever they were made of.
 */
export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<void> {
  await db.insert(outboxMails).values({
    recipient: headerText(mail.to),
    subject: headerText(mail.subject),
    text: mail.text,
    html: mail.html,
  });
  // Delivered at commit only, and once per transaction however many mails it wrote.
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/**
 * Counts a mail that a person sends from an eSpace to an address they typed (an invitation and
 * its resending, the link confirming a new notification e-mail): at most `MAIL_SENDS_PER_DAY` in
 * 24 hours per person and per eSpace, so that nobody uses the portal to mail strangers at will.
 * Call it in the use case's transaction: over the limit it throws a RuleError and nothing is sent
 * or saved; within it, the count belongs to the use case (undone with it).
 */
export async function countMailToTypedAddress(
  db: Db,
  config: Pick<Config, 'mail'>,
  sender: { personId: string; spaceId: string },
  at = new Date(),
): Promise<void> {
  const limit = { max: config.mail.sendsPerDay, since: new Date(at.getTime() - 24 * 3_600_000) };
  for (const [bucket, key] of [
    ['mail.person', sender.personId],
    ['mail.space', sender.spaceId],
  ] as const) {
    if (!(await claimAttempt(db, bucket, key, limit, at))) {
      throw new RuleError('MailLimitReached', { max: limit.max });
    }
  }
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
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(outboxMails).where(eq(outboxMails.id, id));
  return row;
}

/** Deletes the mails sent before `before`: once delivered, the outbox need not keep personal data. */
export async function pruneSentMails(db: Db, before: Date): Promise<void> {
  await db.delete(outboxMails).where(and(eq(outboxMails.status, 'sent'), lt(outboxMails.createdAt, before)));
}
