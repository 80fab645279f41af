import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson, pageCsrf } from '../../../test/support/identity.ts';

/** The Set-Cookie header lines of a response, by cookie name. */
function setCookies(res: LightMyRequestResponse): Map<string, string> {
  const header = res.headers['set-cookie'];
  const lines = header === undefined ? [] : [header].flat();
  return new Map(lines.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

describe('cookies when BASE_URL is https (TLS ended by a proxy, TRUST_PROXY off)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { BASE_URL: 'https://portal.example.lu', TRUST_PROXY: 'false' } });
  });
  after(() => t.close());

  it('sets every cookie Secure, though the request came over plain http', async () => {
    const lang = setCookies(await t.app.inject({ url: '/language/en?next=/help' }));
    assert.match(lang.get('lang') ?? '', /; Secure/);
    assert.match(lang.get('lang') ?? '', /; HttpOnly/);
    const logon = setCookies(await t.app.inject({ url: '/logon?next=%2Fdevices' }));
    assert.match(logon.get('logon') ?? '', /; Secure/);
    assert.match(logon.get('logon_next') ?? '', /; Secure/);
    const form = setCookies(await t.app.inject({ url: '/logon/token' }));
    assert.match(form.get('_csrf') ?? '', /; Secure/);
  });

  it('names the session cookie __Host-sid: Secure, Path=/, no Domain; plain sid is not read', async () => {
    const person = await newOtpPerson(t);
    const { response: res, cookie } = await logOnWithToken(t, person);
    assert.equal(res.statusCode, 303);
    const set = setCookies(res);
    assert.equal(set.has('sid'), false);
    const session = set.get('__Host-sid') ?? '';
    assert.match(session, /^__Host-sid=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    assert.doesNotMatch(session, /Domain=/i);
    assert.match(set.get('logon') ?? '', /Expires=Thu, 01 Jan 1970.*; Secure/, 'the attempt cleared, Secure');

    const devices = await t.app.inject({ url: '/devices', headers: { cookie } });
    assert.equal(devices.statusCode, 200);
    const token = res.cookies.find((c) => c.name === '__Host-sid')?.value;
    const plain = await t.app.inject({ url: '/devices', headers: { cookie: `sid=${token}` } });
    assert.equal(plain.statusCode, 303, 'the http name is not a session over https');

    const page = await pageCsrf(t, '/devices', cookie);
    const out = await t.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: page.cookie },
      payload: { _csrf: page.csrf },
    });
    assert.equal(out.statusCode, 303);
    // A browser ignores the clearing of a __Host- cookie without Secure and Path=/.
    assert.match(setCookies(out).get('__Host-sid') ?? '', /^__Host-sid=; .*Path=\/.*; Secure/);
  });
});

describe('cookies when BASE_URL is http (the demo on localhost)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { BASE_URL: 'http://localhost:3000' } });
  });
  after(() => t.close());

  it('keeps the name sid and sets no cookie Secure', async () => {
    const person = await newOtpPerson(t);
    const set = setCookies((await logOnWithToken(t, person)).response);
    assert.match(set.get('sid') ?? '', /^sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal(set.has('__Host-sid'), false);
    const lang = setCookies(await t.app.inject({ url: '/language/en' }));
    assert.doesNotMatch(lang.get('lang') ?? '', /Secure/);
  });
});
