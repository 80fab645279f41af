import { loadConfig } from '../../platform/config.ts';
import { openDatabase } from '../../platform/db.ts';
import type { Command } from '../main.ts';

export const migrateCommand: Command = {
  summary: 'Apply the database migrations (the server also does it at start).',
  async run() {
    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: 2,
    });
    try {
      await database.migrate();
      process.stdout.write(
        `Migrations applied on ${database.engine === 'pglite' ? config.dataDir : 'PostgreSQL'}.\n`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
