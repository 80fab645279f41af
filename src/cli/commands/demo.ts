import { demoRemovers } from '../../features/index.ts';
import { holdsDemoData, removeDemoData } from '../../platform/demo.ts';
import type { Command } from '../support.ts';

const USAGE = 'Usage: comptoir demo remove\n';

export const demoCommand: Command = {
  summary:
    'demo remove: delete the demo data (identities, their eSpaces, registries), so production can start.',
  database: true,
  async run(args, ctx) {
    if (args.length !== 1 || args[0] !== 'remove') {
      ctx.err(USAGE);
      return 2;
    }
    return ctx.withDatabase(async (database) => {
      if (!(await holdsDemoData(database.db, demoRemovers))) {
        ctx.out('This database holds no demo data.\n');
        return 0;
      }
      const counts = await removeDemoData(database.db, demoRemovers);
      const removed = Object.entries(counts).map(([what, n]) => `${n} ${what}`);
      ctx.out(`Demo data removed: ${removed.join(', ')}.\n`);
      return 0;
    });
  },
};
