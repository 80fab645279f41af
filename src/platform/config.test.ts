import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, exposureProblems, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to demo mode on the embedded database in ./data, port 3000', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.mode, 'demo');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.baseUrl, 'http://localhost:3000');
  });

  it('defaults to production mode on a PostgreSQL server, and MODE overrides it', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db/comptoir' }).mode, 'production');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db/comptoir', MODE: 'demo' }).mode, 'demo');
  });

  it('reports every bad value on its own line, without echoing URLs that may hold passwords', () => {
    try {
      loadConfig({
        PORT: 'abc',
        MODE: 'test',
        DATABASE_URL: 'mysql://root:secret@db/x',
        LOG_LEVEL: 'loud',
        SMTP_URL: 'http://mail',
      });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const keys = error.problems.map((p) => p.split(' ')[0]).sort();
      assert.deepEqual(keys, ['DATABASE_URL', 'LOG_LEVEL', 'MODE', 'PORT', 'SMTP_URL']);
      assert.match(error.problems.find((p) => p.startsWith('PORT'))!, /whole number.*"abc"/);
      assert.ok(!error.message.includes('secret'));
    }
  });

  it('takes TRUST_PROXY as a hop count or proxy addresses, and refuses true', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.2, 10.1.0.0/16,::1,loopback' }).trustProxy, [
      '10.0.0.2',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
    for (const bad of ['true', 'yes', '11', '10.0.0.0/33', 'proxy.example.lu', '10.0.0.1,']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: bad }),
        (error: unknown) =>
          error instanceof ConfigError &&
          /^TRUST_PROXY must be false, the number of proxies .* true is refused/.test(error.problems[0]!),
        bad,
      );
    }
  });

  it('asks a metrics token of 32 characters at least, and never echoes it', () => {
    const config = loadConfig({ METRICS_TOKEN: 'x'.repeat(32), METRICS_PORT: '9464' });
    assert.deepEqual(config.metrics, { token: 'x'.repeat(32), port: 9464, host: '127.0.0.1' });
    assert.deepEqual(loadConfig({}).metrics, { token: undefined, port: undefined, host: '127.0.0.1' });
    try {
      loadConfig({ METRICS_TOKEN: 'short-secret' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /METRICS_TOKEN must be at least 32 characters/);
      assert.ok(!error.message.includes('short-secret'));
    }
  });

  it('treats empty variables as unset and trims BASE_URL', () => {
    const config = loadConfig({ PORT: '', BASE_URL: 'https://portal.example.lu/' });
    assert.equal(config.port, 3000);
    assert.equal(config.baseUrl, 'https://portal.example.lu');
  });

  it('keeps the demo on this machine unless DEMO_PUBLIC=true says otherwise', () => {
    const problems = (env: Record<string, string>) => exposureProblems(loadConfig(env));
    // The fresh clone's `npm start`: demo, on localhost.
    assert.deepEqual(problems({}), []);
    for (const host of ['localhost', '127.0.0.1', '127.0.0.2', '::1', '[::1]'])
      assert.deepEqual(problems({ HOST: host }), [], host);
    const everywhere = problems({ HOST: '0.0.0.0' });
    assert.equal(everywhere.length, 1, 'TLS_HOST follows HOST: one line');
    assert.match(
      everywhere[0]!,
      /^HOST is 0\.0\.0\.0, beyond this machine, in demo mode: .*DEMO_PUBLIC=true/,
    );
    assert.equal(problems({ HOST: '::' }).length, 1);
    assert.equal(problems({ HOST: '192.168.1.20' }).length, 1);
    assert.equal(problems({ HOST: 'portal.example.lu' }).length, 1, 'a name is not known to stay here');
    assert.match(problems({ TLS_HOST: '0.0.0.0' })[0]!, /^TLS_HOST is 0\.0\.0\.0/);
    assert.match(problems({ BASE_URL: 'https://demo.example.lu' })[0]!, /^BASE_URL is demo\.example\.lu/);
    assert.deepEqual(problems({ HOST: '0.0.0.0', DEMO_PUBLIC: 'true' }), []);
    assert.deepEqual(problems({ HOST: '0.0.0.0', MODE: 'production' }), []);
    assert.throws(() => loadConfig({ DEMO_PUBLIC: 'maybe' }), ConfigError);
  });
});
