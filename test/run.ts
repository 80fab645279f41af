/**
 * `npm test`: the whole suite, on both databases.
 *   1. unit and integration tests (node:test) on the embedded PGlite, in batches of files that
 *      share a process (--test-isolation=none: the modules are loaded and compiled once per batch,
 *      not once per file, which was most of the suite's time), three processes at a time (they
 *      wait on child processes, sockets and timers as much as on the CPU); every test database
 *      starts from a copy of one migrated once per run (with or without demo data);
 *   2. the same on a PostgreSQL server: DATABASE_URL when set, else 127.0.0.1:5432 as `postgres`;
 *      two template databases are migrated once (one with demo data) and test files clone them;
 *      files that cannot depend on the engine (see testFiles) run on the first pass only;
 *   3. end-to-end tests (Playwright, system Chromium) against a server on each database; the
 *      layout checks (axe, 320 px: the HTML only) on PGlite only.
 * Outside CI, a missing PostgreSQL or Chromium is reported as skipped in plain words;
 * under CI=true nothing may be skipped.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { demoSeeders } from '../src/features/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';
import { loadDemoDataOnce } from '../src/platform/demo.ts';
import { createServerDatabase, databaseUrl } from './support/db.ts';
import { testBatches, testFiles } from './support/test-files.ts';

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
  { echo = true }: { echo?: boolean } = {},
): Promise<{ code: number; signal: NodeJS.Signals | null; output: string; errors: string }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      errors += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, output, errors }));
  });
}

const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

function count(output: string, pattern: RegExp): number {
  return [...output.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** The processes running test files at once: the machines have two cores (see testBatches). */
const PROCESSES = 3;

/**
 * V8 (Node 24) may abort a process that has made and freed many PGlite instances: a check of its
 * table of JIT code pages fails ("Fatal error … jit_page", nodejs/node#64500, PKU or not).
 */
const v8Abort = (result: { signal: NodeJS.Signals | null; errors: string }) =>
  result.signal !== null || /Fatal error in|V8_Fatal/.test(result.errors);

async function unitTests(
  label: string,
  files: string[],
  env: Record<string, string | undefined>,
): Promise<boolean> {
  const batches = await testBatches(files, PROCESSES * 4);
  process.stdout.write(
    `\n== unit and integration tests on ${label} (${files.length} files in ${batches.length} processes, ${PROCESSES} at a time) ==\n`,
  );
  // Once its tests have reported, a process ends even if a file left a handle open: one file's
  // leak would otherwise hold its whole batch (and CI) until the job's time limit.
  const test = ['--import', './src/loader.mjs', '--test', '--test-force-exit', '--test-reporter=spec'];
  let ok = true;
  const started = Date.now();
  const runBatch = async (batch: string[]) => {
    const batchStarted = Date.now();
    let result = await run(process.execPath, [...test, '--test-isolation=none', ...batch], env, {
      echo: false,
    });
    if (v8Abort(result)) {
      notes.push(
        `on ${label}, V8 aborted a process (nodejs/node#64500): its ${batch.length} files ran again, each in a process of its own`,
      );
      result = await run(process.execPath, [...test, '--test-concurrency=1', ...batch], env, { echo: false });
    }
    // Printed whole once done: three processes' lines would interleave.
    process.stdout.write(result.output);
    process.stderr.write(result.errors);
    process.stdout.write(`-- ${batch.length} files in ${seconds(batchStarted)} s: ${batch.join(' ')}\n`);
    total.passed += count(result.output, /^ℹ pass (\d+)/gm);
    total.failed += count(result.output, /^ℹ fail (\d+)/gm) + count(result.output, /^ℹ cancelled (\d+)/gm);
    const skipped = count(result.output, /^ℹ skipped (\d+)/gm);
    total.skipped += skipped;
    if (ci && skipped > 0) {
      notes.push(`${skipped} test(s) skipped on ${label}: nothing may be skipped under CI`);
      ok = false;
    }
    if (result.code !== 0) ok = false;
  };
  const queue = [...batches];
  await Promise.all(
    Array.from({ length: PROCESSES }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) await runBatch(batch);
    }),
  );
  process.stdout.write(`== ${label}: ${seconds(started)} s ==\n`);
  return ok;
}

