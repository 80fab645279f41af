import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { pageCsrf } from '../../../test/support/identity.ts';
import { throttleEvents } from '../../db/schema/index.ts';
import { IP_ATTEMPTS } from '../../features/identity/rules.ts';

// The address the portal settled on for a request, as the throttles and the rate limit see it.
const echoIp = (app: FastifyInstance) => {
  app.get('/test/ip', (request) => ({ ip: request.ip }));
};

const PROXY = '10.0.0.1';
const CLIENT = '203.0.113.7';

/** A request through the proxy: the client wrote `forged`, the proxy appended the address it saw. */
const viaProxy = (forged: string, client = CLIENT) => ({
  remoteAddress: PROXY,
  headers: { 'x-forwarded-for': `${forged}, ${client}`, 'accept-language': 'en' },
});

describe('TRUST_PROXY=1 (one proxy in front)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { TRUST_PROXY: '1', RATE_LIMIT_MAX: '50' }, extraFeatures: [echoIp] });
  });
  after(() => t.close());

  it('takes the address the proxy appended, whatever the client wrote before it', async () => {
    for (const forged of ['198.51.100.1', '127.0.0.1', 'unknown', '203.0.113.8, 192.0.2.1']) {
      const res = await t.app.inject({ url: '/test/ip', ...viaProxy(forged) });
      assert.equal(res.json().ip, CLIENT, forged);
    }
    const direct = await t.app.inject({ url: '/test/ip', remoteAddress: PROXY });
    assert.equal(direct.json().ip, PROXY, 'no header: the peer itself');
  });

  it('throttles log on for the real client however often it changes the forged address', async () => {
    const form = await pageCsrf(t, '/logon/token');
    const attempt = (forged: string, client = CLIENT) =>
      t.app.inject({
        method: 'POST',
        url: '/logon/token',
        ...viaProxy(forged, client),
        headers: { ...viaProxy(forged, client).headers, cookie: form.cookie },
        payload: { _csrf: form.csrf, login: 'nobody-here', password: 'wrong', code: '000000' },
      });
    for (let i = 0; i < IP_ATTEMPTS.max; i++) {
      assert.equal((await attempt(`198.51.100.${i}`)).statusCode, 401, `attempt ${i + 1}`);
    }
    const blocked = await attempt('198.51.100.250');
    assert.equal(blocked.statusCode, 429);
    assert.match(blocked.body, /Too many log on attempts from your network/);
    const counted = await t.database.db
      .select({ key: throttleEvents.key })
      .from(throttleEvents)
      .where(eq(throttleEvents.bucket, 'logon.ip'));
    assert.deepEqual(
      [...new Set(counted.map((row) => row.key))],
      [CLIENT],
      'only the real address is counted',
    );
    const neighbour = await attempt('198.51.100.1', '203.0.113.9');
    assert.equal(neighbour.statusCode, 401, 'another client behind the same proxy is not blocked');
  });

  it('rate-limits the real client, not the address it forges', async () => {
    const client = '203.0.113.60';
    for (let i = 0; i < 50; i++) {
      const res = await t.app.inject({ url: '/help', ...viaProxy(`198.51.100.${i}`, client) });
      assert.equal(res.statusCode, 200, `request ${i + 1}`);
    }
    assert.equal(
      (await t.app.inject({ url: '/help', ...viaProxy('198.51.100.99', client) })).statusCode,
      429,
    );
    const other = await t.app.inject({ url: '/help', ...viaProxy('198.51.100.99', '203.0.113.61') });
    assert.equal(other.statusCode, 200);
  });
});

describe('TRUST_PROXY as a list of proxy addresses', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { TRUST_PROXY: '10.0.0.0/8, 192.168.1.5' }, extraFeatures: [echoIp] });
  });
  after(() => t.close());

  it('believes the headers of those proxies only', async () => {
    const proxied = await t.app.inject({ url: '/test/ip', ...viaProxy('198.51.100.1') });
    assert.equal(proxied.json().ip, CLIENT);
    // Two listed proxies in a row: the first address that is not one of them is the client.
    const chained = await t.app.inject({
      url: '/test/ip',
      remoteAddress: '192.168.1.5',
      headers: { 'x-forwarded-for': `198.51.100.1, ${CLIENT}, 10.2.3.4` },
    });
    assert.equal(chained.json().ip, CLIENT);
    const direct = await t.app.inject({
      url: '/test/ip',
      remoteAddress: '198.51.100.20',
      headers: { 'x-forwarded-for': CLIENT },
    });
    assert.equal(direct.json().ip, '198.51.100.20', 'a client reaching the portal directly forges nothing');
  });
});

describe('TRUST_PROXY off', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ extraFeatures: [echoIp] });
  });
  after(() => t.close());

  it('ignores forwarding headers, and warns once that they arrive', async () => {
    const plain = await t.app.inject({ url: '/test/ip', remoteAddress: PROXY });
    assert.equal(plain.json().ip, PROXY);
    assert.doesNotMatch(t.logs(), /TRUST_PROXY/, 'no warning without forwarding headers');
    for (const headers of [{ 'x-forwarded-for': CLIENT }, { forwarded: `for=${CLIENT}` }]) {
      const res = await t.app.inject({ url: '/test/ip', remoteAddress: PROXY, headers });
      assert.equal(res.json().ip, PROXY);
    }
    const warnings = t
      .logs()
      .split('\n')
      .filter((line) => line.includes('TRUST_PROXY'));
    assert.equal(warnings.length, 1, 'one warning per process, not one per request');
    const warning = JSON.parse(warnings[0]!);
    assert.equal(warning.level, 40);
    assert.match(warning.msg, /block log on for everyone/);
    assert.ok(!warning.msg.includes(CLIENT), 'the warning names no address');
  });
});
