import { ZodError } from 'zod';
import { createPerson } from '../../features/identity/service/persons.ts';
import { type Command, parseOptions } from '../support.ts';

const USAGE =
  'Usage: comptoir person add --surname <surname> --first-name <first name> --email <email> [--national-id <13 digits>] [--lang fr|en|de]\n';

export const personCommand: Command = {
  summary: 'person add: create a person (prints their id).',
  database: true,
  async run(args, ctx) {
    const [action, ...rest] = args;
    if (action !== 'add') {
      ctx.err(USAGE);
      return 2;
    }
    const values = parseOptions(
      rest,
      {
        surname: { type: 'string' },
        'first-name': { type: 'string' },
        email: { type: 'string' },
        'national-id': { type: 'string' },
        lang: { type: 'string' },
      },
      USAGE,
      ctx,
    );
    if (!values) return 2;
    const { surname, 'first-name': firstName, email } = values;
    if (!surname || !firstName || !email) {
      ctx.err(USAGE);
      return 2;
    }
    try {
      return await ctx.withDatabase(async (database, config) => {
        const person = await createPerson(
          { db: database.db, config },
          {
            surname,
            firstName,
            email,
            ...(values['national-id'] ? { nationalId: values['national-id'] } : {}),
            ...(values.lang ? { preferredLang: values.lang as 'fr' } : {}),
          },
        );
        ctx.out(`${person.id}\n`);
        return 0;
      });
    } catch (error) {
      if (error instanceof ZodError) {
        for (const issue of error.issues)
          ctx.err(`Invalid ${issue.path.join('.') || 'value'}: ${issue.message}\n`);
        return 2;
      }
      throw error;
    }
  },
};
