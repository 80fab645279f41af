/**
 * `npm test`: the whole suite, on both databases.
 *   1. unit and integration tests (node:test) on the embedded PGlite;
 *   2. the same on a PostgreSQL server: DATABASE_URL when set, else 127.0.0.1:5432 as `postgres`;
 *      a fresh template database is migrated once and every test file clones it;
 *   3. end-to-end tests (Playwright, system Chromium) against a server on each database.
 * Outside CI, a missing PostgreSQL or Chromium is reported as skipped in plain words;
 * under CI=true nothing may be skipped.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/platform/db.ts';
import { createServerDatabase, databaseUrl } from './support/db.ts';

const ci = process.env.CI === 'true';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { values } = parseArgs({ options: { only: { type: 'string' } } });
const runUnit = !values.only || values.only === 'unit';
const runE2e = !values.only || values.only === 'e2e';

type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const notes: string[] = [];

function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function count(output: string, pattern: RegExp): number {
  return [...output.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function unitTests(label: string, env: Record<string, string | undefined>): Promise<boolean> {
  process.stdout.write(`\n== unit and integration tests on ${label} ==\n`);
  const { code, output } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'test/**/*.test.ts',
    ],
    env,
  );
  total.passed += count(output, /^ℹ pass (\d+)/gm);
  total.failed += count(output, /^ℹ fail (\d+)/gm) + count(output, /^ℹ cancelled (\d+)/gm);
  const skipped = count(output, /^ℹ skipped (\d+)/gm);
  total.skipped += skipped;
  if (ci && skipped > 0) {
    notes.push(`${skipped} test(s) skipped on ${label}: nothing may be skipped under CI`);
    return false;
  }
  return code === 0;
}

async function e2eTests(label: string, env: Record<string, string | undefined>): Promise<boolean> {
  process.stdout.write(`\n== end-to-end tests (Chromium) on ${label} ==\n`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'comptoir-e2e-'));
  try {
    const { code, output } = await run(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list'],
      { ...env, E2E_DATA_DIR: dataDir },
    );
    total.passed += count(output, /^\s+(\d+) passed/gm);
    total.failed += count(output, /^\s+(\d+) failed/gm) + count(output, /^\s+(\d+) flaky/gm);
    const skipped = count(output, /^\s+(\d+) skipped/gm);
    total.skipped += skipped;
    if (ci && skipped > 0) {
      notes.push(`${skipped} end-to-end test(s) skipped on ${label}`);
      return false;
    }
    return code === 0;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

let ok = true;
const pgServer = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgProblem = await reachable(databaseUrl(pgServer, 'postgres'));
const hasChromium = existsSync(chromium);
// The PGlite pass must not see the server URL: it tests the embedded default.
const pgliteEnv = {
  DATABASE_URL: undefined,
  TEST_DB_ENGINE: 'pglite',
  TEST_PG_URL: pgProblem ? undefined : pgServer,
};

if (pgProblem) {
  const line = `PostgreSQL: skipped, no server answered at ${new URL(pgServer).host} (${pgProblem}).`;
  if (ci) {
    notes.push(`${line} CI needs it.`);
    ok = false;
  } else notes.push(line);
}
if (runE2e && !hasChromium) {
  const line = `End-to-end tests: skipped, no Chromium at ${chromium} (install the Debian package "chromium").`;
  if (ci) {
    notes.push(`${line} CI needs it.`);
    ok = false;
  } else notes.push(line);
}

if (runUnit) ok = (await unitTests('PGlite', pgliteEnv)) && ok;
if (runE2e && hasChromium) ok = (await e2eTests('PGlite', pgliteEnv)) && ok;

if (!pgProblem) {
  // One template per run, migrated once; every test file clones it, then it is dropped.
  const template = await createServerDatabase(pgServer);
  try {
    const database = await openDatabase({ databaseUrl: template.url, dataDir: '', poolMax: 1 });
    await database.migrate();
    await database.close();
    const pgEnv = {
      DATABASE_URL: undefined,
      TEST_DB_ENGINE: 'postgres',
      TEST_PG_URL: pgServer,
      TEST_PG_TEMPLATE: template.name,
    };
    if (runUnit) ok = (await unitTests('PostgreSQL', pgEnv)) && ok;
    if (runE2e && hasChromium) {
      const e2eDb = await createServerDatabase(pgServer);
      try {
        ok = (await e2eTests('PostgreSQL', { ...pgEnv, E2E_DATABASE_URL: e2eDb.url })) && ok;
      } finally {
        await e2eDb.drop();
      }
    }
  } finally {
    await template.drop();
  }
}

process.stdout.write(`\n${notes.map((n) => `note: ${n}\n`).join('')}`);
process.stdout.write(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(ok && total.failed === 0 ? 0 : 1);
