import { ConfigError } from '../platform/config.ts';
import { caCommand } from './commands/ca.ts';
import { codesCommand } from './commands/codes.ts';
import { demoCommand } from './commands/demo.ts';
import { deviceCommand } from './commands/device.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { officerCommand } from './commands/officer.ts';
import { personCommand } from './commands/person.ts';
import { proceduresCommand } from './commands/procedures.ts';
import type { Command, CommandContext } from './support.ts';

const commands: Record<string, Command> = {
  migrate: migrateCommand,
  ca: caCommand,
  person: personCommand,
  device: deviceCommand,
  import: importCommand,
  codes: codesCommand,
  officer: officerCommand,
  procedures: proceduresCommand,
  demo: demoCommand,
};

/** The command a command line names, if any. */
export function commandOf(argv: string[]): Command | undefined {
  const name = argv[0];
  return name && Object.hasOwn(commands, name) ? commands[name] : undefined;
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Usage: comptoir <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Reports a bad configuration, one line per problem (exit code 2). */
export function reportConfigError(error: ConfigError, ctx: Pick<CommandContext, 'err'>): number {
  for (const problem of error.problems) ctx.err(`Configuration error: ${problem}\n`);
  return 2;
}

/** `comptoir <command> …`: the operator's tool. Resolves to the exit code. */
export async function runCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.out(usage());
    return name ? 0 : 2;
  }
  const command = commandOf(argv);
  if (!command) {
    ctx.err(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, ctx);
  } catch (error) {
    if (error instanceof ConfigError) return reportConfigError(error, ctx);
    ctx.err(`comptoir ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
