import { grantOfficer } from '../../features/certification/service/officers.ts';
import type { Command } from '../main.ts';
import { parseOptions, withDatabase } from '../support.ts';

const USAGE = 'Usage: comptoir officer add --person <person id or national id> --administration <code>\n';

export const officerCommand: Command = {
  summary: "officer add: let a person work in an administration's back office.",
  async run(args) {
    const [action, ...rest] = args;
    const values =
      action === 'add'
        ? parseOptions(rest, { person: { type: 'string' }, administration: { type: 'string' } }, USAGE)
        : undefined;
    if (!values?.person || !values.administration) {
      if (values || action !== 'add') process.stderr.write(USAGE);
      return 2;
    }
    const { person, administration } = values;
    return withDatabase(async (database, config) => {
      const outcome = await grantOfficer({ db: database.db, config }, { person, administration });
      if (outcome === 'unknownPerson') process.stderr.write(`No person ${person}.\n`);
      else if (outcome === 'unknownAdministration')
        process.stderr.write(`No administration ${administration}.\n`);
      else
        process.stdout.write(
          outcome === 'granted'
            ? `${person} is now an officer of ${administration}.\n`
            : `${person} already was an officer of ${administration}.\n`,
        );
      return outcome === 'granted' || outcome === 'already' ? 0 : 1;
    });
  },
};
