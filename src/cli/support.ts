import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { type CommandIo, localIo } from '../platform/command-channel.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import type { DataLock } from '../platform/data-lock.ts';
import { type Database, openDatabase } from '../platform/db.ts';

/**
 * What a command works with. It prints, reads and writes the files named on its command line
 * through these functions only, and reaches the database through `withDatabase`: the same
 * command runs in the terminal where it was typed, or inside the portal that holds the
 * embedded database (see cli/main.ts).
 */
export type CommandContext = CommandIo & {
  config(): Config;
  /** Runs `work` on the database (migrated) with the configuration it belongs to. */
  withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T>;
};

/** A CLI command: gets its arguments and context, returns the exit code. */
export type Command = {
  summary: string;
  /** It works on the database: on the embedded one, a running portal carries it out. */
  database: boolean;
  run(args: string[], ctx: CommandContext): Promise<number>;
};

/**
 * A command run in the terminal: configuration from the environment, the database opened for
 * it (under the data folder's `lock` when the caller took it), migrated first (a command may be
 * the first thing run on a new database), and closed whatever happens.
 */
export function terminalContext(lock?: DataLock): CommandContext {
  return {
    ...localIo,
    config: () => loadConfig(),
    async withDatabase(work) {
      const config = loadConfig();
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        poolMax: 2,
        lock,
      });
      try {
        await database.migrate();
        return await work(database, config);
      } finally {
        await database.close();
      }
    },
  };
}

/** A command the portal runs on its own database for the caller at the other end of `io`. */
export function portalContext(io: CommandIo, database: Database, config: Config): CommandContext {
  return { ...io, config: () => config, withDatabase: (work) => work(database, config) };
}

/** The --options of a sub-command, or undefined after printing what is wrong and the usage. */
export function parseOptions(
  args: string[],
  options: ParseArgsOptionsConfig,
  usage: string,
  ctx: CommandContext,
): Record<string, string | undefined> | undefined {
  try {
    return parseArgs({ args, options }).values as Record<string, string | undefined>;
  } catch (error) {
    ctx.err(`${(error as Error).message}\n${usage}`);
    return undefined;
  }
}
