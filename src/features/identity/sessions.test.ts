import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../../test/support/app.ts';
import { testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson, pageCsrf } from '../../../test/support/identity.ts';
import { newOneTimeToken } from '../../platform/http/idempotency.ts';
import { enrolOtp } from './service/otp.ts';

const rows = async (t: TestApp, query: ReturnType<typeof sql>) =>
  ((await t.database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;

describe('sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('ends after 30 minutes without activity', async () => {
    const person = await newOtpPerson(t);
    const { cookie } = await logOnWithToken(t, person);
    assert.equal((await t.app.inject({ url: '/devices', headers: { cookie } })).statusCode, 200);
    await t.database.db.execute(
      sql`update sessions set last_seen_at = now() - interval '31 minutes' where person_id = ${person.personId}`,
    );
    const res = await t.app.inject({ url: '/devices', headers: { cookie } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/logon?next=%2Fdevices');
  });

  it('ends 12 hours after log on, however active', async () => {
    const person = await newOtpPerson(t);
    const { cookie } = await logOnWithToken(t, person);
    await t.database.db.execute(
      sql`update sessions set created_at = now() - interval '12 hours', expires_at = now() - interval '1 second' where person_id = ${person.personId}`,
    );
    assert.equal((await t.app.inject({ url: '/devices', headers: { cookie } })).statusCode, 303);
  });

  it('stores only a hash of the session token', async () => {
    const person = await newOtpPerson(t);
    const { cookie } = await logOnWithToken(t, person);
    const token = cookie.slice('sid='.length);
    const stored = await rows(t, sql`select token_hash from sessions where person_id = ${person.personId}`);
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.token_hash, token);
    const all = JSON.stringify(await rows(t, sql`select * from sessions`));
    assert.ok(!all.includes(token));
  });

  it('audits log on, failure and log out with who, when, device and IP', async () => {
    const person = await newOtpPerson(t);
    await logOnWithToken(t, { ...person, password: 'wrong' });
    const { cookie } = await logOnWithToken(t, person);
    const { csrf, cookie: withCsrf } = await pageCsrf(t, '/devices', cookie);
    await t.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: withCsrf },
      payload: { _csrf: csrf },
    });
    const events = await rows(
      t,
      sql`select action, certificate_number, ip, at from audit_events where person_id = ${person.personId} order by id`,
    );
    const actions = events.map((e) => e.action);
    assert.deepEqual(
      actions.filter((a) => a !== 'person.created' && a !== 'device.added'),
      // The first log on also makes the person's private eSpace.
      ['logon.failed', 'logon', 'space.created', 'logout'],
    );
    for (const e of events.filter((e) => String(e.action).startsWith('log'))) {
      assert.match(String(e.certificate_number), /^\d{20}$/);
      assert.equal(e.ip, '127.0.0.1');
      assert.ok(e.at);
    }
  });
});

describe('devices', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('lists the devices; revoking one ends its sessions; the last one cannot be revoked', async () => {
    const person = await newOtpPerson(t);
    const second = await enrolOtp({ db: t.database.db, config: t.config }, person.personId, {
      login: `${person.login}-2`,
    });
    const onSecond = await logOnWithToken(t, {
      ...person,
      login: second.login,
      password: second.password,
      secret: second.secret,
    });
    const onFirst = await logOnWithToken(t, person);

    const page = await t.app.inject({
      url: '/devices',
      headers: { cookie: onFirst.cookie, 'accept-language': 'en' },
    });
    assert.equal((page.body.match(/<tr>/g) ?? []).length, 3, 'header and two devices');
    assert.match(page.body, /In use for this session/);

    const { csrf, cookie } = await pageCsrf(t, '/devices', onFirst.cookie);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/devices/${second.device.id}/revoke`,
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    assert.equal(revoked.headers.location, '/devices?done=revoked');
    assert.equal(
      (await t.app.inject({ url: '/devices', headers: { cookie: onSecond.cookie } })).statusCode,
      303,
    );
    const again = await logOnWithToken(
      t,
      { ...person, login: second.login, password: second.password, secret: second.secret },
      '',
      30_000,
    );
    assert.equal(again.response.statusCode, 401, 'a revoked device cannot log on');

    const firstDevice = await rows(t, sql`select id from devices where login = ${person.login}`);
    const last = await t.app.inject({
      method: 'POST',
      url: `/devices/${firstDevice[0]!.id}/revoke`,
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    assert.equal(last.headers.location, '/devices?error=last');
  });

  it("answers 404 for another person's device", async () => {
    const owner = await newOtpPerson(t);
    const other = await newOtpPerson(t);
    const { cookie: otherCookie } = await logOnWithToken(t, other);
    const ownerDevice = await rows(t, sql`select id from devices where login = ${owner.login}`);
    const { csrf, cookie } = await pageCsrf(t, '/devices', otherCookie);
    const res = await t.app.inject({
      method: 'POST',
      url: `/devices/${ownerDevice[0]!.id}/revoke`,
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    assert.equal(res.statusCode, 404);
  });

  it('links a new device only after a recent log on', async () => {
    const person = await newOtpPerson(t);
    const { cookie } = await logOnWithToken(t, person);
    const fresh = await t.app.inject({ url: '/devices', headers: { cookie, 'accept-language': 'en' } });
    assert.match(fresh.body, /Add a token/);
    await t.database.db.execute(
      sql`update sessions set reauthenticated_at = now() - interval '6 minutes' where person_id = ${person.personId}`,
    );
    const stale = await t.app.inject({ url: '/devices', headers: { cookie, 'accept-language': 'en' } });
    assert.doesNotMatch(stale.body, /Add a token/);
    assert.match(stale.body, /Log on again/);
    const { csrf, cookie: c2 } = await pageCsrf(t, '/devices', cookie);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/devices/token',
      headers: { cookie: c2 },
      // A one-time token as an older page's form had: the session's age refuses the post.
      payload: { _csrf: csrf, _once: newOneTimeToken() },
    });
    assert.equal(refused.headers.location, '/devices');
  });
});
