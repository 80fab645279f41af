import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runEntry } from '../../test/support/cli.ts';
import { contender, ended } from '../../test/support/data-lock.ts';
import { openDatabase } from '../platform/db.ts';

describe('comptoir CLI', () => {
  it('`comptoir migrate` creates the schema in DATA_DIR', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'comptoir-cli-'));
    try {
      const result = await runEntry('src/cli/main.ts', ['migrate'], { DATA_DIR: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Migrations applied/);
      const database = await openDatabase({ dataDir: dir });
      const tables = await database.db.execute(
        "select table_name from information_schema.tables where table_schema = 'public'" as never,
      );
      await database.close();
      assert.ok(JSON.stringify(tables).includes('app_meta'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('waits while another process holds the data folder, then opens it under the lock', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'comptoir-cli-wait-'));
    const holder = await contender(dir);
    try {
      assert.equal(holder.answer, 'locked');
      // The holder lets go once the command says it waits.
      const result = await runEntry(
        'src/cli/main.ts',
        ['migrate'],
        { DATA_DIR: dir },
        { onStderr: (soFar) => soFar.includes('Waiting') && holder.child.stdin!.end() },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`^Waiting: the data folder .* is in use by process ${holder.child.pid}`),
      );
      assert.match(result.stdout, /Migrations applied/);
    } finally {
      holder.child.stdin!.end();
      await ended(holder.child);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints its usage and fails on an unknown command', async () => {
    const result = await runEntry('src/cli/main.ts', ['frobnicate'], {});
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown command "frobnicate"/);
    assert.match(result.stderr, /migrate/);
  });
});

describe('server start', () => {
  it('refuses to start on bad configuration, one line per bad value, non-zero exit', async () => {
    const result = await runEntry('src/main.ts', [], { PORT: 'eighty', MODE: 'staging', LOG_LEVEL: 'loud' });
    assert.equal(result.code, 2);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 3, result.stderr);
    assert.ok(lines.every((l) => l.startsWith('Configuration error: ')));
    assert.match(result.stderr, /PORT/);
    assert.match(result.stderr, /MODE/);
    assert.match(result.stderr, /LOG_LEVEL/);
  });

  it('refuses demo mode beyond this machine without DEMO_PUBLIC=true, before opening anything', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'comptoir-public-'));
    try {
      const result = await runEntry('src/main.ts', [], { HOST: '0.0.0.0', DATA_DIR: dir });
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        /^Configuration error: HOST is 0\.0\.0\.0, beyond this machine, in demo mode: the demo publishes its identities, their passwords and every mail\. Set MODE=production, or DEMO_PUBLIC=true/,
      );
      assert.deepEqual(await readdir(dir), [], 'no database was made');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
