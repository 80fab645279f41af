/**
 * `npm run bench:profile`: where a request's time goes. For each path, Comptoir runs on a fresh
 * PostgreSQL database with `node --cpu-prof`, this process loads it with autocannon, and the
 * samples of the loaded window (not the start) are summed: self time by package and by function,
 * and the inclusive time of each piece of work a request does. See bench/README.md.
 */
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createServerDatabase } from '../test/support/db.ts';
import { type CpuProfile, type Summary, summarise, type Work } from './cpu-profile.ts';
import { ended, load, postgresServerUrl, runBench, startComptoir, stopAtExit } from './lib.ts';
import { type ListName, seedScale } from './seed.ts';

const { values } = parseArgs({
  options: {
    path: { type: 'string', multiple: true, default: ['/', '/healthz'] },
    /** Logged on as the owner of a list at a size, e.g. `spaces:10` (the database is seeded first). */
    as: { type: 'string' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    top: { type: 'string', default: '15' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const top = Number(values.top);

const inPackage =
  (...names: string[]) =>
  (frame: { url: string }) =>
    names.some((name) => frame.url.includes(`node_modules/${name}/`));
const inFile =
  (file: string, ...functions: string[]) =>
  (frame: { url: string; functionName: string }) =>
    frame.url.endsWith(file) && (functions.length === 0 || functions.includes(frame.functionName));

/** What a request may do, each costed by the samples charged to its frames. */
const work: Work[] = [
  {
    label: 'Fastify: routing, hooks, writing the answer',
    match: inPackage('fastify', 'find-my-way', 'avvio'),
  },
  {
    label: 'security headers (helmet, computed once)',
    match: (f) => inFile('platform/http/security-headers.ts')(f) || inPackage('helmet')(f),
  },
  { label: 'rate limit (@fastify/rate-limit)', match: inPackage('@fastify/rate-limit') },
  { label: 'cookies (@fastify/cookie)', match: inPackage('@fastify/cookie', 'cookie', 'cookie-signature') },
  {
    label: 'CSRF secret and token (@fastify/csrf-protection)',
    match: inPackage('@fastify/csrf-protection', '@fastify/csrf'),
  },
  { label: 'request id (genReqId: randomUUID)', match: inFile('platform/http/app.tsx', 'genReqId') },
  { label: 'language negotiated', match: inFile('platform/i18n/index.ts', 'negotiateLang') },
  { label: 'NUL refused in the input', match: inFile('platform/http/input.ts') },
  {
    label: 'translations (i18next, remembered)',
    match: (f) => inFile('platform/i18n/index.ts', 'translate')(f) || inPackage('i18next')(f),
  },
  { label: 'session lookup (identity hook)', match: inFile('features/identity/routes.tsx') },
  { label: 'selected eSpace and menu (spaces hook)', match: inFile('features/spaces/routes.tsx') },
  {
    label: "request's logger and log line (pino)",
    match: (f) => inFile('platform/http/logging.ts')(f) || inPackage('pino', '@pinojs/redact')(f),
  },
  {
    label: 'upload parsing hook (@fastify/multipart)',
    match: (f) => inFile('platform/http/uploads.ts')(f) || inPackage('@fastify/multipart')(f),
  },
  {
    label: 'request duration metric (prom-client)',
    match: (f) => inFile('platform/http/metrics.ts')(f) || inPackage('prom-client')(f),
  },
  { label: 'page rendering (Preact)', match: inPackage('preact-render-to-string', 'preact') },
  { label: 'SQL built (drizzle-orm)', match: inPackage('drizzle-orm') },
  { label: 'database driver (pg)', match: inPackage('pg', 'pg-pool', 'pg-protocol') },
  { label: 'garbage collection', match: (f) => f.functionName === '(garbage collector)' },
];

/** Microseconds of the monotonic clock V8 stamps its samples with. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const dir = path.join(os.tmpdir(), `comptoir-profile-${process.pid}`);

async function profilePath(
  databaseUrl: string,
  target: string,
  headers: Record<string, string>,
): Promise<string> {
  const name = `${target.replace(/\W+/g, '_') || 'root'}-${Date.now()}.cpuprofile`;
  const server = await startComptoir({ DATABASE_URL: databaseUrl }, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${name}`,
  ]);
  const url = server.url + target;
  await load(url, { connections, headers, seconds: 3 }); // warm up: the JIT, the pools
  const window = { from: nowUs(), to: 0 };
  const result = await load(url, { connections, headers, seconds });
  window.to = nowUs();
  server.child.kill('SIGTERM'); // Comptoir stops cleanly, and Node writes the profile as it exits
  await ended(server.child);
  const profile = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as CpuProfile;
  return describe(target, result.rps, summarise(profile, window, work));
}

function describe(target: string, rps: number, summary: Summary): string {
  const busy = summary.sampledUs - summary.idleUs;
  const share = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const perRequest = (us: number) => (us / (rps * seconds)).toFixed(1);
  const table = (head: string[], rows: string[][]) =>
    [head, head.map((_, i) => (i === head.length - 1 ? '---:' : '---')), ...rows]
      .map((cells) => `| ${cells.join(' | ')} |`)
      .join('\n');
  return [
    `### \`${target}\`: ${Math.round(rps)} req/s, ${connections} connections, ${seconds} s; ` +
      `the process was busy ${((100 * busy) / summary.sampledUs).toFixed(0)} % of the time, ` +
      `${perRequest(busy)} µs of CPU a request`,
    "Self time by package, Node's internals (socket writes, HTTP, crypto) charged to the package that called them:",
    table(
      ['package', 'self'],
      summary.byPackage.slice(0, top).map((p) => [p.name, share(p.us)]),
    ),
    'Functions with the most self time:',
    table(
      ['function', 'where', 'self'],
      summary.byFunction.slice(0, top).map((f) => [`\`${f.name}\``, f.where, share(f.us)]),
    ),
    'What the request does (the same charging):',
    table(
      ['work', 'µs a request', 'share'],
      summary.work.map((w) => [w.label, perRequest(w.us), share(w.us)]),
    ),
  ].join('\n\n');
}

/** Logged on as the owner of a list of the seed (`--as spaces:10`), on a database Comptoir migrated. */
async function sessionOf(databaseUrl: string, as: string): Promise<Record<string, string>> {
  const [list, size] = as.split(':') as [ListName, string];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const seed = await seedScale((text, params) => client.query(text, params));
    const cookie = seed.cookies[list]?.[Number(size)];
    if (!cookie) throw new Error(`--as ${as}: no such list and size in bench/seed.ts`);
    return { cookie };
  } finally {
    await client.end();
  }
}

await runBench('profile', async () => {
  const database = await createServerDatabase(postgresServerUrl);
  stopAtExit(() => database.drop());
  stopAtExit(() => rm(dir, { recursive: true, force: true }));
  // A first start migrates the database and loads the demo registries.
  const first = await startComptoir({ DATABASE_URL: database.url });
  first.child.kill('SIGTERM');
  await ended(first.child);
  const headers = { 'accept-language': 'fr', ...(values.as ? await sessionOf(database.url, values.as) : {}) };
  for (const target of values.path) {
    process.stdout.write(`${await profilePath(database.url, target, headers)}\n\n`);
  }
  return true;
});
