import type { Command } from '../main.ts';
import { withDatabase } from '../support.ts';

export const migrateCommand: Command = {
  summary: 'Apply the database migrations (the server also does it at start).',
  run: () =>
    withDatabase(async (database, config) => {
      process.stdout.write(
        `Migrations applied on ${database.engine === 'pglite' ? config.dataDir : 'PostgreSQL'}.\n`,
      );
      return 0;
    }),
};
