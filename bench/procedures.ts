/**
 * `npm run bench:procedures`: the procedures' pages under load from this process (autocannon),
 * Comptoir in its own process on a fresh PostgreSQL database, beside the one-query page
 * (bench/reference.ts) and PostgreSQL's own pgbench, in the same run (see bench/README.md):
 *
 * - the catalogue's keyword search (`/procedures/new?q=ITM`, `?q=elect`) and My procedures at 10
 *   and 100,000 procedures (first page, a filtered and sorted page, a keyset second page),
 *   against the one-query page, in slices that take turns;
 * - a step save (`POST /procedures/:id/steps/contact`), each request on a draft of its own;
 * - transmissions (`POST /procedures/:id/transmit`), each on a complete draft of its own,
 *   against pgbench's built-in TPC-B-like script on a scratch database, slices taking turns.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createServerDatabase } from '../test/support/db.ts';
import { type CpuProfile, summarise } from './cpu-profile.ts';
import {
  ended,
  freePort,
  postgresServerUrl,
  runBench,
  startComptoir,
  startProcess,
  stopAtExit,
  waitFor,
} from './lib.ts';
import { LIST_SIZES, type ProceduresSeed, seedProcedures } from './procedures-seed.ts';
import { seedScale } from './seed.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    /** Prints the plans (EXPLAIN ANALYZE) of My procedures' list query at the large size first. */
    explain: { type: 'boolean', default: false },
    /**
     * Runs Comptoir under `node --cpu-prof`, loads only the transmissions (no pgbench, no pages),
     * and prints where its time went while they were loaded.
     */
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.duration);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const SLICES = 4;

type Result = { rps: number; p50: number; p99: number; ok: number; bad: number };

/** A GET target, or a POST whose body `next()` makes for each request (a draft of its own). */
type Target = {
  name: string;
  url: string;
  headers: Record<string, string>;
  post?: { path: () => string; body: () => string; expect: RegExp };
};

/** Loads one target for `secs` seconds; a request is good when it answers 200 (a GET) or the expected redirect (a POST). */
async function run(target: Target, secs: number): Promise<Result> {
  let ok = 0;
  let bad = 0;
  const { post } = target;
  const result = await autocannon({
    url: target.url,
    connections,
    duration: secs,
    headers: target.headers,
    requests: [
      {
        ...(post
          ? {
              method: 'POST',
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                path: post.path(),
                body: post.body(),
                headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded' },
              }),
            }
          : {}),
        onResponse: (
          status: number,
          _body: string,
          _context: object,
          headers?: import('node:http').IncomingHttpHeaders,
        ) => {
          const good = post
            ? status === 303 && post.expect.test(String(headers?.location ?? ''))
            : status === 200;
          if (good) ok++;
          else bad++;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    bad: bad + result.errors + result.timeouts,
  };
}

/** Slices of one target: mean throughput, mean median, worst tail, every request counted. */
const combine = (rs: Result[]): Result => ({
  rps: rs.reduce((s, r) => s + r.rps, 0) / rs.length,
  p50: rs.reduce((s, r) => s + r.p50, 0) / rs.length,
  p99: Math.max(...rs.map((r) => r.p99)),
  ok: rs.reduce((s, r) => s + r.ok, 0),
  bad: rs.reduce((s, r) => s + r.bad, 0),
});

/** Warms each target up, then loads them in slices whose order rotates (A B C, B C A…). */
async function measure(targets: Target[]): Promise<Result[]> {
  for (const target of targets) await run(target, warmup);
  const slices: Result[][] = targets.map(() => []);
  const sliceSeconds = Math.max(1, Math.round(seconds / SLICES));
  for (let i = 0; i < SLICES; i++) {
    for (let k = 0; k < targets.length; k++) {
      const j = (i + k) % targets.length;
      slices[j]!.push(await run(targets[j]!, sliceSeconds));
    }
  }
  return slices.map(combine);
}

const exec = promisify(execFile);

/**
 * pgbench's built-in TPC-B-like script on a scratch database of the same server, at the same
 * connections, for `secs` seconds; its TPS without the initial connection time.
 */
async function pgbenchRun(url: string, secs: number): Promise<Result> {
  const { stdout } = await exec('pgbench', [
    '-c',
    String(connections),
    '-j',
    '2',
    '-T',
    String(secs),
    '-r',
    url,
  ]);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
  return { rps: tps, p50: latency, p99: Number.NaN, ok: Math.round(tps * secs), bad: failed };
}

/** The CSRF cookie and a token for it, from a page of the person's (any page with a form). */
async function csrfOf(url: string, cookie: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(url, { headers: { cookie } });
  const secret = /_csrf=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!secret || !token) throw new Error(`no CSRF token on ${url} (${response.status})`);
  return { cookie: `${cookie}; _csrf=${secret}`, token };
}

/**
 * Posts once (a draft of its own), as the load will, and fails the benchmark unless the answer
 * is the expected redirect: a load of refused posts would measure nothing. Says how long it took.
 */
async function checkPost(target: Target): Promise<number> {
  const post = target.post!;
  const started = performance.now();
  const response = await fetch(target.url + post.path(), {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: post.body(),
    redirect: 'manual',
  });
  const location = response.headers.get('location') ?? '';
  if (response.status !== 303 || !post.expect.test(location)) {
    const page = await response.text();
    const notice = /<(?:div|p)[^>]*(?:error|notice|alert)[^>]*>([\s\S]{0,400})/.exec(page)?.[1];
    throw new Error(`${target.name}: ${response.status} ${location} ${notice ?? page.slice(0, 400)}`);
  }
  return performance.now() - started;
}

/** The plans of My procedures' list query, as the service builds it, for the eSpace of `spaceId`. */
async function explainLists(url: string, spaceId: string, after: { key: string; id: string } | undefined) {
  const { listQuery } = await import('../src/features/procedures/store/procedures.ts');
  const { openDatabase } = await import('../src/platform/db.ts');
  const opened = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 1 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const filters = [
      { order: 'changed' as const },
      { order: 'name' as const, status: 'transmitted' as const },
      { order: 'changed' as const, after },
    ];
    for (const filter of filters) {
      const query = listQuery(opened.db, { spaceId, limit: 26, ...filter }).toSQL();
      const { rows } = await client.query(`explain (analyze, buffers) ${query.sql}`, query.params);
      process.stderr.write(
        `\n${JSON.stringify(filter)}\n${rows.map((r) => (r as Record<string, string>)['QUERY PLAN']).join('\n')}\n`,
      );
    }
  } finally {
    await client.end();
    await opened.close();
  }
}

