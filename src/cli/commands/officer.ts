import { grantOfficer } from '../../features/certification/service/officers.ts';
import { type Command, parseOptions } from '../support.ts';

const USAGE = 'Usage: comptoir officer add --person <person id or national id> --administration <code>\n';

export const officerCommand: Command = {
  summary: "officer add: let a person work in an administration's back office.",
  database: true,
  async run(args, ctx) {
    const [action, ...rest] = args;
    const values =
      action === 'add'
        ? parseOptions(rest, { person: { type: 'string' }, administration: { type: 'string' } }, USAGE, ctx)
        : undefined;
    if (!values?.person || !values.administration) {
      if (values || action !== 'add') ctx.err(USAGE);
      return 2;
    }
    const { person, administration } = values;
    return ctx.withDatabase(async (database, config) => {
      const outcome = await grantOfficer({ db: database.db, config }, { person, administration });
      if (outcome === 'unknownPerson') ctx.err(`No person ${person}.\n`);
      else if (outcome === 'unknownAdministration') ctx.err(`No administration ${administration}.\n`);
      else
        ctx.out(
          outcome === 'granted'
            ? `${person} is now an officer of ${administration}.\n`
            : `${person} already was an officer of ${administration}.\n`,
        );
      return outcome === 'granted' || outcome === 'already' ? 0 : 1;
    });
  },
};
