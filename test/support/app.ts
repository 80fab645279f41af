import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import type { Database } from '../../src/platform/db.ts';
import type { Feature } from '../../src/platform/http/app.tsx';
import type { MailWorker } from '../../src/platform/mail/worker.ts';
import type { FeatureModule } from '../../src/platform/registry.ts';
import { startComptoir } from '../../src/server.ts';
import { freshDatabase } from './db.ts';

export type TestApp = {
  app: FastifyInstance;
  config: Config;
  database: Database;
  /** The outbox worker: tests call runOnce() rather than wait for its timer. */
  mail: MailWorker;
  /** Every log line written so far, as text. */
  logs(): string;
  close(): Promise<void>;
};

/**
 * A Comptoir app on a fresh database, driven with `app.inject`. `env` overrides configuration
 * variables; `extraFeatures` registers routes only a test needs (a form, a failing handler).
 */
export async function testApp(
  options: { env?: Record<string, string>; extraFeatures?: Feature[]; extraModules?: FeatureModule[] } = {},
): Promise<TestApp> {
  const config = loadConfig({ MODE: 'demo', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '100000', ...options.env });
  let logText = '';
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logText += chunk.toString();
      callback();
    },
  });
  const database = await freshDatabase({ demo: config.mode === 'demo' });
  const comptoir = await startComptoir(config, {
    database,
    logStream,
    ...(options.extraFeatures ? { extraFeatures: options.extraFeatures } : {}),
    ...(options.extraModules ? { extraModules: options.extraModules } : {}),
  });
  return {
    app: comptoir.app,
    config,
    database,
    mail: comptoir.mail,
    logs: () => logText,
    close: () => comptoir.close(),
  };
}

/** Cookies set by a response, as a header value to send back. */
export function cookiesFrom(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
