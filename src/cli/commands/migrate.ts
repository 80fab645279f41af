import type { Command } from '../support.ts';

export const migrateCommand: Command = {
  summary: 'Apply the database migrations (the server also does it at start).',
  database: true,
  run: (_args, ctx) =>
    ctx.withDatabase(async (database, config) => {
      ctx.out(`Migrations applied on ${database.engine === 'pglite' ? config.dataDir : 'PostgreSQL'}.\n`);
      return 0;
    }),
};
