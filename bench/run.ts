/**
 * `npm run bench`: Comptoir on PostgreSQL against a bare Fastify reference doing the same work,
 * both loaded in the same run from this process with autocannon. See bench/README.md.
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createServerDatabase } from '../test/support/db.ts';
import { freePort, type Load, load, startProcess, waitFor } from './lib.ts';

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

/** What is measured: a path served by both, and the lowest acceptable ratio (if any). */
const scenarios = [
  { name: 'home page', path: '/', target: 0.7 },
  { name: '/healthz', path: '/healthz', target: undefined },
];

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

  const rows: {
    name: string;
    reference: Load;
    comptoir: Load;
    ratio: number;
    target?: number | undefined;
  }[] = [];
  for (const scenario of scenarios) {
    const opts = { connections, headers: { 'accept-language': 'fr' } };
    await load(reference + scenario.path, { ...opts, seconds: warmup });
    await load(comptoir + scenario.path, { ...opts, seconds: warmup });
    const ref = await load(reference + scenario.path, { ...opts, seconds });
    const real = await load(comptoir + scenario.path, { ...opts, seconds });
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
        `${'target'.padEnd(12)}${'ref req/s'.padStart(10)}${'ref p99'.padStart(10)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'ratio'.padStart(10)}  goal\n`,
    );
    for (const r of rows) {
      const goal = r.target === undefined ? '' : `≥ ${r.target} ${r.ratio >= r.target ? 'met' : 'NOT MET'}`;
      process.stdout.write(
        `${r.name.padEnd(12)}${f(r.reference.rps)}${f(r.reference.p99)}${f(r.comptoir.rps)}${f(r.comptoir.p99)}${f(r.ratio, 2)}  ${goal}\n`,
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
