import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { eq } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson } from '../../../test/support/identity.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { findActiveDevice, updateDevice } from './store.ts';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString('base64url');
const counterBytes = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** A software authenticator: an ES256 key pair and a discoverable credential, as a passkey. */
class FakeAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  userHandle = '';
  counter = 0;
  /** Whether the authenticator checked its user (PIN, biometric): the UV flag of its answers. */
  userVerified = true;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id() {
    return b64url(this.credentialId);
  }

  /** The answer to `navigator.credentials.create`, with a 'none' attestation. */
  register(options: { challenge: string; rp: { id: string }; user: { id: string } }, origin: string) {
    this.userHandle = options.user.id;
    const jwk = this.publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(options.rp.id),
      Buffer.from([this.userVerified ? 0x45 : 0x41]), // user present, (user verified,) attested credential data
      counterBytes(this.counter),
      Buffer.alloc(16), // AAGUID
      idLength,
      this.credentialId,
      Buffer.from(cose),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin });
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(Buffer.from(clientDataJSON)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    };
  }

  /** The answer to `navigator.credentials.get`; the counter goes up unless told otherwise. */
  assert(options: { challenge: string; rpId: string }, origin: string, counter = ++this.counter) {
    const flags = this.userVerified ? 0x05 : 0x01; // user present, (user verified)
    const authData = Buffer.concat([sha256(options.rpId), Buffer.from([flags]), counterBytes(counter)]);
    const clientData = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }),
    );
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
    };
  }
}

/** Keeps cookies across requests like a browser does (cleared ones are dropped). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: { cookies: { name: string; value: string; expires?: Date; maxAge?: number }[] }) {
    for (const c of response.cookies) {
      if (!c.value || (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0)
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  copy() {
    const jar = new Jar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }
  toString() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function getPage(t: TestApp, jar: Jar, url: string) {
  const res = await t.app.inject({ url, headers: { cookie: jar.toString(), 'accept-language': 'en' } });
  jar.take(res);
  const csrf = res.body.match(/data-csrf="([^"]+)"/)?.[1];
  return { res, csrf: csrf ?? '' };
}

async function postJson(t: TestApp, jar: Jar, url: string, csrf: string, payload: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: jar.toString(), 'csrf-token': csrf, 'accept-language': 'en' },
    payload: payload as Record<string, unknown>,
  });
  jar.take(res);
  return res;
}

/** Creates a person through the demo first visit, choosing "Mobile", and registers the passkey. */
async function enrol(t: TestApp, auth: FakeAuthenticator, surname: string) {
  const jar = new Jar();
  const form = await t.app.inject({ url: '/first-visit' });
  jar.take(form);
  const formCsrf = form.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
  const created = await t.app.inject({
    method: 'POST',
    url: '/first-visit',
    headers: { cookie: jar.toString() },
    payload: {
      _csrf: formCsrf,
      _once: form.body.match(/name="_once" value="([^"]+)"/)![1]!,
      surname,
      firstName: 'Paul',
      email: `paul.${surname.toLowerCase()}@example.lu`,
      preferredLang: 'en',
      device: 'mobile',
    },
  });
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/first-visit/passkey?device=mobile');
  jar.take(created);
  const page = await getPage(t, jar, '/first-visit/passkey?device=mobile');
  assert.equal(page.res.statusCode, 200);
  assert.match(page.res.body, /Create the passkey/);
  const options = await postJson(t, jar, '/first-visit/passkey/options', page.csrf, { device: 'mobile' });
  assert.equal(options.statusCode, 200, options.body);
  const creation = options.json();
  assert.equal(creation.authenticatorSelection.residentKey, 'required');
  const verify = await postJson(t, jar, '/first-visit/passkey/verify', page.csrf, {
    response: auth.register(creation, t.config.webauthn.origin),
  });
  assert.equal(verify.statusCode, 200, verify.body);
  assert.equal(verify.json().redirect, '/logon/passkey?device=mobile&done=enrolled');
}

/** Opens the passkey log on page and gets a challenge; returns what a second step needs. */
async function startLogon(t: TestApp, jar = new Jar()) {
  const page = await getPage(t, jar, '/logon/passkey?device=mobile');
  assert.equal(page.res.statusCode, 200);
  const options = await postJson(t, jar, '/logon/passkey/options', page.csrf, { device: 'mobile' });
  assert.equal(options.statusCode, 200, options.body);
  return { jar, csrf: page.csrf, options: options.json() };
}

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
