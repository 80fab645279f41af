import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentCode } from '../../src/features/identity/service/otp.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** A portal process (`node src/main.ts`), as an operator starts it. */
export type Portal = {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Stops it as a service manager does (SIGTERM) and waits for its end. */
  stop(): Promise<Exit>;
};

/** Starts `src/main.ts` with `env` and free ports; resolves once /healthz answers, rejects if it ends first. */
export async function startPortal(env: Record<string, string>): Promise<Portal> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', './src/loader.mjs', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      TLS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const url = `http://localhost:${port}`;
  const portal: Portal = {
    url,
    pid: child.pid!,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + 120_000;
  let ended: Exit | undefined;
  void exited.then((exit) => {
    ended = exit;
  });
  while (!ended && Date.now() < deadline) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return portal;
    await sleep(200);
  }
  await portal.stop();
  throw new Error(`the portal did not start: ${ended ? `exit ${ended.code}` : 'timeout'}\n${stderr}`);
}

/** Starts a portal expected to refuse; resolves to how it ended. */
export async function refusedStart(env: Record<string, string>): Promise<Exit> {
  return startPortal(env).then(
    async (portal) => {
      await portal.stop();
      throw new Error('the portal started');
    },
    (error: Error) => {
      const match = error.message.match(/^the portal did not start: exit (\d+)\n([\s\S]*)$/);
      if (!match) throw error;
      return { code: Number(match[1]), signal: null, stderr: match[2]! };
    },
  );
}

/** A browser on a real server: keeps cookies, sends English, fills the CSRF field of forms. */
export class Browser {
  private readonly jar = new Map<string, string>();
  private csrf: string | undefined;

  constructor(readonly base: string) {}

  private async request(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.base}${url}`, {
      ...init,
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; '),
        'accept-language': 'en',
        ...(init.headers ?? {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      this.jar.set(name.trim(), value.join('='));
    }
    const body = await response.text();
    this.csrf = body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? this.csrf;
    return { status: response.status, body };
  }

  get(url: string) {
    return this.request(url);
  }

  post(url: string, fields: Record<string, string>) {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.csrf ?? '', ...fields }).toString(),
    });
  }

  /** Logs on with a token; `offsetMs` picks the code of a later time step (a second log on). */
  async logOnWithToken(token: { login: string; password: string; secret: string }, offsetMs = 0) {
    await this.get('/logon/token');
    const code = currentCode(token.secret, Date.now() + offsetMs);
    await this.post('/logon/token', { login: token.login, password: token.password, code });
    return this.jar.has('sid');
  }
}
