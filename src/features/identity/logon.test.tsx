import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { cookiesFrom, type TestApp, testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson, pageCsrf } from '../../../test/support/identity.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { currentCode } from './service/otp.ts';

describe('log on with an OTP token', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('shows the log on page with a session identifier and the seed device choices', async () => {
    const res = await t.app.inject({ url: '/logon', headers: { 'accept-language': 'en' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Select your authentication mode/);
    assert.match(res.body, /session identifier <strong[^>]*>[A-Z]{2}\d{4}</);
    for (const device of ['Token', 'Smartcard', 'Signing Stick', 'Luxembourgish eID', 'Scan', 'Mobile']) {
      assert.ok(res.body.includes(`>${device}<`), device);
    }
    assert.match(res.body, /First visit\?/);
    assert.match(res.body, /Demo identities/);
  });

  it('logs on with user ID, password and current code; the session cookie is safe', async () => {
    const person = await newOtpPerson(t);
    const { response, cookie } = await logOnWithToken(t, person);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    const sid = response.cookies.find((c) => c.name === 'sid');
    assert.ok(sid, 'session cookie set');
    assert.equal(sid.httpOnly, true);
    assert.equal(sid.sameSite, 'Lax');
    assert.ok(Buffer.from(sid.value, 'base64url').length >= 16, 'at least 128 bits');
    const home = await t.app.inject({ url: '/', headers: { cookie, 'accept-language': 'en' } });
    assert.match(home.body, new RegExp(`${person.firstName} ${person.surname}`));
    assert.match(home.body, /Certificate number:/);
    assert.match(home.body, /\d \d{7} \d{3} \d{2} \d{7}/);
    assert.match(home.body, /Link a device/);
    assert.match(home.body, /Log out/);
  });

  it('gives the same answer for an unknown user, a wrong password and a wrong code', async () => {
    const person = await newOtpPerson(t);
    const answers = await Promise.all([
      logOnWithToken(t, { ...person, login: 'nobody-here' }),
      logOnWithToken(t, { ...person, password: 'wrong' }),
      logOnWithToken(t, { ...person, code: '000000' }),
    ]);
    for (const { response } of answers) {
      assert.equal(response.statusCode, 401);
      assert.match(response.body, /incorrect, or the device is temporarily locked/);
      assert.ok(!response.cookies.some((c) => c.name === 'sid'));
    }
  });

  it('refuses a code that was already used (replay)', async () => {
    const person = await newOtpPerson(t);
    const first = await logOnWithToken(t, person);
    assert.equal(first.response.statusCode, 303);
    const replay = await logOnWithToken(t, { ...person, code: first.code });
    assert.equal(replay.response.statusCode, 401);
  });

  it('locks the device for 15 minutes after 5 failures, even with the right code', async () => {
    const person = await newOtpPerson(t);
    for (let i = 0; i < 5; i++) {
      assert.equal((await logOnWithToken(t, { ...person, password: `wrong${i}` })).response.statusCode, 401);
    }
    const locked = await logOnWithToken(t, person);
    assert.equal(locked.response.statusCode, 401);
    assert.match(locked.response.body, /temporarily locked/);
  });

  it('checks at most 5 of 50 wrong codes sent at once, then refuses the right code', async () => {
    const person = await newOtpPerson(t);
    const near = new Set(
      [-60_000, -30_000, 0, 30_000, 60_000].map((d) => currentCode(person.secret, Date.now() + d)),
    );
    let wrong = 0;
    while (near.has(String(wrong).padStart(6, '0'))) wrong++;
    const form = await pageCsrf(t, '/logon/token');
    // Each from its own address, so that the limit per IP address is not what stops them.
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/logon/token',
          remoteAddress: `10.6.${Math.floor(i / 200)}.${i % 200}`,
          headers: { cookie: form.cookie, 'accept-language': 'en' },
          payload: {
            _csrf: form.csrf,
            login: person.login,
            password: person.password,
            code: String(wrong).padStart(6, '0'),
          },
        }),
      ),
    );
    assert.deepEqual(new Set(answers.map((a) => a.statusCode)), new Set([401]));
    const failures = await t.database.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'logon.failed'), eq(auditEvents.deviceId, person.deviceId)));
    const reasons = failures.map((f) => String(f.detail?.reason));
    assert.equal(reasons.length, 50);
    assert.equal(reasons.filter((r) => r === 'code').length, 5, 'codes checked');
    assert.equal(reasons.filter((r) => r === 'locked').length, 45);
    const locked = await logOnWithToken(t, person);
    assert.equal(locked.response.statusCode, 401);
    assert.match(locked.response.body, /temporarily locked/);
  });

  it('limits log on attempts per IP address, whatever the user ID', async () => {
    const limited = await testApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const { response } = await logOnWithToken(limited, {
          login: `guess-${i}`,
          password: 'x',
          secret: 'JBSWY3DPEHPK3PXP',
        });
        statuses.push(response.statusCode);
      }
      assert.deepEqual(statuses.slice(0, 30), Array(30).fill(401));
      assert.equal(statuses[30], 429);
    } finally {
      await limited.close();
    }
  });

  it('re-renders the form with an error summary and keeps the user ID', async () => {
    const { csrf, cookie } = await pageCsrf(t, '/logon/token');
    const res = await t.app.inject({
      method: 'POST',
      url: '/logon/token',
      headers: { cookie, 'accept-language': 'en' },
      payload: { _csrf: csrf, login: 'karine', password: '', code: '' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#password">Enter your password/);
    assert.match(res.body, /value="karine"/);
  });

  it('refuses the log on form without its CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/logon/token',
      payload: { login: 'karine', password: 'demo-karine', code: '123456' },
    });
    assert.equal(res.statusCode, 403);
  });

  it('issues a new session token at log on, ignoring one planted before (no fixation)', async () => {
    const person = await newOtpPerson(t);
    const planted = 'planted-token-chosen-by-an-attacker';
    const { response } = await logOnWithToken(t, person, `sid=${planted}`);
    const sid = response.cookies.find((c) => c.name === 'sid');
    assert.ok(sid && sid.value !== planted);
    const withPlanted = await t.app.inject({ url: '/devices', headers: { cookie: `sid=${planted}` } });
    assert.equal(withPlanted.statusCode, 303, 'the planted token opens nothing');
  });

  it('logs out, and "log out of all sessions" ends the other browsers too', async () => {
    const person = await newOtpPerson(t);
    const a = await logOnWithToken(t, person);
    const b = await logOnWithToken(t, person, '', 30_000);
    for (const c of [a.cookie, b.cookie])
      assert.equal((await t.app.inject({ url: '/devices', headers: { cookie: c } })).statusCode, 200);
    const page = await t.app.inject({ url: '/devices', headers: { cookie: a.cookie } });
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const out = await t.app.inject({
      method: 'POST',
      url: '/logout/all',
      headers: { cookie: `${a.cookie}; ${cookiesFrom(page)}` },
      payload: { _csrf: csrf },
    });
    assert.equal(out.statusCode, 303);
    for (const c of [a.cookie, b.cookie])
      assert.equal((await t.app.inject({ url: '/devices', headers: { cookie: c } })).statusCode, 303);
  });
});

describe('production mode', () => {
  it('has no demo identities, no first visit and no demo data', async () => {
    const t = await testApp({ env: { MODE: 'production' } });
    try {
      for (const url of ['/demo-identities', '/first-visit']) {
        assert.equal((await t.app.inject({ url })).statusCode, 404, url);
      }
      const logon = await t.app.inject({ url: '/logon', headers: { 'accept-language': 'en' } });
      assert.equal(logon.statusCode, 200);
      assert.doesNotMatch(logon.body, /Demo identities|Create a test identity/);
      const karine = await logOnWithToken(t, {
        login: 'karine',
        password: 'demo-karine',
        secret: 'JBSWY3DPEHPK3PXP',
      });
      assert.equal(karine.response.statusCode, 401, 'the demo people do not exist in production');
    } finally {
      await t.close();
    }
  });
});
