import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

export const root = path.resolve(import.meta.dirname, '..');

/** The PostgreSQL server the benchmarks create their database on. */
export const postgresServerUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a TypeScript entry point in its own process (the servers never share the load
 * generator's CPU time slice); `nodeArgs` go to Node before the entry (e.g. --cpu-prof).
 */
export function startProcess(
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', './src/loader.mjs', entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  stopAtExit(async () => {
    child.kill('SIGTERM');
    await Promise.race([ended(child), new Promise((r) => setTimeout(r, 10_000))]);
  });
  return child;
}

/**
 * Starts Comptoir (src/main.ts) in demo mode with its rate limit lifted, on a PostgreSQL
 * database (`DATABASE_URL`) or a PGlite data folder (`DATA_DIR`), and waits until it answers.
 */
export async function startComptoir(
  database: { DATABASE_URL: string } | { DATA_DIR: string },
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = startProcess(
    'src/main.ts',
    {
      ...database,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Its own port for certificate log on: two portals (and the other engineers' tests) may run here.
      TLS_PORT: String(await freePort()),
      MODE: 'demo',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000000',
    },
    nodeArgs,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`);
  return { url, child };
}

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const atExit: (() => unknown)[] = [];
let stopping: Promise<void> | undefined;

/** Registers what to undo when the benchmark ends (servers, databases, folders), last first. */
export function stopAtExit(undo: () => unknown): void {
  atExit.unshift(undo);
}

/** Runs what `stopAtExit` registered, once; Ctrl-C runs it too. */
export function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const undo of atExit) await Promise.resolve(undo()).catch(() => {});
  })();
  return stopping;
}
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

/**
 * Runs a benchmark's body, then stops what it started, and exits: non-zero when the body threw
 * (its message on stderr) or answered false.
 */
export async function runBench(name: string, body: () => Promise<boolean>): Promise<never> {
  let ok = false;
  try {
    ok = await body();
  } catch (error) {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await stopAll();
  }
  process.exit(ok ? 0 : 1);
}

/** Resolves when the process has ended. */
export const ended = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

export type Load = { rps: number; p99: number; errors: number; non2xx: number };

/** Loads one URL for a fixed time with autocannon and returns throughput and tail latency. */
export async function load(
  url: string,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
