import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db.ts';
import { statementLog } from './statements.ts';

/**
 * Which engine the integration tests run on. `test/run.ts` runs the whole suite once per engine:
 * on PGlite (in memory, migrated per test file) and on a PostgreSQL server, where every test
 * database is cloned from a template the runner migrated once (CREATE DATABASE … TEMPLATE).
 */
export const testEngine: 'pglite' | 'postgres' =
  process.env.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/** A PostgreSQL server URL (any database on it) for tests that need one, when available. */
export const postgresServerUrl = process.env.TEST_PG_URL;

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database on the server and returns its URL and a function dropping it. */
export async function createServerDatabase(
  serverUrl: string,
  template?: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `comptoir_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Where test/run.ts left the starting points of test databases, made once per run: migrated,
 * and migrated with the demo data. A test file run alone migrates (and loads the demo) itself.
 */
const starts = {
  pglite: { plain: process.env.TEST_PGLITE_PLAIN, demo: process.env.TEST_PGLITE_DEMO },
  postgres: { plain: process.env.TEST_PG_TEMPLATE, demo: process.env.TEST_PG_DEMO_TEMPLATE },
};

/**
 * A fresh, migrated database of the engine under test, with the demo data already in when
 * `demo` (as a demo-mode start would load it). Closing it also drops it.
 */
export async function freshDatabase(options: { demo?: boolean } = {}): Promise<Database> {
  const kind = options.demo ? 'demo' : 'plain';
  if (testEngine === 'pglite') {
    const start = starts.pglite[kind];
    const database = await openDatabase({
      dataDir: 'memory://',
      from: start ? new Blob([await readFile(start)]) : undefined,
      logger: statementLog,
    });
    if (!start) await database.migrate();
    return database;
  }
  if (!postgresServerUrl) throw new Error('TEST_DB_ENGINE=postgres needs TEST_PG_URL');
  const template = starts.postgres[kind];
  const created = await createServerDatabase(postgresServerUrl, template);
  const database = await openDatabase({
    databaseUrl: created.url,
    dataDir: '',
    poolMax: 5,
    logger: statementLog,
  });
  if (!template) await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}
