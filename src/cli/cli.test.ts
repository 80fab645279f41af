import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../platform/db.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs a TypeScript entry point of the project as a child process, as an operator would. */
export function runEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
  { killAfterMs }: { killAfterMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = killAfterMs ? setTimeout(() => child.kill('SIGTERM'), killAfterMs) : undefined;
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

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
});
