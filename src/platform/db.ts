import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from '../db/schema/index.ts';
import { type DataLock, lockDataDir } from './data-lock.ts';

export type Schema = typeof schema;
/** The one database type features see, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Cheap round trip used by /healthz. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  /**
   * Calls `onNotify` at each NOTIFY on `channel`: PostgreSQL delivers it when the notifying
   * transaction commits, never when it rolls back. `onLost` is called if the listening connection
   * dies. Resolves to the function that stops listening.
   */
  listen(channel: string, onNotify: () => void, onLost: () => void): Promise<() => Promise<void>>;
  /**
   * The embedded database's data folder as a tar archive, to open copies of it later (`from`):
   * the tests migrate once and start every app from a copy. Undefined on a PostgreSQL server.
   */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
};

export const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));

// Any constant works; it only has to be the same for every Comptoir instance sharing a database.
const MIGRATION_LOCK = 7_204_311;

/**
 * Opens the database: a PostgreSQL server when a URL is given, otherwise the embedded PGlite
 * in `dataDir/pglite` (or in memory when `dataDir` is 'memory://', for tests). A data folder is
 * opened under its exclusive lock (throws DataDirBusy when another process holds it), taken here
 * unless the caller already holds it (`lock`), and released when the database closes.
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolMax?: number;
  /** In memory only: start from a copy of this dumped data folder (see Database.dump). */
  from?: Blob | undefined;
  /** The data folder's lock, already taken by the caller, who releases it. */
  lock?: DataLock | undefined;
  /** Told every statement Drizzle sends (the tests count a page's statements with it). */
  logger?: Logger | undefined;
}): Promise<Database> {
  const logger = options.logger ?? false;
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolMax ?? 10, logger);
  if (options.dataDir === 'memory://')
    // Loading a dumped folder skips initdb, which takes seconds.
    return pgliteDatabase(await PGlite.create(options.from ? { loadDataDir: options.from } : {}), logger);
  const lock = options.lock ?? (await lockDataDir(options.dataDir));
  const release = options.lock ? () => {} : () => lock.release();
  try {
    const folder = path.join(options.dataDir, 'pglite');
    await mkdir(folder, { recursive: true });
    return pgliteDatabase(await PGlite.create(folder), logger, release);
  } catch (error) {
    release();
    throw error;
  }
}

function pgliteDatabase(client: PGlite, logger: Logger | false, release = () => {}): Database {
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    async ping() {
      await client.query('select 1');
    },
    async migrate() {
      // PGlite is single-process: no other instance can race us here.
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    dump: () => client.dumpDataDir('none'),
    async listen(channel, onNotify) {
      // In-process: this connection cannot be lost without the database closing.
      const stop = await client.listen(channel, onNotify);
      return async () => {
        if (!client.closed) await stop();
      };
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

async function openPostgres(url: string, max: number, logger: Logger | false): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'comptoir' });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema, logger }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    async ping() {
      await pool.query('select 1');
    },
    async migrate() {
      // Several instances may start at once: one migrates, the others wait for it. The lock is
      // held on a connection of its own, so that a pool of one can still run the migrations.
      const lock = new pg.Client({ connectionString: url, application_name: 'comptoir-migrate-lock' });
      await lock.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(pool, { schema }), { migrationsFolder });
      } finally {
        await lock.end().catch(() => {});
      }
    },
    async listen(channel, onNotify, onLost) {
      // A connection of its own: a pooled one would be handed to other queries between notifications.
      const client = new pg.Client({ connectionString: url, application_name: 'comptoir-listen' });
      let closing = false;
      client.on('error', () => {}); // followed by 'end', which reports it
      client.on('end', () => {
        if (!closing) onLost();
      });
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      const stop = async () => {
        closing = true;
        await client.end().catch(() => {});
      };
      try {
        await client.connect();
        await client.query(`listen ${client.escapeIdentifier(channel)}`);
      } catch (error) {
        await stop();
        throw error;
      }
      return stop;
    },
    async close() {
      await pool.end();
    },
  };
}

/** Runs `work` in one transaction (a savepoint when `db` already is one). */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}
