import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eq, like, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { testEngine } from '../../../test/support/db.ts';
import { outboxMails } from '../../db/schema/index.ts';
import { inTransaction } from '../db.ts';
import { translator } from '../i18n/index.ts';
import { enqueueMail } from './outbox.ts';
import { renderMail } from './render.tsx';
import { startMailWorker } from './worker.ts';

type Received = { to: string; messageId: string; raw: string };

/**
 * A real SMTP server that records what it accepts in `received`; `state.down` makes it refuse
 * every mail with 421. A server started again after a stop shares both.
 */
function smtpServer(received: Received[], state: { down: boolean }) {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      if (state.down) {
        const error = Object.assign(new Error('Service not available'), { responseCode: 421 });
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk) => {
        raw += chunk.toString();
      });
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          messageId: raw.match(/^Message-ID: (.+)$/im)?.[1]?.trim() ?? '',
          raw,
        });
        callback();
      });
    },
  });
}

const listening = (server: SMTPServer, port = 0) =>
  new Promise<number>((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)),
  );
const stopped = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('mail: outbox, worker and SMTP', () => {
  const received: Received[] = [];
  const state = { down: false };
  let server = smtpServer(received, state);
  let port: number;
  let t: TestApp;
  before(async () => {
    port = await listening(server);
    t = await testApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_POLL_MS: '600000',
        // Retries fall due only when a test says that time has passed (retryDue).
        MAIL_RETRY_BASE_MS: '600000',
        MAIL_MAX_ATTEMPTS: '4',
      },
    });
  });
  after(async () => {
    await t.close();
    await stopped(server);
  });

  const mail = (to: string, subject = 'Hello') => {
    const t2 = translator('en');
    return { to, ...renderMail(t2, 'en', { subject, heading: subject, paragraphs: ['<b>Text</b> & more'] }) };
  };
  /**
   * Time passing, without waiting for it: every pending mail's retry (or lease) falls due now.
   * Waiting for the backoff on the clock made these tests fail on a loaded machine.
   */
  const retryDue = () =>
    t.database.db
      .update(outboxMails)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(outboxMails.status, 'pending'));
  /**
   * One pass once every retry is due. The pass under way (woken by a notification) ends first, so
   * that no mail is in its hands while the retries are moved.
   */
  const passWhenDue = async () => {
    await t.mail.runOnce();
    await retryDue();
    await t.mail.runOnce();
  };
  const statusOf = async (prefix: string) =>
    (
      await t.database.db
        .select()
        .from(outboxMails)
        .where(like(outboxMails.recipient, `${prefix}%`))
    )
      .map((m) => m.status)
      .sort();
  const from = (prefix: string) => received.filter((r) => r.to.startsWith(prefix));
  /** Waits until `n` mails to `prefix…` have arrived, then lets any extra (duplicate) one arrive too. */
  const arrival = async (prefix: string, n: number) => {
    for (let waited = 0; from(prefix).length < n && waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await t.mail.runOnce();
    return from(prefix);
  };

  it('sends every committed mail at once, exactly once, with a Message-ID of its outbox id, text and HTML', async () => {
    // MAIL_POLL_MS is ten minutes: only the NOTIFY of the committing transaction wakes the worker.
    for (let i = 0; i < 5; i++) await enqueueMail(t.database.db, mail(`one${i}@example.lu`, `Subject ${i}`));
    const mine = await arrival('one', 5);
    assert.equal(mine.length, 5);
    assert.equal(await t.mail.runOnce(), 0, 'nothing left to send');
    const rows = await t.database.db.select().from(outboxMails);
    for (const r of mine) {
      const row = rows.find((m) => m.recipient === r.to)!;
      assert.equal(row.status, 'sent');
      assert.match(r.messageId, new RegExp(`^<${row.id}@`));
      assert.match(r.raw, /Content-Type: text\/plain/);
      assert.match(r.raw, /Content-Type: text\/html/);
      assert.doesNotMatch(row.html, /<b>Text/, 'HTML escaped');
      assert.match(row.html, /&lt;b>Text&lt;\/b> &amp; more/);
    }
  });

  it('keeps mails while the server is down, then delivers each exactly once when it comes back', async () => {
    state.down = true;
    for (let i = 0; i < 3; i++) await enqueueMail(t.database.db, mail(`down${i}@example.lu`));
    assert.equal(await t.mail.runOnce(), 0);
    await passWhenDue();
    const pending = await t.database.db
      .select()
      .from(outboxMails)
      .where(like(outboxMails.recipient, 'down%'));
    assert.deepEqual(
      pending.map((m) => m.status),
      ['pending', 'pending', 'pending'],
    );
    assert.ok(pending.some((m) => m.attempts >= 1 && m.lastError?.includes('421')));
    state.down = false;
    await passWhenDue();
    assert.deepEqual(await statusOf('down'), ['sent', 'sent', 'sent'], 'one pass once the server answers');
    const down = await arrival('down', 3);
    assert.deepEqual(down.map((r) => r.to).sort(), [
      'down0@example.lu',
      'down1@example.lu',
      'down2@example.lu',
    ]);
  });

  it('keeps mails while the server is stopped (connection refused), then delivers each exactly once on its return', async () => {
    await stopped(server);
    for (let i = 0; i < 3; i++) await enqueueMail(t.database.db, mail(`refused${i}@example.lu`));
    assert.equal(await t.mail.runOnce(), 0);
    const waiting = await t.database.db
      .select()
      .from(outboxMails)
      .where(like(outboxMails.recipient, 'refused%'));
    assert.deepEqual(
      waiting.map((m) => m.status),
      ['pending', 'pending', 'pending'],
    );
    assert.ok(waiting.some((m) => m.attempts >= 1 && /ECONNREFUSED|ECONNECTION/.test(m.lastError ?? '')));
    server = smtpServer(received, state);
    assert.equal(await listening(server, port), port, 'the same address again');
    await passWhenDue();
    assert.deepEqual(await statusOf('refused'), ['sent', 'sent', 'sent'], 'one pass once the server is back');
    const refused = await arrival('refused', 3);
    assert.deepEqual(refused.map((r) => r.to).sort(), [
      'refused0@example.lu',
      'refused1@example.lu',
      'refused2@example.lu',
    ]);
  });

  it('gives a mail up after MAIL_MAX_ATTEMPTS', async () => {
    state.down = true;
    await enqueueMail(t.database.db, mail('never@example.lu'));
    // Two passes more than MAIL_MAX_ATTEMPTS: the last two must find nothing left to try.
    for (let pass = 0; pass < 6; pass++) await passWhenDue();
    state.down = false;
    const [row] = await t.database.db
      .select()
      .from(outboxMails)
      .where(eq(outboxMails.recipient, 'never@example.lu'));
    assert.equal(row?.status, 'failed');
    assert.equal(row?.attempts, 4);
    assert.ok(!t.logs().includes('never@example.lu'), 'addresses are not logged');
  });

  it('never sends a mail of a transaction that rolled back', async () => {
    await assert.rejects(
      inTransaction(t.database.db, async (tx) => {
        await enqueueMail(tx, mail('rolledback@example.lu'));
        throw new Error('the change failed');
      }),
    );
    await t.mail.runOnce();
    assert.equal(received.filter((r) => r.to === 'rolledback@example.lu').length, 0);
  });

  it('two workers at once never send a mail twice', async () => {
    // A second instance's worker on the same database, woken by the same notifications.
    const other = startMailWorker({
      db: t.database.db,
      config: t.config,
      log: { warn() {}, error() {} },
      listen: t.database.listen,
    });
    try {
      for (let i = 0; i < 30; i++) await enqueueMail(t.database.db, mail(`pair${i}@example.lu`));
      await Promise.all([t.mail.runOnce(), other.runOnce()]);
      await arrival('pair', 30);
      await other.runOnce();
    } finally {
      await other.stop();
    }
    const pair = from('pair');
    assert.equal(pair.length, 30);
    assert.equal(new Set(pair.map((r) => r.to)).size, 30);
  });

  it('sends header values on one line: a line break in a subject or an address adds no header', async () => {
    await enqueueMail(
      t.database.db,
      mail('inject@example.lu\r\n', 'Hello\r\nBcc: victim@example.lu\nX-Evil: 1'),
    );
    const [got] = await arrival('inject', 1);
    assert.equal(got?.to, 'inject@example.lu', 'one recipient, the one given');
    assert.ok(!received.some((r) => r.to.includes('victim')));
    const headers = got!.raw.split(/\r\n\r\n/)[0]!;
    assert.doesNotMatch(headers, /^(Bcc|X-Evil):/im);
    assert.match(headers, /^Subject: Hello Bcc: victim@example\.lu X-Evil: 1$/m);
  });

  // PGlite runs in this process: only a server connection can be lost.
  if (testEngine === 'postgres') {
    it('listens again when its listening connection is lost, without waiting for the next poll', async () => {
      // By pid: pg_terminate_backend returns before the backend leaves pg_stat_activity, so a
      // count alone would still see the old connection and call it the new one.
      const listeners = async () =>
        (
          (await t.database.db.execute(
            sql`select pid from pg_stat_activity
                where application_name = 'comptoir-listen' and datname = current_database()`,
          )) as unknown as { rows: { pid: number }[] }
        ).rows.map((row) => row.pid);
      const until = async (holds: (pids: number[]) => boolean) => {
        let pids = await listeners();
        for (let waited = 0; !holds(pids) && waited < 10_000; waited += 100) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          pids = await listeners();
        }
        return pids;
      };
      const [first] = await until((pids) => pids.length === 1);
      assert.ok(first, 'listening from the start');
      await t.database.db.execute(sql`select pg_terminate_backend(${first})`);
      const [second] = await until((pids) => pids.length === 1 && pids[0] !== first);
      assert.ok(second && second !== first, 'listening again, on a new connection');
      await enqueueMail(t.database.db, mail('relisten@example.lu'));
      assert.equal((await arrival('relisten', 1)).length, 1);
      assert.match(t.logs(), /lost its listening connection/);
    });
  }
});

