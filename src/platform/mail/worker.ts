import { hostname } from 'node:os';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { outboxMails } from '../../db/schema/index.ts';
import type { Config } from '../config.ts';
import { type Db, inTransaction } from '../db.ts';

/**
 * Sends the outbox. Due mails are claimed under FOR UPDATE SKIP LOCKED with a lease, so several
 * instances never send one twice and a crashed instance's claim comes back after the lease;
 * each is then sent outside any transaction and marked sent, or retried with a backoff.
 */

const BATCH = 20;
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 30 * 60_000;

type Log = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

export type MailWorker = {
  /** Sends what is due now; returns how many were sent. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
};

/** 10 s, 20 s, 40 s… up to 30 min, with jitter so that retries of many mails spread out. */
export function backoffMs(attempts: number, baseMs: number): number {
  const delay = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

export function startMailWorker(deps: {
  db: Db;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'baseUrl' | 'mail'>;
  log: Log;
}): MailWorker {
  const { db, config, log } = deps;
  const transport: Transporter | undefined = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as Parameters<typeof nodemailer.createTransport>[0])
    : undefined;
  const domain = new URL(config.baseUrl).hostname || hostname();

  const claim = () =>
    inTransaction(db, async (tx) => {
      const due = await tx
        .select()
        .from(outboxMails)
        .where(and(eq(outboxMails.status, 'pending'), lte(outboxMails.nextAttemptAt, sql`now()`)))
        .orderBy(asc(outboxMails.nextAttemptAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const mail of due) {
        await tx
          .update(outboxMails)
          .set({ nextAttemptAt: sql`now() + ${`${LEASE_MS} milliseconds`}::interval` })
          .where(eq(outboxMails.id, mail.id));
      }
      return due;
    });

  let running: Promise<number> | undefined;
  const runOnce = (): Promise<number> => {
    // One pass at a time in this process; other instances are kept apart by the row locks.
    running ??= (async () => {
      let sent = 0;
      try {
        for (let batch = await claim(); batch.length > 0; batch = await claim()) {
          for (const mail of batch) {
            try {
              await transport?.sendMail({
                from: config.mailFrom,
                to: mail.recipient,
                subject: mail.subject,
                text: mail.text,
                html: mail.html,
                messageId: `<${mail.id}@${domain}>`,
              });
              await db
                .update(outboxMails)
                .set({ status: 'sent', sentAt: new Date(), attempts: mail.attempts + 1, lastError: null })
                .where(eq(outboxMails.id, mail.id));
              sent++;
            } catch (error) {
              const attempts = mail.attempts + 1;
              const failed = attempts >= config.mail.maxAttempts;
              // The SMTP answer only: never the address or the content.
              const { response, code } = error as { response?: string; code?: string };
              const reason = String(response ?? code ?? 'error').slice(0, 200);
              const retryAt = new Date(Date.now() + backoffMs(attempts, config.mail.retryBaseMs));
              await db
                .update(outboxMails)
                .set({
                  attempts,
                  lastError: reason,
                  status: failed ? 'failed' : 'pending',
                  nextAttemptAt: retryAt,
                })
                .where(eq(outboxMails.id, mail.id));
              if (failed) log.error({ mail: mail.id, attempts, reason }, 'mail given up');
              else log.warn({ mail: mail.id, attempts, reason }, 'mail not sent, will retry');
              // The server is probably down: the rest of the batch waits as long, without losing a try.
              const rest = batch.slice(batch.indexOf(mail) + 1).map((m) => m.id);
              if (rest.length > 0) {
                await db
                  .update(outboxMails)
                  .set({ nextAttemptAt: retryAt })
                  .where(inArray(outboxMails.id, rest));
              }
              return sent;
            }
          }
        }
        return sent;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (error) {
        log.warn({ err: error }, 'mail worker pass failed');
      }
      if (!stopped) loop();
    }, config.mail.pollMs);
    timer.unref();
  };
  loop();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
      transport?.close();
    },
  };
}
