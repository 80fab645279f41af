import { ConfigError } from '../platform/config.ts';
import { caCommand } from './commands/ca.ts';
import { codesCommand } from './commands/codes.ts';
import { deviceCommand } from './commands/device.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { officerCommand } from './commands/officer.ts';
import { personCommand } from './commands/person.ts';

/** A CLI command: gets its arguments, returns the exit code. */
export type Command = { summary: string; run(args: string[]): Promise<number> };

const commands: Record<string, Command> = {
  migrate: migrateCommand,
  ca: caCommand,
  person: personCommand,
  device: deviceCommand,
  import: importCommand,
  codes: codesCommand,
  officer: officerCommand,
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Usage: comptoir <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** `comptoir <command> …`: the operator's tool. Configuration comes from the same environment as the server. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
      return 2;
    }
    process.stderr.write(
      `comptoir ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
