import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.ts';

const TOKEN = 'metrics-token-0123456789abcdefghijkl';

/** A GET over the network, as Prometheus scrapes. */
async function scrape(url: string, token?: string) {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: await res.text(), challenge: res.headers.get('www-authenticate') };
}

describe('metrics with METRICS_TOKEN (and a metrics port)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0' } });
    await t.app.ready();
  });
  after(() => t.close());

  it("answers on the portal's port only with the bearer token", async () => {
    await t.app.inject({ url: '/healthz' });
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await t.app.inject({
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      assert.equal(res.statusCode, 401, String(authorization));
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
      assert.equal(res.body, '', 'nothing of the metrics');
    }
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/plain/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /comptoir_http_request_duration_seconds_bucket\{.*route="\/healthz"/);
    assert.match(res.body, /comptoir_process_cpu_user_seconds_total/);
  });

  it('asks the token on the metrics port too, which listens on loopback', async () => {
    const url = t.app.metricsUrl;
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const refused = await scrape(url!, 'wrong');
    assert.equal(refused.status, 401);
    assert.equal(refused.challenge, 'Bearer realm="metrics"');
    const ok = await scrape(url!, TOKEN);
    assert.equal(ok.status, 200);
    assert.match(ok.body, /comptoir_http_request_duration_seconds/);
  });
});

describe('metrics on METRICS_PORT without a token', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { METRICS_PORT: '0' } });
    await t.app.ready();
  });
  after(() => t.close());

  it("serves them on the metrics port only, never on the portal's", async () => {
    await t.app.inject({ url: '/help' });
    const onPortal = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(onPortal.statusCode, 404);
    assert.doesNotMatch(onPortal.body, /comptoir_/);
    const url = t.app.metricsUrl!;
    const ok = await scrape(url);
    assert.equal(ok.status, 200);
    assert.match(ok.body, /comptoir_http_request_duration_seconds_bucket\{.*route="\/help"/);
    const elsewhere = await scrape(url.replace('/metrics', '/help'));
    assert.equal(elsewhere.status, 404, 'the metrics port serves nothing of the portal');
  });

  it('closes the metrics port with the app', async () => {
    const other = await testApp({ env: { METRICS_PORT: '0' } });
    await other.app.ready();
    const url = other.app.metricsUrl!;
    assert.equal((await scrape(url)).status, 200);
    await other.close();
    await assert.rejects(fetch(url));
  });
});
