import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { cookiesFrom, type TestApp, testApp } from '../../../test/support/app.ts';
import type { AppDeps } from './app.tsx';

// Routes only these tests need: a form protected like every form, and a handler that fails.
const testRoutes = (app: FastifyInstance, deps: AppDeps) => {
  app.get('/test/form', (_request, reply) => reply.send({ token: reply.csrfToken() }));
  app.post('/test/form', (request) => ({ received: (request.body as Record<string, string>).name }));
  app.get('/test/boom', () => {
    throw new Error('secret internal detail');
  });
  app.get('/api/test/boom', () => {
    throw new Error('secret internal detail');
  });
  // A query that fails on a value: the value must not reach the log.
  app.get('/test/duplicate', async () => {
    const db = deps.database.db;
    await db.execute(sql`create table if not exists seen (email text unique)`);
    await db.execute(sql`insert into seen values (${'private.person@example.lu'})`);
    await db.execute(sql`insert into seen values (${'private.person@example.lu'})`);
  });
};

describe('HTTP foundation', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ extraFeatures: [testRoutes] });
  });
  after(() => t.close());

  it('serves the home page in French by default, with a strict Content-Security-Policy', async () => {
    const res = await t.app.inject({ url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<html lang="fr">/);
    assert.match(res.body, /Espace privé/);
    assert.match(res.body, /Espace professionnel/);
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(res.body, /<script|style=/, 'no inline script or style');
  });

  it('follows Accept-Language on a first visit and the language cookie afterwards', async () => {
    const english = await t.app.inject({ url: '/', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    assert.match(english.body, /<html lang="en">/);
    assert.match(english.body, /Private eSpace/);

    const switched = await t.app.inject({ url: '/language/de?next=/help' });
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, '/help');
    const cookie = switched.cookies.find((c) => c.name === 'lang');
    assert.equal(cookie?.value, 'de');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Lax');

    const german = await t.app.inject({
      url: '/help',
      headers: { cookie: cookiesFrom(switched), 'accept-language': 'en' },
    });
    assert.match(german.body, /<html lang="de">/);
    assert.match(german.body, /<h1>Hilfe<\/h1>/);
  });

  it('never redirects outside the site after a language switch', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const res = await t.app.inject({ url: `/language/en?next=${encodeURIComponent(next)}` });
      assert.equal(res.headers.location, '/', next);
    }
  });

  it('serves every footer page in the three languages', async () => {
    const pages = {
      '/help': ['Aide', 'Help', 'Hilfe'],
      '/contact': ['Contact', 'Contact', 'Kontakt'],
      '/legal-notice': ['Mentions légales', 'Legal notice', 'Impressum'],
      '/accessibility': ['Accessibilité', 'Accessibility', 'Barrierefreiheit'],
      '/sitemap': ['Plan du site', 'Sitemap', 'Sitemap'],
    };
    for (const [url, titles] of Object.entries(pages)) {
      for (const [i, lang] of ['fr', 'en', 'de'].entries()) {
        const res = await t.app.inject({ url, headers: { cookie: `lang=${lang}` } });
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, new RegExp(`<h1>${titles[i]}</h1>`), `${url} in ${lang}`);
      }
    }
  });

  it('answers unknown pages with a 404 page in the visitor language', async () => {
    const res = await t.app.inject({ url: '/no/such/page', headers: { 'accept-language': 'de' } });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /Seite nicht gefunden/);
  });

  it('answers under /api/ with application/problem+json', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'en' } });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    const problem = res.json();
    assert.equal(problem.status, 404);
    assert.equal(problem.title, 'Page not found');
    assert.equal(problem.instance, '/api/nothing-here');
  });

  it('renders a 500 page with a reference and no internal detail; the API gets a problem', async () => {
    const page = await t.app.inject({ url: '/test/boom', headers: { 'accept-language': 'en' } });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Something went wrong/);
    const reference = /Incident reference: ([0-9a-f-]{36})/.exec(page.body)?.[1];
    assert.ok(reference);
    assert.doesNotMatch(page.body, /secret internal detail/);
    // The log line of the failure carries the request id the page shows.
    assert.match(t.logs(), new RegExp(`"reqId":"${reference}".*secret internal detail`));

    const api = await t.app.inject({ url: '/api/test/boom' });
    assert.equal(api.statusCode, 500);
    assert.match(api.headers['content-type'] as string, /application\/problem\+json/);
    assert.doesNotMatch(api.body, /secret internal detail/);
    assert.match(t.logs(), /secret internal detail/, 'the detail goes to the log for operators');
  });

  it('logs a failed query with its SQL and code, never the values it carried', async () => {
    const res = await t.app.inject({ url: '/test/duplicate' });
    assert.equal(res.statusCode, 500);
    assert.match(t.logs(), /insert into seen values/);
    assert.match(t.logs(), /violates unique constraint \\"seen_email_key/, "the database's message");
    assert.doesNotMatch(t.logs(), /private\.person@example\.lu/);
  });

  it('refuses a form post without a valid CSRF token and accepts it with one', async () => {
    const missing = await t.app.inject({ method: 'POST', url: '/test/form', payload: { name: 'x' } });
    assert.equal(missing.statusCode, 403);
    assert.match(missing.body, /Formulaire expiré/);

    const form = await t.app.inject({ url: '/test/form' });
    const cookie = cookiesFrom(form);
    assert.ok(form.cookies.find((c) => c.name === '_csrf')?.httpOnly);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/test/form',
      headers: { cookie },
      payload: { name: 'x', _csrf: 'forged-token' },
    });
    assert.equal(forged.statusCode, 403);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/test/form',
      headers: { cookie },
      payload: { name: 'Anne', _csrf: form.json().token },
    });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { received: 'Anne' });
  });

  it('serves static assets with long-lived immutable caching and links them by content hash', async () => {
    const home = await t.app.inject({ url: '/' });
    const href = home.body.match(/href="(\/assets\/app\.css\?v=[0-9a-f]{12})"/)?.[1];
    assert.ok(href, 'stylesheet linked with a hash');
    const css = await t.app.inject({ url: href });
    assert.equal(css.statusCode, 200);
    assert.match(
      css.headers['cache-control'] as string,
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );
  });

  it('reports health; metrics are not public (metrics.test.ts shows how they are served)', async () => {
    const health = await t.app.inject({ url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { status: 'ok', database: 'up' });
    const metrics = await t.app.inject({ url: '/metrics' });
    assert.equal(metrics.statusCode, 404);
    assert.doesNotMatch(metrics.body, /comptoir_/);
  });

  it('logs one line per request with no personal data', async () => {
    const before = t.logs().split('\n').length;
    await t.app.inject({
      url: '/help?email=anne.muller@example.lu&code=ABCD-EFGH&nationalId=1980010112345',
      headers: { cookie: 'session=s3cr3t-session-token; lang=en', authorization: 'Bearer tok123' },
    });
    const lines = t
      .logs()
      .split('\n')
      .slice(before - 1)
      .filter(Boolean);
    const requestLines = lines.filter((l) => JSON.parse(l).msg === 'request');
    assert.equal(requestLines.length, 1);
    const entry = JSON.parse(requestLines[0]!);
    assert.equal(entry.route, '/help');
    assert.equal(entry.status, 200);
    const all = lines.join('\n');
    for (const secret of ['anne.muller', 'ABCD-EFGH', '1980010112345', 's3cr3t', 'tok123', '127.0.0.1']) {
      assert.ok(!all.includes(secret), `log leaks ${secret}`);
    }
  });
});

