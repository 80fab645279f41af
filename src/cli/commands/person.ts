import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createPerson } from '../../features/identity/service/persons.ts';
import { loadConfig } from '../../platform/config.ts';
import { openDatabase } from '../../platform/db.ts';
import type { Command } from '../main.ts';

const USAGE =
  'Usage: comptoir person add --surname <surname> --first-name <first name> --email <email> [--national-id <13 digits>] [--lang fr|en|de]\n';

export const personCommand: Command = {
  summary: 'person add: create a person (prints their id).',
  async run(args) {
    const [action, ...rest] = args;
    if (action !== 'add') {
      process.stderr.write(USAGE);
      return 2;
    }
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({
        args: rest,
        options: {
          surname: { type: 'string' },
          'first-name': { type: 'string' },
          email: { type: 'string' },
          'national-id': { type: 'string' },
          lang: { type: 'string' },
        },
      }).values;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (!values.surname || !values['first-name'] || !values.email) {
      process.stderr.write(USAGE);
      return 2;
    }
    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: 2,
    });
    try {
      await database.migrate();
      const person = await createPerson(
        { db: database.db, config },
        {
          surname: values.surname,
          firstName: values['first-name'],
          email: values.email,
          ...(values['national-id'] ? { nationalId: values['national-id'] } : {}),
          ...(values.lang ? { preferredLang: values.lang as 'fr' } : {}),
        },
      );
      process.stdout.write(`${person.id}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ZodError) {
        for (const issue of error.issues)
          process.stderr.write(`Invalid ${issue.path.join('.') || 'value'}: ${issue.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      await database.close();
    }
  },
};
