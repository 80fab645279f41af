/**
 * `npm run bench`: Comptoir on PostgreSQL against a bare Fastify reference doing the same work,
 * both loaded in the same run from this process with autocannon. See bench/README.md.
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createServerDatabase } from '../test/support/db.ts';
import { freePort, type Load, load, startProcess, waitFor } from './lib.ts';
import { seedScale } from './seed.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.duration);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const serverUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const SLICES = 4;

/** Slices of one side: mean throughput, worst tail latency, every error. */
const combine = (loads: Load[]): Load => ({
  rps: loads.reduce((sum, l) => sum + l.rps, 0) / loads.length,
  p99: Math.max(...loads.map((l) => l.p99)),
  errors: loads.reduce((sum, l) => sum + l.errors, 0),
  non2xx: loads.reduce((sum, l) => sum + l.non2xx, 0),
});

/** What is measured: a path served by both, as whom, and the lowest acceptable ratio (if any). */
type Scenario = { name: string; path: string; cookie?: string; target: number | undefined };

const children: ChildProcess[] = [];
const database = await createServerDatabase(serverUrl);
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await database.drop().catch(() => {});
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

let failed = false;
try {
  const [comptoirPort, referencePort] = [await freePort(), await freePort()];
  children.push(
    startProcess('src/main.ts', {
      PORT: String(comptoirPort),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      MODE: 'demo',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000000',
    }),
    startProcess('bench/reference.ts', { PORT: String(referencePort), DATABASE_URL: database.url }),
  );
  const comptoir = `http://127.0.0.1:${comptoirPort}`;
  const reference = `http://127.0.0.1:${referencePort}`;
  await waitFor(`${comptoir}/healthz`);
  await waitFor(`${reference}/healthz`);
  // Once Comptoir has migrated the database: the scale the logged-on pages are measured at.
  const seed = await seedScale(database.url);
  const scenarios: Scenario[] = [
    { name: 'home page', path: '/', target: 0.7 },
    { name: '/healthz', path: '/healthz', target: undefined },
    { name: 'Users tab', path: '/space/users', cookie: seed.bigSpaceCookie, target: 0.7 },
    { name: 'my eSpaces', path: '/spaces', cookie: seed.tenSpacesCookie, target: 0.7 },
    { name: 'Certifications', path: '/space/certifications', cookie: seed.fiduciaryCookie, target: 0.7 },
    { name: 'business data', path: '/business-data', cookie: seed.fiduciaryCookie, target: 0.7 },
    { name: 'data source', path: '/business-data/ITM_ELECTIONS', cookie: seed.fiduciaryCookie, target: 0.7 },
  ];

  const rows: {
    name: string;
    reference: Load;
    comptoir: Load;
    ratio: number;
    target?: number | undefined;
  }[] = [];
  for (const scenario of scenarios) {
    const headers = { 'accept-language': 'fr', ...(scenario.cookie ? { cookie: scenario.cookie } : {}) };
    const opts = { connections, headers };
    // Both must answer the same page, or the ratio compares different work.
    const [a, b] = await Promise.all(
      [reference, comptoir].map((base) => fetch(base + scenario.path, { headers }).then((r) => r.text())),
    );
    if (Math.abs(a!.length - b!.length) > 0.1 * a!.length) {
      throw new Error(`${scenario.name}: the reference answers ${a!.length} bytes, Comptoir ${b!.length}`);
    }
    await load(reference + scenario.path, { ...opts, seconds: warmup });
    await load(comptoir + scenario.path, { ...opts, seconds: warmup });
    // In alternating slices, so that a slow moment of the machine (another process, autovacuum)
    // falls on both sides rather than on one.
    const slices: { ref: Load[]; real: Load[] } = { ref: [], real: [] };
    const slice = { ...opts, seconds: Math.max(1, Math.round(seconds / SLICES)) };
    for (let i = 0; i < SLICES; i++) {
      const order = i % 2 === 0 ? (['ref', 'real'] as const) : (['real', 'ref'] as const);
      for (const side of order) {
        slices[side].push(await load((side === 'ref' ? reference : comptoir) + scenario.path, slice));
      }
    }
    const ref = combine(slices.ref);
    const real = combine(slices.real);
    rows.push({
      name: scenario.name,
      reference: ref,
      comptoir: real,
      ratio: real.rps / ref.rps,
      target: scenario.target,
    });
    if (ref.errors + ref.non2xx + real.errors + real.non2xx > 0) failed = true;
  }

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ seconds, connections, rows }, null, 2)}\n`);
  } else {
    const f = (n: number, d = 0) => n.toFixed(d).padStart(10);
    process.stdout.write(
      `\n${seconds} s per target, ${connections} connections, PostgreSQL, ${new Date().toISOString()}\n\n` +
        `${'target'.padEnd(14)}${'ref req/s'.padStart(10)}${'ref p99'.padStart(10)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'ratio'.padStart(10)}  goal\n`,
    );
    for (const r of rows) {
      const goal = r.target === undefined ? '' : `≥ ${r.target} ${r.ratio >= r.target ? 'met' : 'NOT MET'}`;
      process.stdout.write(
        `${r.name.padEnd(14)}${f(r.reference.rps)}${f(r.reference.p99)}${f(r.comptoir.rps)}${f(r.comptoir.p99)}${f(r.ratio, 2)}  ${goal}\n`,
      );
      const bad = r.reference.errors + r.reference.non2xx + r.comptoir.errors + r.comptoir.non2xx;
      if (bad > 0) process.stdout.write(`  ${r.name}: ${bad} errors or non-2xx responses\n`);
    }
  }
} catch (error) {
  failed = true;
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
