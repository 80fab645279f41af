import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { type Config, loadConfig } from '../platform/config.ts';
import { type Database, openDatabase } from '../platform/db.ts';

/**
 * Runs `work` on the configured database, migrated first (a command may be the first thing run
 * on a new database), and closes it whatever happens.
 */
export async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: 2,
  });
  try {
    await database.migrate();
    return await work(database, config);
  } finally {
    await database.close();
  }
}

/** The --options of a sub-command, or undefined after printing what is wrong and the usage. */
export function parseOptions(
  args: string[],
  options: ParseArgsOptionsConfig,
  usage: string,
): Record<string, string | undefined> | undefined {
  try {
    return parseArgs({ args, options }).values as Record<string, string | undefined>;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return undefined;
  }
}
