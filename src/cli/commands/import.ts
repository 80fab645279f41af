import { readFile } from 'node:fs/promises';
import { importRegistry, type Registry, registries } from '../../features/certification/service/registry.ts';
import type { Command } from '../main.ts';
import { withDatabase } from '../support.ts';

const USAGE = `Usage: comptoir import ${registries.join('|')} FILE.csv\n(columns: see docs/certification.md)\n`;

export const importCommand: Command = {
  summary: 'import administrations|scopes|entities FILE.csv: load a registry (all rows or none).',
  async run(args) {
    const [registry, file, ...extra] = args;
    if (!registries.includes(registry as Registry) || !file || extra.length > 0) {
      process.stderr.write(USAGE);
      return 2;
    }
    let csv: string;
    try {
      csv = await readFile(file, 'utf8');
    } catch (error) {
      process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    return withDatabase(async (database) => {
      const result = await importRegistry(database.db, registry as Registry, csv);
      if (!result.ok) {
        for (const problem of result.problems)
          process.stderr.write(`${file}:${problem.line}: ${problem.message}\n`);
        process.stderr.write(`Nothing was imported: ${result.problems.length} problem(s).\n`);
        return 1;
      }
      process.stdout.write(`Imported ${result.imported} ${registry} from ${file}.\n`);
      return 0;
    });
  },
};
