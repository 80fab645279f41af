import { sql } from 'drizzle-orm';
import { appMeta } from '../db/schema/index.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';

/** A feature's contribution to the demo data, run inside the one loading transaction. */
export type DemoSeeder = (tx: Db, config: Config) => Promise<void>;

const DEMO_KEY = 'demo_data_loaded_at';

/**
 * Loads the demo data exactly once per database: the marker row is claimed in the same
 * transaction as the data, so a crash or a second instance never loads it twice.
 * Returns true when it loaded the data now.
 */
export async function loadDemoDataOnce(db: Db, config: Config, seeders: DemoSeeder[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(appMeta)
      .values({ key: DEMO_KEY, value: new Date().toISOString() })
      .onConflictDoNothing()
      .returning({ key: appMeta.key });
    if (claimed.length === 0) return false;
    for (const seed of seeders) await seed(tx as unknown as Db, config);
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
