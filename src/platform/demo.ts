import { eq, sql } from 'drizzle-orm';
import { appMeta } from '../db/schema/index.ts';
import { audit } from './audit.ts';
import type { Config } from './config.ts';
import { type Db, inTransaction } from './db.ts';

/** A feature's contribution to the demo data, run inside the one loading transaction. */
export type DemoSeeder = (tx: Db, config: Config) => Promise<void>;

/** How a feature finds and removes its demo data (what its seeder and its demo pages made). */
export type DemoRemover = {
  /** Whether any of its demo rows is in the database: an index lookup (none: found through another's). */
  present?(db: Db): Promise<boolean>;
  /**
   * Deletes exactly its demo rows and what hangs off them, inside the one removal transaction;
   * resolves to how many rows of each kind it deleted.
   */
  remove(tx: Db): Promise<Record<string, number>>;
};

const DEMO_KEY = 'demo_data_loaded_at';

/**
 * Loads the demo data exactly once per database: the marker row is claimed in the same
 * transaction as the data, so a crash or a second instance never loads it twice.
 * Returns true when it loaded the data now.
 */
export async function loadDemoDataOnce(db: Db, config: Config, seeders: DemoSeeder[]): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const claimed = await tx
      .insert(appMeta)
      .values({ key: DEMO_KEY, value: new Date().toISOString() })
      .onConflictDoNothing()
      .returning({ key: appMeta.key });
    if (claimed.length === 0) return false;
    for (const seed of seeders) await seed(tx, config);
    return true;
  });
}

/** When the demo data was loaded, if ever. */
export async function demoDataLoadedAt(db: Db): Promise<string | undefined> {
  const rows = await db
    .select({ value: appMeta.value })
    .from(appMeta)
    .where(sql`${appMeta.key} = ${DEMO_KEY}`);
  return rows[0]?.value;
}

/** Whether the database holds demo data: the marker of its loading, or any demo row left. */
export async function holdsDemoData(db: Db, removers: DemoRemover[]): Promise<boolean> {
  if (await demoDataLoadedAt(db)) return true;
  for (const remover of removers) if (await remover.present?.(db)) return true;
  return false;
}

/**
 * Deletes the demo data (each remover in turn) and its marker in one transaction, so that a
 * production start accepts the database; the removal is kept in the audit trail with its counts.
 */
export async function removeDemoData(db: Db, removers: DemoRemover[]): Promise<Record<string, number>> {
  return inTransaction(db, async (tx) => {
    const counts: Record<string, number> = {};
    for (const remover of removers) Object.assign(counts, await remover.remove(tx));
    await tx.delete(appMeta).where(eq(appMeta.key, DEMO_KEY));
    await audit(tx, { action: 'demo.removed', detail: counts });
    return counts;
  });
}
