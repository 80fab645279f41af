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