describe('mail without SMTP_URL', () => {
  const mail = (to: string) => ({
    to,
    ...renderMail(translator('en'), 'en', { subject: 'Kept', heading: 'Kept', paragraphs: ['Kept'] }),
  });

  it('in production: keeps every mail pending (they leave once SMTP_URL is set) and says so at start', async () => {
    const t = await testApp({ env: { MODE: 'production' } });
    try {
      await enqueueMail(t.database.db, mail('kept@example.lu'));
      assert.equal(await t.mail.runOnce(), 0);
      const [row] = await t.database.db.select().from(outboxMails);
      assert.equal(row?.status, 'pending');
      assert.equal(row?.attempts, 0);
      assert.match(
        t.logs(),
        /SMTP_URL is not set: e-mails stay pending in the outbox and are sent once SMTP_URL is set/,
      );
    } finally {
      await t.close();
    }
  });

  it('in demo mode: marks mails sent, for the development mailbox', async () => {
    const t = await testApp();
    try {
      await enqueueMail(t.database.db, mail('demo@example.lu'));
      await t.mail.runOnce();
      const [row] = await t.database.db
        .select()
        .from(outboxMails)
        .where(eq(outboxMails.recipient, 'demo@example.lu'));
      assert.equal(row?.status, 'sent');
      assert.doesNotMatch(t.logs(), /SMTP_URL is not set/);
    } finally {
      await t.close();
    }
  });
});
