import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type TestApp, testApp } from '../../test/support/app.ts';
import { logOnWithToken, newOtpPerson } from '../../test/support/identity.ts';
import { housekeep } from './housekeeping.ts';

describe('housekeeping', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('drops old failure counters and expired sessions, keeps live ones', async () => {
    const count = async (q: ReturnType<typeof sql>) =>
      Number(((await t.database.db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const person = await newOtpPerson(t);
    await logOnWithToken(t, { ...person, password: 'wrong' });
    const { cookie } = await logOnWithToken(t, person);
    // Kept a day: mails sent to typed addresses are counted over 24 hours.
    await t.database.db.execute(sql`update throttle_events set at = now() - interval '3 hours'`);
    await housekeep(t.database.db, t.config);
    assert.ok((await count(sql`select count(*)::int as n from throttle_events`)) > 0);
    await t.database.db.execute(sql`update throttle_events set at = now() - interval '26 hours'`);
    await t.database.db.execute(
      sql`insert into sessions (token_hash, person_id, device_id, expires_at)
          select 'old-' || id, person_id, device_id, now() - interval '2 days' from sessions limit 1`,
    );
    await housekeep(t.database.db, t.config);
    assert.equal(await count(sql`select count(*)::int as n from throttle_events`), 0);
    assert.equal(await count(sql`select count(*)::int as n from sessions where token_hash like 'old-%'`), 0);
    assert.equal((await t.app.inject({ url: '/devices', headers: { cookie } })).statusCode, 200);
  });

  it('deletes mails sent over 30 days ago, keeps recent and unsent ones', async () => {
    await t.database.db.execute(sql`delete from outbox_mails`);
    await t.database.db.execute(
      sql`insert into outbox_mails (recipient, subject, text, html, status, created_at) values
          ('old-sent@example.lu', 's', 't', 'h', 'sent', now() - interval '31 days'),
          ('old-failed@example.lu', 's', 't', 'h', 'failed', now() - interval '31 days'),
          ('new-sent@example.lu', 's', 't', 'h', 'sent', now() - interval '29 days')`,
    );
    await housekeep(t.database.db, t.config);
    const rows = (await t.database.db.execute(
      sql`select recipient from outbox_mails order by recipient`,
    )) as unknown as {
      rows: { recipient: string }[];
    };
    assert.deepEqual(
      rows.rows.map((r) => r.recipient),
      ['new-sent@example.lu', 'old-failed@example.lu'],
    );
  });

  it('forgets the one-time tokens of forms after a day: a token older than that is a new post', async () => {
    await t.database.db.execute(
      sql`insert into idempotency_keys (owner, key_hash, created_at, status) values
          ('person:a', 'old', now() - interval '25 hours', 303),
          ('person:a', 'recent', now() - interval '23 hours', 303)`,
    );
    await housekeep(t.database.db, t.config);
    const rows = (await t.database.db.execute(
      sql`select key_hash from idempotency_keys where owner = 'person:a'`,
    )) as unknown as { rows: { key_hash: string }[] };
    assert.deepEqual(
      rows.rows.map((r) => r.key_hash),
      ['recent'],
    );
  });
});
