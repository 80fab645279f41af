import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createServerDatabase, postgresServerUrl } from '../../test/support/db.ts';
import { loadConfig } from './config.ts';
import { type Database, openDatabase } from './db.ts';
import { demoDataLoadedAt, loadDemoDataOnce } from './demo.ts';

const config = loadConfig({});

/** Tables, columns, indexes and constraints, as text that can be compared across engines. */
async function schemaFingerprint(database: Database): Promise<string[]> {
  const rows = (q: string) =>
    database.db.execute(sql.raw(q)).then((r) => (r as unknown as { rows: Record<string, unknown>[] }).rows);
  const columns = await rows(`select table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema = 'public' order by 1, 2`);
  const indexes = await rows(`select tablename, indexname, indexdef from pg_indexes
      where schemaname = 'public' order by 1, 2`);
  // PostgreSQL 18 (PGlite) also lists NOT NULL as constraints; nullability is compared through the columns.
  const constraints =
    await rows(`select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace = 'public'::regnamespace and contype <> 'n' order by 1, 2`);
  return [...columns, ...indexes, ...constraints].map((r) => JSON.stringify(r));
}

describe('database', () => {
  it('the same migrations give the same schema on PGlite and on PostgreSQL', async (t) => {
    if (!postgresServerUrl) {
      if (process.env.CI === 'true') assert.fail('CI must provide PostgreSQL (TEST_PG_URL)');
      t.skip('no PostgreSQL server configured (TEST_PG_URL)');
      return;
    }
    const lite = await openDatabase({ dataDir: 'memory://' });
    const server = await createServerDatabase(postgresServerUrl);
    const pgDb = await openDatabase({ databaseUrl: server.url, dataDir: '' });
    try {
      await lite.migrate();
      await pgDb.migrate();
      const [a, b] = [await schemaFingerprint(lite), await schemaFingerprint(pgDb)];
      assert.ok(a.length > 0);
      assert.deepEqual(a, b);
    } finally {
      await lite.close();
      await pgDb.close();
      await server.drop();
    }
  });

  it('migrating twice is harmless, and the embedded data survives a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'comptoir-db-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.migrate();
      assert.equal(await loadDemoDataOnce(first.db, config, []), true);
      const loadedAt = await demoDataLoadedAt(first.db);
      await first.close();

      const second = await openDatabase({ dataDir: dir });
      await second.migrate();
      assert.equal(await loadDemoDataOnce(second.db, config, []), false, 'demo data is loaded once only');
      assert.equal(await demoDataLoadedAt(second.db), loadedAt);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rolls the demo marker back when a seeder fails, so the next start loads it again', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      await database.migrate();
      await assert.rejects(
        loadDemoDataOnce(database.db, config, [
          async () => {
            throw new Error('seeder failed');
          },
        ]),
      );
      assert.equal(await demoDataLoadedAt(database.db), undefined);
      assert.equal(await loadDemoDataOnce(database.db, config, []), true);
    } finally {
      await database.close();
    }
  });
});
