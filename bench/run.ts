/**
 * `npm run bench`: Comptoir's pages on PostgreSQL under load, beside two bare references in the
 * same run (the same work, and the one-query page), each list page at two sizes; with `--pglite`,
 * Comptoir on its embedded database too. See bench/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.ts';
import { startComptoir as startInProcess } from '../src/server.ts';
import { createServerDatabase } from '../test/support/db.ts';
import {
  freePort,
  type Load,
  load,
  postgresServerUrl,
  runBench,
  startComptoir,
  startProcess,
  stopAtExit,
  waitFor,
} from './lib.ts';
import { type Measured, type Page, report } from './report.ts';
import { type ListName, listScales, type ScaleSeed, seedScale } from './seed.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.duration);
const connections = Number(values.connections);
const warmup = Number(values.warmup);

const SLICES = 4;

const pages: Page[] = [
  { name: 'home page', path: '/', vsReference: 0.8 },
  { name: '/healthz', path: '/healthz', vsReference: 0.7 },
  { name: 'Users tab', path: '/space/users', vsReference: 0.7, list: 'members' },
  { name: 'my eSpaces', path: '/spaces', vsReference: 0.7, list: 'spaces' },
  { name: 'Certifications', path: '/space/certifications', vsReference: 0.7, list: 'mandates' },
  // The catalogue marks the sources the eSpace holds a mandate for: not a list of mandates.
  { name: 'business data', path: '/business-data', vsReference: 0.7, list: 'mandates', largeOnly: true },
  { name: 'data source', path: '/business-data/ITM_ELECTIONS', vsReference: 0.7, list: 'mandates' },
];

/** Slices of one target: mean throughput, worst tail latency, every error. */
const combine = (loads: Load[]): Load => ({
  rps: loads.reduce((sum, l) => sum + l.rps, 0) / loads.length,
  p99: Math.max(...loads.map((l) => l.p99)),
  errors: loads.reduce((sum, l) => sum + l.errors, 0),
  non2xx: loads.reduce((sum, l) => sum + l.non2xx, 0),
});

type Target = { url: string; headers: Record<string, string> };

/**
 * Loads the targets after a warm-up each, in slices whose order rotates (A B C, B C A, C A B…),
 * so that a slow moment of the machine (another process, autovacuum) falls on every side.
 */
async function measure(targets: Target[]): Promise<Load[]> {
  for (const { url, headers } of targets) await load(url, { connections, headers, seconds: warmup });
  const slices: Load[][] = targets.map(() => []);
  const sliceSeconds = Math.max(1, Math.round(seconds / SLICES));
  for (let i = 0; i < SLICES; i++) {
    for (let k = 0; k < targets.length; k++) {
      const j = (i + k) % targets.length;
      const { url, headers } = targets[j]!;
      slices[j]!.push(await load(url, { connections, headers, seconds: sliceSeconds }));
    }
  }
  return slices.map(combine);
}

