import { isOfficerRole, officerRoles } from '../../features/authorities/permissions.ts';
import { grantOfficer } from '../../features/authorities/service.ts';
import { type Command, parseOptions } from '../support.ts';

const USAGE = `Usage: comptoir officer add --person <person id or national id> --administration <code> [--role ${officerRoles.join('|')}]\n`;

export const officerCommand: Command = {
  summary: "officer add: let a person work in an administration's back office, with a role.",
  database: true,
  async run(args, ctx) {
    const [action, ...rest] = args;
    const values =
      action === 'add'
        ? parseOptions(
            rest,
            { person: { type: 'string' }, administration: { type: 'string' }, role: { type: 'string' } },
            USAGE,
            ctx,
          )
        : undefined;
    const role = values?.role ?? 'officer';
    if (!values?.person || !values.administration || !isOfficerRole(role)) {
      if (values || action !== 'add') ctx.err(USAGE);
      return 2;
    }
    const { person, administration } = values;
    return ctx.withDatabase(async (database, config) => {
      const outcome = await grantOfficer({ db: database.db, config }, { person, administration, role });
      if (outcome === 'unknownPerson') ctx.err(`No person ${person}.\n`);
      else if (outcome === 'unknownAdministration') ctx.err(`No administration ${administration}.\n`);
      else
        ctx.out(
          outcome === 'granted'
            ? `${person} is now an officer of ${administration} (${role}).\n`
            : `${person} already was an officer of ${administration} (${role}).\n`,
        );
      return outcome === 'granted' || outcome === 'already' ? 0 : 1;
    });
  },
};