/** Hands out the drafts one by one; the load must not run out of them. */
function pool(ids: string[], what: string): () => string {
  let next = 0;
  return () => {
    const id = ids[next++];
    if (!id) throw new Error(`the seed's ${ids.length} drafts ${what} ran out: seed more`);
    return id;
  };
}

async function startServers() {
  const database = await createServerDatabase(postgresServerUrl);
  stopAtExit(() => database.drop());
  const comptoir = await startComptoir(
    { DATABASE_URL: database.url },
    values['cpu-prof']
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=comptoir.cpuprofile']
      : [],
  );
  const referencePort = await freePort();
  startProcess('bench/reference.ts', { PORT: String(referencePort), DATABASE_URL: database.url });
  const referenceUrl = `http://127.0.0.1:${referencePort}`;
  await waitFor(`${referenceUrl}/healthz`);
  const started = Date.now();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  let seed: ProceduresSeed;
  let oneQuerySpace: string;
  try {
    const scale = await seedScale((text, params) => client.query(text, params));
    oneQuerySpace = scale.oneQuerySpace;
    seed = await seedProcedures(
      scale,
      { databaseUrl: database.url, dataDir: '' },
      { forSteps: 20_000, forTransmit: 12_000 },
    );
  } finally {
    await client.end();
  }
  const seeding = (Date.now() - started) / 1000;
  // pgbench's tables in a database of their own, on the same server.
  const scratch = await createServerDatabase(postgresServerUrl);
  stopAtExit(() => scratch.drop());
  await exec('pgbench', ['-i', '-q', '-s', String(connections), scratch.url]);
  return {
    comptoir: comptoir.url,
    child: comptoir.child,
    database: database.url,
    oneQuery: `${referenceUrl}/one-query/${oneQuerySpace}`,
    seed,
    seeding,
    scratch,
  };
}

