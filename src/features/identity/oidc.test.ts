import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { cookiesFrom, type TestApp, testApp } from '../../../test/support/app.ts';
import { pageCsrf } from '../../../test/support/identity.ts';
import {
  TEST_CLIENT as CLIENT,
  startOidcProvider,
  type TestProvider,
} from '../../../test/support/oidc-provider.ts';
import { auditEvents, devices, logonAttempts, persons } from '../../db/schema/index.ts';
import { enrolOtp } from './service/otp.ts';

const APP_BASE = 'http://localhost:3999';

/** The provider's cookies, by name (paths are ignored: the names do not collide). */
class Jar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Plays the person at the provider with its development login and consent forms, following
 * redirects by hand, until the provider sends the browser back to Comptoir. Returns that URL.
 */
async function signInAtProvider(authorizationUrl: string, subject: string): Promise<URL> {
  const jar = new Jar();
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.href.startsWith(APP_BASE)) return url;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header() },
      ...(body ? { body } : {}),
    });
    jar.store(response);
    method = 'GET';
    body = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    assert.equal(response.status, 200, `provider page ${url.pathname}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    assert.ok(action && prompt, `a form at ${url.pathname}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    method = 'POST';
    body =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login: subject, password: 'any' })
        : new URLSearchParams({ prompt });
  }
  throw new Error('the provider never sent the browser back');
}

