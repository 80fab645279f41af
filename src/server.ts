import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { scheduleHousekeeping } from './features/housekeeping.ts';
import { demoRemovers, demoSeeders, modules } from './features/index.ts';
import type { Config } from './platform/config.ts';
import { type Database, openDatabase } from './platform/db.ts';
import { holdsDemoData, loadDemoDataOnce } from './platform/demo.ts';
import { buildApp, type Feature } from './platform/http/app.tsx';
import { releaseUnansweredKeys } from './platform/http/idempotency-store.ts';
import { type MailWorker, startMailWorker } from './platform/mail/worker.ts';
import { type FeatureModule, featuresOf } from './platform/registry.ts';

/** Production refuses a database with demo data: its identities and officer would stay usable. */
export class DemoDataInProduction extends Error {
  constructor() {
    super(
      'this database holds demo data (its identities with published passwords, an officer of ITM and ' +
        'MENJE, the identities visitors made, the demo registries), which must not reach production. ' +
        'Run `comptoir demo remove` with the same DATA_DIR or DATABASE_URL (it deletes exactly the demo ' +
        'data), or start with MODE=demo',
    );
    this.name = 'DemoDataInProduction';
  }
}

export type Comptoir = { app: FastifyInstance; database: Database; mail: MailWorker; close(): Promise<void> };

/**
 * Opens the database, migrates it, loads the demo data in demo mode, and builds the app.
 * main.ts, the tests and the benchmark all start Comptoir through here.
 */
export async function startComptoir(
  config: Config,
  options: {
    logStream?: DestinationStream;
    database?: Database;
    /** Routes of the tests' own, after the portal's. */
    extraFeatures?: Feature[];
    /** Modules of the tests' own, registered after the portal's (their entries join the registries). */
    extraModules?: FeatureModule[];
  } = {},
): Promise<Comptoir> {
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: config.databasePoolMax,
    }));
  const allModules = [...modules, ...(options.extraModules ?? [])];
  try {
    await database.migrate();
    if (config.mode === 'demo') await loadDemoDataOnce(database.db, config, demoSeeders);
    else if (await holdsDemoData(database.db, demoRemovers)) throw new DemoDataInProduction();
    for (const module of allModules) await module.atStart?.(database.db);
    // A PostgreSQL server may serve other instances still running their posts: theirs wait for
    // ABANDONED_MS (idempotency.ts). An embedded database has no other process.
    if (database.engine === 'pglite') await releaseUnansweredKeys(database.db);
    const app = await buildApp(
      { config, database, ...(options.logStream ? { logStream: options.logStream } : {}) },
      [...featuresOf(allModules), ...(options.extraFeatures ?? [])],
    );
    const stopHousekeeping = scheduleHousekeeping(database.db, config, allModules, (error) =>
      app.log.warn({ err: error }, 'housekeeping failed'),
    );
    const mail = startMailWorker({ db: database.db, config, log: app.log, listen: database.listen });
    return {
      app,
      database,
      mail,
      async close() {
        stopHousekeeping();
        await mail.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