const profileDir = path.join(os.tmpdir(), `comptoir-procedures-profile-${process.pid}`);
/** Microseconds of the monotonic clock V8 stamps its samples with. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Loads the transmissions under the profiler, stops Comptoir, and says where its time went. */
async function profileTransmissions(servers: Awaited<ReturnType<typeof startServers>>, transmit: Target) {
  await run(transmit, warmup);
  const window = { from: nowUs(), to: 0 };
  const result = await run(transmit, seconds);
  window.to = nowUs();
  servers.child.kill('SIGTERM'); // Node writes the profile as Comptoir exits
  await ended(servers.child);
  const profile = JSON.parse(
    await readFile(path.join(profileDir, 'comptoir.cpuprofile'), 'utf8'),
  ) as CpuProfile;
  const summary = summarise(profile, window, []);
  const busy = summary.sampledUs - summary.idleUs;
  const share = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const perTransmission = (us: number) => `${fmt(us / Math.max(1, result.ok) / 1000, 1)} ms`;
  process.stdout.write(
    `${fmt(result.rps, 1)} transmissions/s (${result.ok} in ${seconds} s, ${result.bad} failed); ` +
      `Comptoir busy ${((100 * busy) / summary.sampledUs).toFixed(0)} % of the time, ${perTransmission(busy)} of CPU a transmission\n\n` +
      `| package | CPU a transmission | share |\n| --- | ---: | ---: |\n` +
      summary.byPackage
        .slice(0, 14)
        .map((p) => `| ${p.name} | ${perTransmission(p.us)} | ${share(p.us)} |`)
        .join('\n') +
      `\n\n| function | where | share |\n| --- | --- | ---: |\n` +
      summary.byFunction
        .slice(0, 20)
        .map((f) => `| \`${f.name}\` | ${f.where} | ${share(f.us)} |`)
        .join('\n') +
      '\n',
  );
  return result.bad === 0;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '';

await runBench('bench:procedures', async () => {
  const load = await import('node:os').then((os) =>
    os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' '),
  );
  const servers = await startServers();
  const { comptoir, seed } = servers;
  const lines: string[] = [];
  const row = (cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);
  const head = (cells: string[]) => {
    row(cells);
    row(cells.map((_c, i) => (i === 0 ? '---' : '---:')));
  };
  let failed = 0;
  const note = (r: Result) => {
    failed += r.bad;
  };
  const get = (name: string, path: string, cookie: string): Target => ({
    name,
    url: comptoir + path,
    headers: { cookie, 'accept-language': 'fr' },
  });
  const oneQuery: Target = { name: 'one-query page', url: servers.oneQuery, headers: {} };

  // The catalogue, for the Administrator of a business eSpace (the small list's).
  const member = seed.lists[LIST_SIZES[0]]!;
  const catalogue = [
    get('catalogue `q=ITM`', '/procedures/new?q=ITM', member),
    get('catalogue `q=elect`', '/procedures/new?q=elect', member),
  ];
  for (const target of catalogue) {
    const page = await (await fetch(target.url, { headers: target.headers })).text();
    if (!page.includes('ITM-SE-ANNOUNCE') && !/lections/.test(page))
      throw new Error(`${target.name} found nothing`);
  }

  // My procedures at each size: the first page, transmitted ones by name, and the second page.
  const lists: (Target & { size: number; kind: string })[] = [];
  const listTarget = (size: number, kind: string, path: string, cookie: string) =>
    lists.push({ ...get(`My procedures, ${fmt(size)}: ${kind}`, path, cookie), size, kind });
  for (const size of LIST_SIZES) {
    const cookie = seed.lists[size]!;
    listTarget(size, 'first page', '/procedures', cookie);
    listTarget(size, 'transmitted by name', '/procedures?status=transmitted&order=name', cookie);
    const first = await (await fetch(`${comptoir}/procedures`, { headers: { cookie } })).text();
    const after = /[?&;]after=([A-Za-z0-9_-]+)/.exec(first)?.[1];
    if (values.explain && size === LIST_SIZES.at(-1)) {
      const [key, id] = JSON.parse(Buffer.from(after ?? '', 'base64url').toString() || '[]') as string[];
      await explainLists(servers.database, seed.listSpaces[size]!, key && id ? { key, id } : undefined);
    }
    if (after) listTarget(size, 'second page', `/procedures?after=${after}`, cookie);
  }

  // The posts: a CSRF token of the fiduciary's, a fresh one-time token per transmission.
  const csrf = await csrfOf(
    `${comptoir}/procedures/${seed.drafts.forSteps.at(-1)}/check`,
    seed.drafts.cookie,
  );
  const post = { cookie: csrf.cookie, 'accept-language': 'fr' };
  const stepDraft = pool(seed.drafts.forSteps, 'for step saves');
  let saves = 0;
  const stepSave: Target = {
    name: 'step save',
    url: comptoir,
    headers: post,
    post: {
      path: () => `/procedures/${stepDraft()}/steps/contact`,
      body: () =>
        new URLSearchParams({
          _csrf: csrf.token,
          revision: String(seed.drafts.revision),
          go: 'next',
          contactName: `Karine Maitry ${++saves}`,
          contactEmail: 'rh@maitry.lu',
          contactTelephone: '+352 621 123 456',
        }).toString(),
      expect: /\/check$/,
    },
  };
  const transmitDraft = pool(seed.drafts.forTransmit, 'to transmit');
  const transmit: Target = {
    name: 'transmission',
    url: comptoir,
    headers: post,
    post: {
      path: () => `/procedures/${transmitDraft()}/transmit`,
      body: () =>
        new URLSearchParams({
          _csrf: csrf.token,
          _once: randomBytes(32).toString('base64url'),
          approved: 'yes',
        }).toString(),
      expect: /\?done=transmitted$/,
    },
  };
  if (values['cpu-prof']) {
    await checkPost(transmit);
    return profileTransmissions(servers, transmit);
  }
  const gets = await measure([...catalogue, ...lists, oneQuery]);
  const one = gets.at(-1)!;
  // Each list page against the same page at each smaller size (its first page when it has no such page).
  const smaller = LIST_SIZES.slice(0, -1);
  head(['page', 'req/s', 'p50 ms', 'p99 ms', 'vs one-query', ...smaller.map((size) => `vs ${fmt(size)}`)]);
  const loaded = (size: number, kind: string) => {
    const i = lists.findIndex((t) => t.size === size && t.kind === kind);
    return gets[catalogue.length + (i >= 0 ? i : lists.findIndex((t) => t.size === size))]!;
  };
  [...catalogue, ...lists].forEach((target: Target & { size?: number; kind?: string }, i) => {
    const r = gets[i]!;
    note(r);
    const ratios = smaller.map((size) => {
      if (target.size === undefined || target.kind === undefined || target.size <= size) return '';
      const ratio = r.rps / loaded(size, target.kind).rps;
      return `${fmt(ratio, 2)}${ratio < 0.85 ? ' ✗' : ''}`;
    });
    row([target.name, fmt(r.rps), fmt(r.p50), fmt(r.p99), fmt(r.rps / one.rps, 2), ...ratios]);
  });
  row(['one-query page', fmt(one.rps), fmt(one.p50), fmt(one.p99), '1.00', ...smaller.map(() => '')]);
  note(one);

  const firstSave = await checkPost(stepSave);
  const firstTransmission = await checkPost(transmit);
  process.stderr.write(
    `one step save alone: ${fmt(firstSave)} ms; one transmission alone: ${fmt(firstTransmission)} ms\n`,
  );
  const [save] = await measure([stepSave]);
  note(save!);
  row([
    'step save (`contact`, then Next)',
    fmt(save!.rps),
    fmt(save!.p50),
    fmt(save!.p99),
    fmt(save!.rps / one.rps, 2),
    ...smaller.map(() => ''),
  ]);

  // Transmissions and pgbench, slices taking turns: two each, of half the time, since a
  // transmission takes long enough that a short slice would end before its answers come.
  await run(transmit, warmup);
  await pgbenchRun(servers.scratch.url, warmup);
  const half = Math.max(1, Math.round(seconds / 2));
  const ours: Result[] = [];
  const theirs: Result[] = [];
  ours.push(await run(transmit, half));
  theirs.push(await pgbenchRun(servers.scratch.url, half));
  theirs.push(await pgbenchRun(servers.scratch.url, half));
  ours.push(await run(transmit, half));
  const tx = combine(ours);
  const tpcb = combine(theirs);
  note(tx);
  note(tpcb);
  const vs = tx.rps / tpcb.rps;
  lines.push('');
  head(['transmissions', 'per second', 'p50 ms', 'p99 ms', 'vs pgbench', 'transmitted']);
  row([
    'POST /procedures/:id/transmit',
    fmt(tx.rps, 1),
    fmt(tx.p50),
    fmt(tx.p99),
    `${fmt(vs, 2)}${vs < 0.5 ? ' ✗' : ''}`,
    fmt(tx.ok),
  ]);
  row(['pgbench TPC-B-like (TPS, mean latency)', fmt(tpcb.rps, 1), fmt(tpcb.p50, 1), '', '1.00', '']);

  process.stdout.write(
    `bench:procedures ${new Date().toISOString()}, ${seconds} s per target in ${SLICES} slices, ${connections} connections; ` +
      `seeded in ${fmt(servers.seeding)} s; load average at start ${load}, at end ${(await import('node:os'))
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}\n\n` +
      `${lines.join('\n')}\n` +
      `${failed ? `\n${failed} requests failed or answered otherwise than expected\n` : ''}`,
  );
  return failed === 0;
});