/**
 * The journeys in Chromium against a portal on one database. `layout`: also the tests tagged
 * @layout (axe and 320 px on every page, in three languages), which read the HTML only; the
 * pages are the same on both engines, so they run on the first pass only.
 */
async function e2eTests(
  label: string,
  env: Record<string, string | undefined>,
  { layout, port }: { layout: boolean; port: number },
): Promise<boolean> {
  const title = `end-to-end tests (Chromium) on ${label}${layout ? '' : ', without the @layout checks (run on PGlite)'}`;
  process.stdout.write(`\n== ${title} ==\n`);
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'comptoir-e2e-'));
  try {
    const { code, output } = await run(
      process.execPath,
      [
        'node_modules/@playwright/test/cli.js',
        'test',
        '--reporter=list',
        ...(layout ? [] : ['--grep-invert', '@layout']),
      ],
      { ...env, E2E_DATA_DIR: dataDir, E2E_PORT: String(port), E2E_OUTPUT: `test-results/${label}` },
    );
    process.stdout.write(`== ${label}, end-to-end: ${seconds(started)} s ==\n`);
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
const files = await testFiles();
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

/**
 * The demo data as a demo-mode start loads it, into a database migrated already: test
 * databases start from copies of both, instead of each migrating and seeding its own.
 */
async function loadDemo(database: Database): Promise<void> {
  await loadDemoDataOnce(database.db, loadConfig({ MODE: 'demo' }), demoSeeders);
}

if (runUnit) {
  const folder = await mkdtemp(path.join(tmpdir(), 'comptoir-pglite-'));
  try {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    const plain = path.join(folder, 'plain.tar');
    await writeFile(plain, Buffer.from(await (await database.dump!()).arrayBuffer()));
    await loadDemo(database);
    const demo = path.join(folder, 'demo.tar');
    await writeFile(demo, Buffer.from(await (await database.dump!()).arrayBuffer()));
    await database.close();
    ok =
      (await unitTests('PGlite', files.all, {
        ...pgliteEnv,
        TEST_PGLITE_PLAIN: plain,
        TEST_PGLITE_DEMO: demo,
      })) && ok;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (!pgProblem && runUnit) {
  // Two templates per run, migrated once, one with the demo data; every test database is a
  // clone of one of them, and they are dropped at the end.
  const template = await createServerDatabase(pgServer);
  const demoTemplate = await createServerDatabase(pgServer);
  try {
    for (const [target, demo] of [
      [template, false],
      [demoTemplate, true],
    ] as const) {
      const database = await openDatabase({ databaseUrl: target.url, dataDir: '', poolMax: 1 });
      await database.migrate();
      if (demo) await loadDemo(database);
      await database.close();
    }
    ok =
      (await unitTests('PostgreSQL', files.onEngine, {
        DATABASE_URL: undefined,
        TEST_DB_ENGINE: 'postgres',
        TEST_PG_URL: pgServer,
        TEST_PG_TEMPLATE: template.name,
        TEST_PG_DEMO_TEMPLATE: demoTemplate.name,
      })) && ok;
  } finally {
    await template.drop();
    await demoTemplate.drop();
  }
}

// The end-to-end passes one after the other: side by side they took as long (both are CPU-bound
// on two cores: 8.2 and 5.9 minutes together against 5.3 and 3.2 alone) and waited more on
// each other. The portal on PostgreSQL migrates its fresh database itself.
if (runE2e && hasChromium) {
  ok = (await e2eTests('PGlite', pgliteEnv, { layout: true, port: 3199 })) && ok;
  if (!pgProblem) {
    const e2eDb = await createServerDatabase(pgServer);
    try {
      ok =
        (await e2eTests(
          'PostgreSQL',
          { DATABASE_URL: undefined, E2E_DATABASE_URL: e2eDb.url },
          { layout: false, port: 3299 },
        )) && ok;
    } finally {
      await e2eDb.drop();
    }
  }
}

process.stdout.write(`\n${notes.map((n) => `note: ${n}\n`).join('')}`);
process.stdout.write(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(ok && total.failed === 0 ? 0 : 1);
