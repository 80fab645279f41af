import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { grantOfficer } from '../../features/authorities/service.ts';

/** Lines the app logged at level error (50) or worse: what reaches an operator's alerts. */
const errorLines = (t: TestApp) =>
  t
    .logs()
    .split('\n')
    .filter(Boolean)
    .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

/**
 * Issue 11, point 2: each of these answered 500 and wrote an error to the log. Each must be a
 * 4xx page in the visitor's language, and the log stays free of errors.
 */
describe('bad input never gives a 500', () => {
  let t: TestApp;
  let admin: Agent;
  let officer: Agent;
  before(async () => {
    t = await testApp();
    admin = (await personLoggedOn(t)).agent;
    await setUpBusinessSpace(admin, 'Bad Input SARL');
    const person = await newOtpPerson(t);
    await grantOfficer(
      { db: t.database.db, config: t.config },
      { person: person.personId, administration: 'ITM' },
    );
    officer = await logOn(t, person);
  });
  after(() => t.close());

  it('refuses a NUL character in a query, a form field or next with 400, in the language of the page', async () => {
    const refused = [
      await admin.get('/space/users?q=a%00b'),
      await admin.get('/business-data/ITM_ELECTIONS?q=a%00b'),
      await officer.get('/backoffice/ITM/codes?q=a%00b'),
      await officer.post('/backoffice/ITM/codes/new', {
        scope: 'ITM\u0000ELECTIONS',
        kind: 'holder',
        entities: 'rcs:B100001',
      }),
      await officer.post('/backoffice/ITM/codes/new', {
        scope: 'ITM_ELECTIONS',
        kind: 'holder',
        entities: ['rcs:B100001', 'rcs:B\u0000'],
      }),
      await new Agent(t).get('/logon?next=/a%00b'),
      await admin.get('/space/certifications/ITM%00/agents'),
    ];
    for (const res of refused) {
      assert.equal(res.statusCode, 400, res.body.slice(0, 200));
      assert.match(res.body, /<h1>Bad request<\/h1>/);
    }
    const german = await t.app.inject({ url: '/help?x=%00', headers: { 'accept-language': 'de' } });
    assert.equal(german.statusCode, 400);
    assert.match(german.body, /Ungültige Anfrage/);
  });

  it('answers a malformed id with 404, without asking the database', async () => {
    const malformed = ['xyz', '1', '------------------------------------', "' or 1=1 --", '%E2%82%AC'];
    for (const id of malformed) {
      const calls = [
        admin.get(`/space/users/m/${id}`),
        admin.post(`/space/users/m/${id}/remove`),
        admin.get(`/space/users/i/${id}`),
        admin.post(`/space/users/i/${id}/resend`),
        admin.post(`/devices/${id}/revoke`),
        admin.post(`/invitations/id/${id}/accept`),
        admin.post(`/invitations/id/${id}/decline`),
        admin.get(`/space/certifications/ITM_ELECTIONS/m/${id}/give-up`),
        admin.post(`/space/certifications/ITM_ELECTIONS/m/${id}/give-up`),
        admin.get(`/space/certifications/ITM_ELECTIONS/agents/${id}/revoke`),
        admin.get(`/business-data/ITM_ELECTIONS/${id}`),
        officer.get(`/backoffice/ITM/codes/${id}/revoke`),
        officer.post(`/backoffice/ITM/codes/${id}/revoke`),
        admin.get(`/dev/mailbox/${id}`),
      ];
      for (const res of await Promise.all(calls)) {
        assert.equal(res.statusCode, 404, `${id}: ${res.body.slice(0, 200)}`);
        assert.match(res.body, /Page not found/);
      }
    }
  });

  it('answers a body over the limit 413, bad JSON 400, an unknown content type 415', async () => {
    const tooLarge = await t.app.inject({
      method: 'POST',
      url: '/logon/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
      payload: `login=${'x'.repeat(1_100_000)}`,
    });
    assert.equal(tooLarge.statusCode, 413);
    assert.match(tooLarge.body, /Sendung zu groß/);
    const json = await t.app.inject({
      method: 'POST',
      url: '/logon/passkey/options',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"device": ',
    });
    assert.equal(json.statusCode, 400);
    assert.match(json.body, /Bad request/);
    for (const type of ['application/xml', 'application/octet-stream']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/logon/token',
        headers: { 'content-type': type, 'accept-language': 'fr' },
        payload: 'login=x',
      });
      assert.equal(res.statusCode, 415, type);
      assert.match(res.body, /Format non accepté/);
    }
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/logon/token',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'accept-language': 'en' },
      payload: '--x\r\nContent-Disposition: form-data; name="login"\r\n\r\nx\r\n--x--\r\n',
    });
    assert.equal(multipart.statusCode, 400, 'a form with files only where a route takes them');
  });

  it('answers what the static files refuse with their 4xx, over a real connection', async () => {
    const address = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    // A raw request: fetch() would resolve the dot segments before sending them.
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        httpRequest({ host: address.hostname, port: address.port, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    for (const path of [
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/../../package.json',
      '/assets/vendor/simplewebauthn/%2e%2e/%2e%2e/%2e%2e/package.json',
    ]) {
      assert.equal(await get(path), 403, path);
    }
    assert.equal(await get('/assets/app.css%00'), 400);
    assert.equal(await get('/assets/app.css', { range: 'bytes=99999999-' }), 416);
    assert.equal(await get('/assets/app.css'), 200);
  });

  it('wrote no error to the log', () => {
    assert.deepEqual(errorLines(t), []);
  });
});
