import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../../src/cli/run.ts';
import { portalContext } from '../../src/cli/support.ts';
import type { CommandIo } from '../../src/platform/command-channel.ts';
import type { Config } from '../../src/platform/config.ts';
import type { Database } from '../../src/platform/db.ts';

/** A caller's terminal for a command: what it printed, and files relative to `folder`. */
export function terminal(folder: string = process.cwd()) {
  const printed = { out: '', err: '' };
  const io: CommandIo = {
    out(text) {
      printed.out += text;
    },
    err(text) {
      printed.err += text;
    },
    readFile: (file) => readFile(path.resolve(folder, file)),
    async writeFile(file, data, mode) {
      const absolute = path.resolve(folder, file);
      await writeFile(absolute, data, { mode });
      return absolute;
    },
  };
  return { io, printed };
}

/**
 * `comptoir …` run in this process, as a portal runs a command handed to it: the same code from
 * the command line on, on `database`, with files named relative to `folder`. A process costs
 * seconds to start (the portal's modules, an embedded database); what is about the process itself
 * (exit codes, the data folder's lock, the hand-over) is tested with real processes, in
 * cli.test.ts and cli-portal.test.ts.
 */
export function commandsOn(database: () => Database, config: Config, folder: () => string) {
  return async (...argv: string[]) => {
    const { io, printed } = terminal(folder());
    const code = await runCommand(argv, portalContext(io, database(), config));
    return { code, stdout: printed.out, stderr: printed.err };
  };
}