/** What a request over the network gets back: status, body, and the headers an answer chooses. */
async function overTheNetwork(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
  });
  return { status: res.status, body: await res.text(), headers };
}

describe('health over the network', () => {
  it('answers a probe before Fastify with the same body and headers as its route, and nothing else does', async () => {
    const t = await testApp({ env: { RATE_LIMIT_MAX: '1' } });
    try {
      const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const early = await overTheNetwork(`${url}/healthz`);
      // HEAD and a query string go through Fastify, to the route.
      const routed = await overTheNetwork(`${url}/healthz?from=probe`);
      assert.equal(early.status, 200);
      assert.deepEqual(JSON.parse(early.body), { status: 'ok', database: 'up' });
      assert.equal(early.body, routed.body);
      assert.deepEqual(early.headers, routed.headers, 'security headers, cache-control and type alike');
      assert.ok(early.headers['content-security-policy']);
      // Not counted by the rate limit (1 a minute here), like the route; other paths still are.
      for (let i = 0; i < 3; i++) assert.equal((await overTheNetwork(`${url}/healthz`)).status, 200);
      assert.equal((await overTheNetwork(`${url}/help`)).status, 200);
      assert.equal((await overTheNetwork(`${url}/help`)).status, 429);
      // Only a GET of the exact path: a POST is Fastify's (refused without a CSRF token).
      assert.equal((await overTheNetwork(`${url}/healthz`, { method: 'POST' })).status, 403);
      assert.equal((await overTheNetwork(`${url}/healthz`, { method: 'HEAD' })).status, 200);
    } finally {
      await t.close();
    }
  });
});

describe('health when the database is down', () => {
  it('answers 503, through the route and before Fastify', async () => {
    const t = await testApp();
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.database.close();
    const res = await t.app.inject({ url: '/healthz' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { status: 'unavailable', database: 'down' });
    const early = await overTheNetwork(`${url}/healthz`);
    assert.equal(early.status, 503);
    assert.deepEqual(JSON.parse(early.body), { status: 'unavailable', database: 'down' });
    await t.app.close();
  });
});

describe('rate limiting', () => {
  it('answers 429 with a page in the visitor language past the limit', async () => {
    const t = await testApp({ env: { RATE_LIMIT_MAX: '3' } });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await t.app.inject({ url: '/help' })).statusCode, 200);
      const limited = await t.app.inject({ url: '/help', headers: { 'accept-language': 'en' } });
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Too many requests/);
      assert.ok(limited.headers['retry-after']);
      const health = await t.app.inject({ url: '/healthz' });
      assert.equal(health.statusCode, 200, 'health checks are never limited');
    } finally {
      await t.close();
    }
  });
});