/** Migrates a PGlite data folder and loads the demo as Comptoir's start would, then seeds it. */
async function preparePglite(dataDir: string): Promise<ScaleSeed> {
  const comptoir = await startInProcess(loadConfig({ MODE: 'demo', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
  await comptoir.close();
  const client = await PGlite.create(path.join(dataDir, 'pglite'));
  try {
    return await seedScale((text, params) => client.query(text, params));
  } finally {
    await client.close();
  }
}

async function seedPostgres(url: string): Promise<ScaleSeed> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await seedScale((text, params) => client.query(text, params));
  } finally {
    await client.end();
  }
}

/** The session cookie of the person a page is measured as, at one size of its list. */
const asWhom = (
  seed: ScaleSeed,
  list: ListName | undefined,
  size: number | undefined,
): Record<string, string> => (list && size !== undefined ? { cookie: seed.cookies[list][size]! } : {});

/** A server measured, with the sessions its database was seeded with. */
type Server = { url: string; seed: ScaleSeed };

/** Comptoir and the references on a fresh PostgreSQL database, and Comptoir on PGlite if asked. */
async function startServers() {
  const database = await createServerDatabase(postgresServerUrl);
  stopAtExit(() => database.drop());
  const comptoir = await startComptoir({ DATABASE_URL: database.url });
  const referencePort = await freePort();
  startProcess('bench/reference.ts', { PORT: String(referencePort), DATABASE_URL: database.url });
  const referenceUrl = `http://127.0.0.1:${referencePort}`;
  await waitFor(`${referenceUrl}/healthz`);
  // Once Comptoir has migrated the database and loaded the demo registries.
  const seeding = { postgres: Date.now(), pglite: 0 };
  const seed = await seedPostgres(database.url);
  seeding.postgres = (Date.now() - seeding.postgres) / 1000;
  let pglite: Server | undefined;
  if (values.pglite) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'comptoir-bench-'));
    stopAtExit(() => rm(dataDir, { recursive: true, force: true }));
    seeding.pglite = Date.now();
    const pgliteSeed = await preparePglite(dataDir);
    seeding.pglite = (Date.now() - seeding.pglite) / 1000;
    pglite = { url: (await startComptoir({ DATA_DIR: dataDir })).url, seed: pgliteSeed };
  }
  return {
    reference: { url: referenceUrl, seed },
    comptoir: { url: comptoir.url, seed },
    pglite,
    oneQuery: { url: `${referenceUrl}/one-query/${seed.oneQuerySpace}`, headers: {} },
    seeding,
  };
}

/** One page at each size of its list, on every side, with the one-query page for a logged-on page. */
async function measurePage(
  page: Page,
  servers: Awaited<ReturnType<typeof startServers>>,
): Promise<Measured[]> {
  const sizes = page.list ? listScales[page.list].sizes : [undefined];
  const rows = (page.largeOnly ? sizes.slice(-1) : sizes).map((size) => ({
    size,
    sides: [servers.reference, servers.comptoir, ...(servers.pglite ? [servers.pglite] : [])].map(
      (server): Target => ({
        url: server.url + page.path,
        headers: { 'accept-language': 'fr', ...asWhom(server.seed, page.list, size) },
      }),
    ),
  }));
  for (const { sides } of rows) {
    // Every side must answer the same page, or the ratio compares different work.
    const [ref, ...others] = await Promise.all(
      sides.map((s) => fetch(s.url, { headers: s.headers }).then((r) => r.text())),
    );
    for (const other of others) {
      if (Math.abs(ref!.length - other.length) > 0.1 * ref!.length) {
        throw new Error(`${page.name}: the reference answers ${ref!.length} bytes, Comptoir ${other.length}`);
      }
    }
  }
  const loads = await measure([...rows.flatMap((r) => r.sides), ...(page.list ? [servers.oneQuery] : [])]);
  const width = rows[0]!.sides.length;
  return rows.map((row, i) => {
    const [reference, comptoir, pglite] = loads.slice(i * width, (i + 1) * width);
    const oneQuery = page.list ? loads.at(-1) : undefined;
    return { page, size: row.size, reference: reference!, comptoir: comptoir!, pglite, oneQuery };
  });
}

await runBench('bench', async () => {
  const servers = await startServers();
  const measured: Measured[] = [];
  for (const page of pages) measured.push(...(await measurePage(page, servers)));
  const context = {
    seconds,
    connections,
    seeding: servers.seeding,
    pglite: Boolean(servers.pglite),
    date: new Date(),
  };
  process.stdout.write(
    values.json ? `${JSON.stringify({ ...context, measured }, null, 2)}\n` : report(measured, context),
  );
  // Every request must have succeeded (the one-query page's too).
  return measured.every((m) =>
    [m.reference, m.comptoir, m.pglite, m.oneQuery].every((l) => !l || l.errors + l.non2xx === 0),
  );
});
