import { setTimeout as sleep } from 'node:timers/promises';
import { handOver, localIo } from '../platform/command-channel.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { DataDirBusy, type DataLock, lockDataDir } from '../platform/data-lock.ts';
import { commandOf, reportConfigError, runCommand } from './run.ts';
import { terminalContext } from './support.ts';

/** How long a command waits for a data folder held by a process that does not (yet) serve commands. */
const WAIT_MS = 60_000;

/**
 * The `comptoir` command. Configuration comes from the same environment as the portal.
 *
 * On the embedded database a command never opens the data folder beside a portal: it takes the
 * folder's lock and works on it itself, or, when a portal holds it, hands the command to that
 * portal, which carries it out on its own database (platform/command-channel.ts). A folder held
 * by another command, or by a portal still starting, is waited for.
 */
async function main(argv: string[]): Promise<number> {
  if (!commandOf(argv)?.database) return runCommand(argv, terminalContext());
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return reportConfigError(error, localIo);
    throw error;
  }
  if (config.databaseUrl) return runCommand(argv, terminalContext());
  const deadline = Date.now() + WAIT_MS;
  let told = false;
  for (;;) {
    let lock: DataLock;
    try {
      lock = await lockDataDir(config.dataDir);
    } catch (error) {
      if (!(error instanceof DataDirBusy)) throw error;
      const code = await handOver(config.dataDir, argv, localIo);
      if (code !== undefined) return code;
      if (Date.now() > deadline) {
        localIo.err(`Cannot run the command: ${error.message}, and it does not take commands.\n`);
        return 1;
      }
      if (!told) localIo.err(`Waiting: ${error.message}.\n`);
      told = true;
      await sleep(250);
      continue;
    }
    try {
      return await runCommand(argv, terminalContext(lock));
    } finally {
      lock.release();
    }
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  localIo.err(`comptoir: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
