/**
 * `npm run bench:cpu`: the CPU time one request costs Comptoir and the same-work reference
 * (bench/reference.ts), each in its own process on the same fresh PostgreSQL database, read from
 * the kernel's count of the process's CPU time (/proc/<pid>/stat, Linux) around each load. On a
 * machine whose cores other processes share, a process that waits for a core serves fewer
 * requests but spends no more CPU on each: this figure moves much less than req/s from one run to
 * the next. The loads take turns (reference, Comptoir, then Comptoir, reference…). See
 * bench/README.md.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createServerDatabase } from '../test/support/db.ts';
import {
  freePort,
  load,
  postgresServerUrl,
  runBench,
  startComptoir,
  startProcess,
  stopAtExit,
  waitFor,
} from './lib.ts';
import { type ListName, seedScale } from './seed.ts';

const { values } = parseArgs({
  options: {
    path: { type: 'string', multiple: true, default: ['/', '/healthz'] },
    /** Logged on as the owner of a list of the seed, e.g. `members:50` (the database is seeded first). */
    as: { type: 'string' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

/** The CPU time (user and system) the process has used, in microseconds. */
async function cpuUs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command's name (in parentheses, which may hold spaces): utime is the 14th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / 100; // USER_HZ is 100 on Linux
}

type Side = { name: string; url: string; pid: number };

/** Loads one side and returns its CPU µs a request and its req/s. */
async function measure(side: Side, path: string, headers: Record<string, string>) {
  const before = await cpuUs(side.pid);
  const result = await load(side.url + path, { connections, headers, seconds });
  const used = (await cpuUs(side.pid)) - before;
  if (result.errors + result.non2xx > 0) throw new Error(`${side.name} ${path}: requests failed`);
  return { usPerRequest: used / (result.rps * seconds), rps: result.rps };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await runBench('cpu', async () => {
  const database = await createServerDatabase(postgresServerUrl);
  stopAtExit(() => database.drop());
  const comptoir = await startComptoir({ DATABASE_URL: database.url });
  let headers: Record<string, string> = { 'accept-language': 'fr' };
  if (values.as) {
    const [list, size] = values.as.split(':') as [ListName, string];
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const seed = await seedScale((text, params) => client.query(text, params)).finally(() => client.end());
    const cookie = seed.cookies[list]?.[Number(size)];
    if (!cookie) throw new Error(`--as ${values.as}: no such list and size in bench/seed.ts`);
    headers = { ...headers, cookie };
  }
  const port = await freePort();
  const reference = startProcess('bench/reference.ts', { PORT: String(port), DATABASE_URL: database.url });
  const referenceUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${referenceUrl}/healthz`);
  const sides: Side[] = [
    { name: 'reference', url: referenceUrl, pid: reference.pid! },
    { name: 'Comptoir', url: comptoir.url, pid: comptoir.child.pid! },
  ];
  const lines = [
    '| path | ref µs CPU a request | Comptoir µs | ref ÷ Comptoir (CPU) | ref req/s | Comptoir req/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const path of values.path) {
    for (const side of sides) await load(side.url + path, { connections, headers, seconds: 2 }); // warm up
    const figures = new Map(sides.map((s) => [s.name, [] as { usPerRequest: number; rps: number }[]]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) figures.get(side.name)!.push(await measure(side, path, headers));
    }
    const [ref, ours] = sides.map((s) => figures.get(s.name)!);
    const refUs = median(ref!.map((f) => f.usPerRequest));
    const ourUs = median(ours!.map((f) => f.usPerRequest));
    lines.push(
      `| \`${path}\` | ${refUs.toFixed(0)} | ${ourUs.toFixed(0)} | ${(refUs / ourUs).toFixed(2)} | ` +
        `${median(ref!.map((f) => f.rps)).toFixed(0)} | ${median(ours!.map((f) => f.rps)).toFixed(0)} |`,
    );
  }
  process.stdout.write(
    `CPU time a request (median of ${rounds} loads of ${seconds} s, ${connections} connections${values.as ? `, as ${values.as}` : ''}):\n\n${lines.join('\n')}\n`,
  );
  return true;
});
