import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

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
});
