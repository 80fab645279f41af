import { formatAccessCode } from '../../features/certification/rules.ts';
import { type CodeOrder, issueOrderedCodes } from '../../features/certification/service/codes.ts';
import { codeLetters } from '../../features/certification/service/letters.ts';
import { readCsv } from '../../platform/csv.ts';
import { type Command, parseOptions } from '../support.ts';

const USAGE = `Usage:
  comptoir codes issue --scope <code> --entity <scheme:value> --kind holder|agent [--expires YYYY-MM-DD] [--letter FILE.pdf]
  comptoir codes issue --csv FILE.csv --letters FILE.pdf
The CSV has the columns scope, entity, kind and expires (may be empty). One code is printed per
order; with --csv only the references are printed: the codes are in the letters, one page each.
`;

/** The orders of a CSV batch, each with its line, or the problem that stops reading it. */
function ordersOf(csv: string): CodeOrder[] | string {
  const rows = readCsv(csv);
  if (!Array.isArray(rows)) return `line ${rows.line}: ${rows.message}`;
  return rows.map(({ line, record }) => ({
    line,
    scope: record.scope ?? '',
    entity: record.entity ?? '',
    kind: record.kind ?? '',
    expiresOn: record.expires ?? '',
  }));
}

export const codesCommand: Command = {
  summary: 'codes issue: issue access codes (one, or a CSV batch) and their letters (PDF).',
  database: true,
  async run(args, ctx) {
    const [action, ...rest] = args;
    const options = {
      scope: { type: 'string' },
      entity: { type: 'string' },
      kind: { type: 'string' },
      expires: { type: 'string' },
      letter: { type: 'string' },
      csv: { type: 'string' },
      letters: { type: 'string' },
    } as const;
    const values = action === 'issue' ? parseOptions(rest, options, USAGE, ctx) : undefined;
    if (!values) {
      if (action !== 'issue') ctx.err(USAGE);
      return 2;
    }
    let orders: CodeOrder[];
    let letterFile: string | undefined;
    if (values.csv) {
      if (!values.letters) {
        ctx.err(`--csv needs --letters: the codes of a batch are only printed in its letters.\n${USAGE}`);
        return 2;
      }
      const read = ordersOf((await ctx.readFile(values.csv)).toString('utf8'));
      if (typeof read === 'string') {
        ctx.err(`${values.csv}: ${read}\n`);
        return 1;
      }
      orders = read;
      letterFile = values.letters;
    } else {
      if (!values.scope || !values.entity || !values.kind) {
        ctx.err(USAGE);
        return 2;
      }
      orders = [
        {
          line: 0,
          scope: values.scope,
          entity: values.entity,
          kind: values.kind,
          expiresOn: values.expires ?? '',
        },
      ];
      letterFile = values.letter;
    }
    return ctx.withDatabase(async (database, config) => {
      const result = await issueOrderedCodes(database.db, orders, new Date());
      if (!result.ok) {
        for (const p of result.problems)
          ctx.err(`${values.csv ? `${values.csv}:${p.line}: ` : ''}${p.message}\n`);
        ctx.err('No code was issued.\n');
        return 1;
      }
      for (const { row, code, entity } of result.issued) {
        const shown = values.csv ? '' : `\t${formatAccessCode(code)}`;
        ctx.out(`${row.reference}${shown}\t${row.kind}\t${entity.scheme}:${entity.value}\t${entity.name}\n`);
      }
      if (letterFile) {
        const written = await ctx.writeFile(letterFile, await codeLetters(config, result.issued), 0o600);
        ctx.out(`Letters written to ${written} (${result.issued.length} page(s)).\n`);
      }
      return 0;
    });
  },
};
