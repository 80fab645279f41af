import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson } from '../../../test/support/identity.ts';
import {
  enrol,
  FakeAuthenticator,
  getPage,
  Jar,
  postJson,
  startLogon,
} from '../../../test/support/passkey.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { findActiveDevice, updateDevice } from './store.ts';

describe('log on with a passkey', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('shows the passkey page: session identifier, button, no-script message, external scripts', async () => {
    const { res } = await getPage(t, new Jar(), '/logon/passkey?device=security_key');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /session identifier <strong[^>]*>[A-Z]{2}\d{4}</);
    assert.match(res.body, /Continue with your passkey/);
    assert.match(res.body, /<noscript>/);
    const vendor = /<script src="(\/assets\/vendor\/simplewebauthn\/index\.umd\.min\.js)\?v=[0-9a-f]+"/.exec(
      res.body,
    );
    assert.ok(vendor, 'the WebAuthn library, from node_modules');
    const lib = await t.app.inject({ url: vendor[1]! });
    assert.equal(lib.statusCode, 200);
    assert.match(lib.body, /SimpleWebAuthnBrowser/);
    assert.match(String(lib.headers['cache-control']), /immutable/);
    assert.match(res.body, /<script src="\/assets\/passkey\.js\?v=[0-9a-f]+"/);
    assert.doesNotMatch(res.body, /<script>/, 'no inline script');
    const js = await t.app.inject({ url: '/assets/passkey.js' });
    assert.equal(js.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/logon/passkey?device=nope' })).statusCode, 404);
  });

  it('gives options for discoverable credentials with the hint of the device', async () => {
    const jar = new Jar();
    const page = await getPage(t, jar, '/logon/passkey?device=scan');
    const res = await postJson(t, jar, '/logon/passkey/options', page.csrf, { device: 'scan' });
    const options = res.json();
    assert.equal(options.rpId, t.config.webauthn.rpId);
    assert.deepEqual(options.allowCredentials, []);
    assert.equal(options.userVerification, 'required');
    assert.deepEqual(options.hints, ['hybrid']);
  });

  it('refuses the JSON endpoints without the CSRF token', async () => {
    const jar = new Jar();
    await getPage(t, jar, '/logon/passkey?device=mobile');
    const res = await postJson(t, jar, '/logon/passkey/options', '', { device: 'mobile' });
    assert.equal(res.statusCode, 403);
  });

  it('registers a passkey at the first visit, then logs on with it', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Weber');
    const device = await findActiveDevice(t.database.db, { credentialId: auth.id });
    assert.equal(device?.kind, 'passkey');
    assert.equal(device?.label, 'mobile');
    assert.match(device?.certificateNumber ?? '', /^2\d{19}$/);
    assert.deepEqual(device?.transports, ['internal']);

    const { jar, csrf, options } = await startLogon(t);
    const res = await postJson(t, jar, '/logon/passkey/verify', csrf, {
      response: auth.assert(options, t.config.webauthn.origin),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { redirect: '/' });
    assert.ok(jar.get('sid'), 'session cookie set');
    const home = await t.app.inject({
      url: '/',
      headers: { cookie: jar.toString(), 'accept-language': 'en' },
    });
    assert.match(home.body, /Paul Weber/);
    const after = await findActiveDevice(t.database.db, { credentialId: auth.id });
    assert.equal(after?.signCount, 1);
    assert.ok(after?.lastUsedAt);
  });

  it('goes back where the person was going, only when it is a path of this site', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Klein');
    for (const [next, expected] of [
      ['%2Fdevices%3Fdone%3Dadded', '/devices?done=added'],
      ['%2F%09%2Fevil.example', '/'],
      ['%2F%5Cevil.example', '/'],
    ]) {
      const jar = new Jar();
      jar.take(await t.app.inject({ url: `/logon?next=${next}` }));
      const { csrf, options } = await startLogon(t, jar);
      const res = await postJson(t, jar, '/logon/passkey/verify', csrf, {
        response: auth.assert(options, t.config.webauthn.origin),
      });
      assert.deepEqual(res.json(), { redirect: expected }, next);
    }
    // A cookie planted by other means is checked again.
    const jar = new Jar();
    jar.take({ cookies: [{ name: 'logon_next', value: encodeURIComponent('//evil.example') }] });
    const { csrf, options } = await startLogon(t, jar);
    const res = await postJson(t, jar, '/logon/passkey/verify', csrf, {
      response: auth.assert(options, t.config.webauthn.origin),
    });
    assert.deepEqual(res.json(), { redirect: '/' });
  });

  it('refuses a replayed assertion, in the same attempt and in a new one', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Schmit');
    const { jar, csrf, options } = await startLogon(t);
    const before = jar.copy();
    const body = { response: auth.assert(options, t.config.webauthn.origin) };
    assert.equal((await postJson(t, jar, '/logon/passkey/verify', csrf, body)).statusCode, 200);

    const again = await postJson(t, before, '/logon/passkey/verify', csrf, body);
    assert.notEqual(again.statusCode, 200);
    assert.ok(!again.cookies.some((c) => c.name === 'sid'));

    const other = await startLogon(t);
    const replay = await postJson(t, other.jar, '/logon/passkey/verify', other.csrf, body);
    assert.equal(replay.statusCode, 401);
    assert.match(replay.json().error, /could not be checked/);
    assert.ok(!other.jar.get('sid'));
  });

  it('refuses an assertion made for another origin, and the challenge is gone after', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Hansen');
    const { jar, csrf, options } = await startLogon(t);
    const res = await postJson(t, jar, '/logon/passkey/verify', csrf, {
      response: auth.assert(options, 'https://comptoir.example.evil'),
    });
    assert.equal(res.statusCode, 401);
    assert.ok(!jar.get('sid'));
    const retry = await postJson(t, jar, '/logon/passkey/verify', csrf, {
      response: auth.assert(options, t.config.webauthn.origin),
    });
    assert.equal(retry.statusCode, 409, 'a challenge is checked once');
    const failures = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'logon.failed'));
    assert.ok(failures.some((e) => (e.detail as { reason?: string })?.reason === 'assertion'));
  });

  it('refuses a sign count that does not increase (cloned authenticator)', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Kieffer');
    const first = await startLogon(t);
    const ok = await postJson(t, first.jar, '/logon/passkey/verify', first.csrf, {
      response: auth.assert(first.options, t.config.webauthn.origin, 5),
    });
    assert.equal(ok.statusCode, 200);
    const second = await startLogon(t);
    const clone = await postJson(t, second.jar, '/logon/passkey/verify', second.csrf, {
      response: auth.assert(second.options, t.config.webauthn.origin, 5),
    });
    assert.equal(clone.statusCode, 401);
  });

  it('refuses an assertion without user verification (a security key alone)', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Thill');
    auth.userVerified = false;
    const stolen = await startLogon(t);
    const res = await postJson(t, stolen.jar, '/logon/passkey/verify', stolen.csrf, {
      response: auth.assert(stolen.options, t.config.webauthn.origin),
    });
    assert.equal(res.statusCode, 401);
    assert.ok(!stolen.jar.get('sid'));
    const device = await findActiveDevice(t.database.db, { credentialId: auth.id });
    assert.equal(device?.signCount, 0, 'nothing recorded of the refused assertion');
    auth.userVerified = true;
    const owner = await startLogon(t);
    const ok = await postJson(t, owner.jar, '/logon/passkey/verify', owner.csrf, {
      response: auth.assert(owner.options, t.config.webauthn.origin),
    });
    assert.equal(ok.statusCode, 200, 'the same key with its PIN opens the session');
  });

  it('refuses to register a passkey made without user verification', async () => {
    const person = await newOtpPerson(t, { surname: 'Wagner' });
    const { cookie } = await logOnWithToken(t, person);
    const jar = new Jar();
    jar.take({ cookies: [{ name: 'sid', value: cookie.slice('sid='.length) }] });
    const page = await getPage(t, jar, '/devices/passkey?device=security_key');
    const options = await postJson(t, jar, '/devices/passkey/options', page.csrf, { device: 'security_key' });
    assert.equal(options.json().authenticatorSelection.userVerification, 'required');
    const auth = new FakeAuthenticator();
    auth.userVerified = false;
    const verify = await postJson(t, jar, '/devices/passkey/verify', page.csrf, {
      response: auth.register(options.json(), t.config.webauthn.origin),
    });
    assert.notEqual(verify.statusCode, 200);
    assert.equal(await findActiveDevice(t.database.db, { credentialId: auth.id }), undefined);
  });

  it('refuses a revoked device', async () => {
    const auth = new FakeAuthenticator();
    await enrol(t, auth, 'Reuter');
    const device = await findActiveDevice(t.database.db, { credentialId: auth.id });
    await updateDevice(t.database.db, device!.id, { revokedAt: new Date() });
    const { jar, csrf, options } = await startLogon(t);
    const res = await postJson(t, jar, '/logon/passkey/verify', csrf, {
      response: auth.assert(options, t.config.webauthn.origin),
    });
    assert.equal(res.statusCode, 401);
    assert.ok(!jar.get('sid'));
  });

  it('links a passkey only after a recent proof, for a logged-on person', async () => {
    const res = await t.app.inject({ url: '/devices/passkey?device=security_key' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/logon/);

    const person = await newOtpPerson(t, { surname: 'Linster' });
    const { cookie } = await logOnWithToken(t, person);
    const jar = new Jar();
    jar.take({ cookies: [{ name: 'sid', value: cookie.slice('sid='.length) }] });
    const page = await getPage(t, jar, '/devices/passkey?device=security_key');
    assert.equal(page.res.statusCode, 200);
    const options = await postJson(t, jar, '/devices/passkey/options', page.csrf, { device: 'security_key' });
    assert.equal(options.statusCode, 200, options.body);
    const auth = new FakeAuthenticator();
    const verify = await postJson(t, jar, '/devices/passkey/verify', page.csrf, {
      response: auth.register(options.json(), t.config.webauthn.origin),
    });
    assert.deepEqual(verify.json(), { redirect: '/devices?done=added' });
    const device = await findActiveDevice(t.database.db, { credentialId: auth.id });
    assert.equal(device?.personId, person.personId);
    assert.equal(device?.label, 'security_key');
    const added = await t.database.db.select().from(auditEvents).where(eq(auditEvents.deviceId, device!.id));
    assert.ok(added.some((e) => e.action === 'device.added'));
  });
});