describe('log on through an OpenID Connect provider', () => {
  let provider: TestProvider;
  let issuer: string;
  let t: TestApp;

  before(async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    provider = await startOidcProvider({ port, appBase: APP_BASE });
    issuer = provider.issuer;
    t = await testApp({
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT.id,
        OIDC_CLIENT_SECRET: CLIENT.secret,
        BASE_URL: APP_BASE,
      },
    });
  });
  after(async () => {
    await t.close();
    await provider.close();
  });

  /** Starts a log on at Comptoir: the redirect to the provider and the browser's `logon` cookie. */
  async function start() {
    const res = await t.app.inject({ url: '/logon/oidc' });
    assert.equal(res.statusCode, 303);
    const location = new URL(String(res.headers.location));
    return { location, cookie: cookiesFrom(res) };
  }

  async function callback(url: URL, cookie: string) {
    return t.app.inject({
      url: `${url.pathname}${url.search}`,
      headers: { cookie, 'accept-language': 'en' },
    });
  }

  async function logOn(subject: string) {
    const { location, cookie } = await start();
    const back = await signInAtProvider(location.href, subject);
    const res = await callback(back, cookie);
    return { res, cookie: cookiesFrom(res) };
  }

  it('shows the provider on the log on page', async () => {
    const res = await t.app.inject({ url: '/logon', headers: { 'accept-language': 'en' } });
    assert.match(res.body, /href="\/logon\/oidc"/);
  });

  it('sends the browser to the provider with PKCE, state and nonce kept in the attempt', async () => {
    const { location, cookie } = await start();
    assert.equal(location.origin, issuer);
    const q = location.searchParams;
    assert.equal(q.get('client_id'), CLIENT.id);
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('redirect_uri'), `${APP_BASE}/logon/oidc/callback`);
    assert.equal(q.get('scope'), 'openid profile email');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(q.get('state'));
    assert.ok(q.get('nonce'));
    assert.match(cookie, /logon=/);
    const rows = await t.database.db.select().from(logonAttempts);
    const attempt = rows.find((row) => row.state?.oidcState === q.get('state'));
    assert.ok(attempt, 'state stored in the attempt');
    assert.equal(attempt.state?.oidcNonce, q.get('nonce'));
    assert.ok(attempt.state?.oidcVerifier);
  });

  it('links a new subject to a new person on the first log on, and reuses it after', async () => {
    const first = await logOn('subject-1');
    assert.equal(first.res.statusCode, 303, first.res.body);
    assert.equal(first.res.headers.location, '/');
    assert.ok(
      first.res.cookies.some((c) => c.name === 'sid'),
      'session cookie set',
    );
    const home = await t.app.inject({ url: '/', headers: { cookie: first.cookie, 'accept-language': 'en' } });
    assert.match(home.body, /Oriane Delvaux/);

    const linked = await t.database.db
      .select()
      .from(devices)
      .where(and(eq(devices.oidcIssuer, issuer), eq(devices.oidcSubject, 'subject-1')));
    assert.equal(linked.length, 1);
    assert.equal(linked[0]!.kind, 'oidc');
    assert.equal(linked[0]!.label, 'oidc');
    assert.match(linked[0]!.certificateNumber, /^\d{20}$/);
    const [person] = await t.database.db.select().from(persons).where(eq(persons.id, linked[0]!.personId));
    assert.equal(person?.email, 'oriane@example.test');
    assert.equal(person?.preferredLang, 'en');

    const second = await logOn('subject-1');
    assert.equal(second.res.statusCode, 303, second.res.body);
    assert.ok(second.res.cookies.some((c) => c.name === 'sid'));
    const again = await t.database.db.select().from(devices).where(eq(devices.oidcSubject, 'subject-1'));
    assert.equal(again.length, 1, 'the same device, no second person');
    const owners = await t.database.db.select().from(persons).where(eq(persons.email, 'oriane@example.test'));
    assert.equal(owners.length, 1);

    const added = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'device.added'), eq(auditEvents.deviceId, linked[0]!.id)));
    assert.equal(added.length, 1);
    assert.ok(!t.logs().includes('oriane@example.test'), 'claims are not logged');
  });

  it('a revoked subject logs on again as a first log on: a new person, never the one who revoked it', async () => {
    const first = await logOn('subject-3');
    assert.equal(first.res.statusCode, 303, first.res.body);
    const [old] = await t.database.db.select().from(devices).where(eq(devices.oidcSubject, 'subject-3'));
    // A device may not be the last one to be revoked: the person adds a token first.
    await enrolOtp({ db: t.database.db, config: t.config }, old!.personId);
    const page = await pageCsrf(t, '/devices', first.cookie);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/devices/${old!.id}/revoke`,
      headers: { cookie: page.cookie },
      payload: { _csrf: page.csrf },
    });
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/devices?done=revoked');

    const again = await logOn('subject-3');
    assert.equal(again.res.statusCode, 303, again.res.body);
    assert.equal(again.res.headers.location, '/');
    const rows = await t.database.db.select().from(devices).where(eq(devices.oidcSubject, 'subject-3'));
    assert.equal(rows.length, 2);
    const fresh = rows.find((d) => d.id !== old!.id)!;
    assert.equal(fresh.revokedAt, null);
    assert.notEqual(fresh.personId, old!.personId, 'a new person');
    assert.ok(rows.find((d) => d.id === old!.id)?.revokedAt, 'the revoked device stays revoked');
    const session = await t.app.inject({
      url: '/devices',
      headers: { cookie: again.cookie, 'accept-language': 'en' },
    });
    assert.equal(session.statusCode, 200);
    assert.match(session.body, new RegExp(fresh.certificateNumber.slice(-7)));
    // A third log on finds the new device: no third person.
    assert.equal((await logOn('subject-3')).res.statusCode, 303);
    assert.equal(
      (await t.database.db.select().from(devices).where(eq(devices.oidcSubject, 'subject-3'))).length,
      2,
    );
  });

  it('falls back to the e-mail local part when the provider gives no name', async () => {
    const { res, cookie } = await logOn('subject-2');
    assert.equal(res.statusCode, 303, res.body);
    const home = await t.app.inject({ url: '/', headers: { cookie, 'accept-language': 'en' } });
    assert.match(home.body, /jean\.nom jean\.nom/);
  });

  it('refuses a tampered state', async () => {
    const { location, cookie } = await start();
    const back = await signInAtProvider(location.href, 'subject-1');
    back.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await callback(back, cookie);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /expired or was not started from this browser/);
    assert.match(res.body, /href="\/logon"/);
    assert.ok(!res.cookies.some((c) => c.name === 'sid'));
  });

  it('refuses a callback from another browser (no logon cookie)', async () => {
    const { location } = await start();
    const back = await signInAtProvider(location.href, 'subject-1');
    const res = await callback(back, '');
    assert.equal(res.statusCode, 400);
    assert.ok(!res.cookies.some((c) => c.name === 'sid'));
  });

  it('shows an error page when the provider refuses', async () => {
    const { location, cookie } = await start();
    const state = location.searchParams.get('state')!;
    const res = await t.app.inject({
      url: `/logon/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}`,
      headers: { cookie, 'accept-language': 'en' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Log on failed/);
    assert.match(res.body, /cancelled or refused/);
    assert.match(res.body, /href="\/logon"/);
    const failed = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'logon.failed'));
    assert.ok(failed.some((e) => e.detail?.reason === 'provider'));
  });

  it('is not found when no provider is configured', async () => {
    const plain = await testApp();
    try {
      assert.equal((await plain.app.inject({ url: '/logon/oidc' })).statusCode, 404);
      assert.equal((await plain.app.inject({ url: '/logon/oidc/callback?code=x&state=y' })).statusCode, 404);
    } finally {
      await plain.close();
    }
  });
});
