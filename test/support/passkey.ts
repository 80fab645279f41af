import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { TestApp } from './app.ts';

/** A software passkey (FakeAuthenticator) and the HTTP steps of its log on, for the passkey tests. */

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString('base64url');
const counterBytes = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** A software authenticator: an ES256 key pair and a discoverable credential, as a passkey. */
export class FakeAuthenticator {
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
export class Jar {
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

export async function getPage(t: TestApp, jar: Jar, url: string) {
  const res = await t.app.inject({ url, headers: { cookie: jar.toString(), 'accept-language': 'en' } });
  jar.take(res);
  const csrf = res.body.match(/data-csrf="([^"]+)"/)?.[1];
  return { res, csrf: csrf ?? '' };
}

export async function postJson(t: TestApp, jar: Jar, url: string, csrf: string, payload: unknown) {
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
export async function enrol(t: TestApp, auth: FakeAuthenticator, surname: string) {
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
export async function startLogon(t: TestApp, jar = new Jar()) {
  const page = await getPage(t, jar, '/logon/passkey?device=mobile');
  assert.equal(page.res.statusCode, 200);
  const options = await postJson(t, jar, '/logon/passkey/options', page.csrf, { device: 'mobile' });
  assert.equal(options.statusCode, 200, options.body);
  return { jar, csrf: page.csrf, options: options.json() };
}
