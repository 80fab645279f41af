import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { outboxMails } from '../../db/schema/index.ts';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db.ts';
import { headerText, OUTBOX_CHANNEL, type OutboxRow } from './outbox.ts';

/**
 * Sends the outbox. Due mails are claimed under FOR UPDATE SKIP LOCKED with a lease, so several
 * instances never send one at the same time and a crashed instance's claim comes back after the
 * lease; each is then sent outside any transaction and marked sent, or retried with a backoff.
 */

const BATCH = 10;
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 30 * 60_000;
const RELISTEN_MS = 2_000;

type Log = {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export type MailWorker = {
  /** Sends what is due now, after any pass under way; resolves to how many this pass sent. */
  runOnce(): Promise<number>;
  /** Stops polling and listening, and waits for the pass under way. */
  stop(): Promise<void>;
};

/** 10 s, 20 s, 40 s… (from `baseMs`) up to 30 min, with jitter so that many retries spread out. */
export function backoffMs(attempts: number, baseMs: number): number {
  const delay = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

/**
 * The Message-ID of an outbox mail. It is the same at every try, so a receiver can drop the
 * duplicate sent when an instance died after the server accepted a mail but before marking it.
 */
export function messageId(mailId: string, baseUrl: string): string {
  return `<${mailId}@${new URL(baseUrl).hostname}>`;
}

type Failure = { reason: string; permanent: boolean; serverTrouble: boolean };

/** What an SMTP error means for this mail and for the rest of the batch. */
function classify(error: unknown): Failure {
  const { responseCode, command, code, response, message } = error as {
    responseCode?: number;
    command?: string;
    code?: string;
    response?: string;
    message?: string;
  };
  // Addresses are personal data: they stay out of the table's last_error and out of the logs.
  const reason = String(response ?? `${code ?? 'error'} ${message ?? ''}`)
    .replace(/\S+@\S+/g, '<address>')
    .trim()
    .slice(0, 200);
  // 'API': nodemailer refused the message itself (an address it cannot parse); no try will help.
  if (command === 'API') return { reason, permanent: true, serverTrouble: false };
  const refusedThisMail =
    (command === 'RCPT TO' || command === 'DATA') && responseCode !== undefined && responseCode !== 421;
  return {
    reason,
    permanent: refusedThisMail && responseCode >= 500,
    // Unreachable, closing (421), refusing the sender or the log in: the other mails would fail too.
    serverTrouble: !refusedThisMail,
  };
}

/**
 * Starts the outbox worker: a pass every MAIL_POLL_MS, and at once when `listen` reports a
 * committed mail. Without SMTP_URL, demo mode marks mails sent without them leaving (they are read
 * in the development mailbox); production sends nothing and keeps them pending.
 */
export function startMailWorker(deps: {
  db: Db;
  config: Pick<Config, 'baseUrl' | 'mode' | 'mail'>;
  log: Log;
  /** Database.listen, to be woken by enqueueMail's NOTIFY; without it the worker only polls. */
  listen?: Database['listen'];
}): MailWorker {
  const { db, config, log, listen } = deps;
  const transport = config.mail.smtpUrl
    ? nodemailer.createTransport({
        url: config.mail.smtpUrl,
        pool: false,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      })
    : undefined;
  if (!transport && config.mode === 'production') {
    // Marking them sent would lose them (sent mails are pruned): they wait for an SMTP server.
    log.warn({}, 'SMTP_URL is not set: e-mails stay pending in the outbox and are sent once SMTP_URL is set');
    return { runOnce: async () => 0, stop: async () => {} };
  }

  const claim = (): Promise<OutboxRow[]> => {
    const due = db
      .select({ id: outboxMails.id })
      .from(outboxMails)
      .where(and(eq(outboxMails.status, 'pending'), lte(outboxMails.nextAttemptAt, sql`now()`)))
      .orderBy(asc(outboxMails.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    return db
      .update(outboxMails)
      .set({ nextAttemptAt: sql`now() + ${LEASE_MS}::int * interval '1 millisecond'` })
      .where(inArray(outboxMails.id, due))
      .returning();
  };

  const later = (ms: number) => sql`now() + ${ms}::int * interval '1 millisecond'`;

  /** Sends one claimed mail and records the outcome; returns the failure, if any. */
  const deliver = async (mail: OutboxRow): Promise<Failure | undefined> => {
    try {
      await transport?.sendMail({
        from: headerText(config.mail.from),
        to: mail.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageId(mail.id, config.baseUrl),
      });
    } catch (error) {
      const failure = classify(error);
      const attempts = mail.attempts + 1;
      const failed = failure.permanent || attempts >= config.mail.maxAttempts;
      await db
        .update(outboxMails)
        .set({
          attempts,
          lastError: failure.reason,
          status: failed ? 'failed' : 'pending',
          nextAttemptAt: later(backoffMs(attempts, config.mail.retryBaseMs)),
        })
        .where(eq(outboxMails.id, mail.id));
      const fields = { mail: mail.id, attempts, reason: failure.reason };
      if (failed) log.error(fields, 'mail given up');
      else log.warn(fields, 'mail not sent, will retry');
      return failure;
    }
    await db
      .update(outboxMails)
      .set({ status: 'sent', sentAt: sql`now()`, attempts: mail.attempts + 1, lastError: null })
      .where(eq(outboxMails.id, mail.id));
    return undefined;
  };

  /** Hands claimed mails back before their lease ends, to be tried again in `ms`. */
  const release = async (mails: OutboxRow[], ms: number) => {
    if (mails.length === 0) return;
    await db
      .update(outboxMails)
      .set({ nextAttemptAt: later(ms) })
      .where(
        inArray(
          outboxMails.id,
          mails.map((m) => m.id),
        ),
      );
  };

  const pass = async (): Promise<number> => {
    let sent = 0;
    for (;;) {
      // Stop well before the lease ends: past it, another instance may claim the same mails.
      const deadline = Date.now() + LEASE_MS / 2;
      const batch = await claim();
      if (batch.length === 0) return sent;
      for (const [index, mail] of batch.entries()) {
        if (Date.now() > deadline) {
          await release(batch.slice(index), 0);
          break;
        }
        const failure = await deliver(mail);
        if (!failure) sent++;
        else if (failure.serverTrouble) {
          // Probe again after the first retry delay with one mail, rather than fail them all now.
          await release(batch.slice(index + 1), backoffMs(1, config.mail.retryBaseMs));
          return sent;
        }
      }
    }
  };

  // Passes run one after the other in this process; other instances are kept apart by the locks.
  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<number> => {
    const run = chain.then(pass);
    chain = run.catch(() => undefined);
    return run;
  };

  let stopped = false;
  let queued = false;
  /** A pass soon: one is enough however many wakes arrive before it starts. */
  const wake = () => {
    if (stopped || queued) return;
    queued = true;
    const run = chain.then(() => {
      queued = false;
      return stopped ? 0 : pass();
    });
    chain = run.catch((error) => log.warn({ err: error }, 'mail worker pass failed'));
  };

  let unlisten: (() => Promise<void>) | undefined;
  let subscribing: Promise<void> | undefined;
  let relisten: NodeJS.Timeout | undefined;
  /** Listens again soon, without waiting for the next poll, which may be minutes away. */
  const subscribeLater = () => {
    if (stopped || relisten) return;
    relisten = setTimeout(() => {
      relisten = undefined;
      subscribe();
    }, RELISTEN_MS);
    relisten.unref();
  };
  const subscribe = () => {
    if (!listen || unlisten || subscribing || stopped) return;
    subscribing = listen(OUTBOX_CHANNEL, wake, () => {
      unlisten = undefined;
      log.warn({}, 'mail worker lost its listening connection; listening again');
      subscribeLater();
    })
      .then((stop) => {
        unlisten = stop;
        // Mails committed while the worker was not listening.
        wake();
      })
      .catch((error) => {
        log.warn({ err: error }, 'mail worker cannot listen; polling until it can');
        subscribeLater();
      })
      .finally(() => {
        subscribing = undefined;
      });
  };

  const timer = setInterval(wake, config.mail.pollMs);
  // The worker never keeps a process alive on its own (tests, CLI).
  timer.unref();
  subscribe();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(relisten);
      await subscribing;
      await unlisten?.();
      await chain;
      transport?.close();
    },
  };
}
