import { importRegistry, type Registry, registries } from '../../features/certification/service/registry.ts';
import type { Command } from '../support.ts';

const USAGE = `Usage: comptoir import ${registries.join('|')} FILE.csv\n(columns: see docs/certification.md)\n`;

export const importCommand: Command = {
  summary: 'import administrations|scopes|entities FILE.csv: load a registry (all rows or none).',
  database: true,
  async run(args, ctx) {
    const [registry, file, ...extra] = args;
    if (!registries.includes(registry as Registry) || !file || extra.length > 0) {
      ctx.err(USAGE);
      return 2;
    }
    let csv: string;
    try {
      csv = (await ctx.readFile(file)).toString('utf8');
    } catch (error) {
      ctx.err(`Cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    return ctx.withDatabase(async (database) => {
      const result = await importRegistry(database.db, registry as Registry, csv);
      if (!result.ok) {
        for (const problem of result.problems) ctx.err(`${file}:${problem.line}: ${problem.message}\n`);
        ctx.err(`Nothing was imported: ${result.problems.length} problem(s).\n`);
        return 1;
      }
      ctx.out(`Imported ${result.imported} ${registry} from ${file}.\n`);
      return 0;
    });
  },
};
