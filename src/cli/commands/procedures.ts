import {
  type CloseOutcome,
  closeVersion,
  LIST_PAGE,
  publishDefinition,
  publishedVersions,
} from '../../features/procedures/service/publish.ts';
import { ensureSigningKey } from '../../features/procedures/service/slip-token.ts';
import { slipPublicKeys } from '../../features/procedures/service/verify.ts';
import { endOfDayInLuxembourg, formatDate, isCalendarDay } from '../../platform/i18n/dates.ts';
import { type Command, type CommandContext, parseOptions } from '../support.ts';

const USAGE = `Usage:
  comptoir procedures publish FILE.json…       check definition files and publish them
  comptoir procedures close CODE VERSION --at YYYY-MM-DD|DATE-TIME|now
  comptoir procedures list                     every published version
  comptoir procedures keys                     the public keys that sign transmission slips (JWKS)
A day closes the version at its first minute, Luxembourg time; a date-time needs its offset
(2026-09-30T18:00+02:00). See docs/procedures.md, "Publishing".
`;

/** A moment as the operator reads it. */
const shown = (at: Date) => `${formatDate('en', at, 'dateTime')} (Luxembourg time)`;

/**
 * `--at`: now, a calendar day (the version is closed from that day's first minute in
 * Luxembourg) or a date-time with its offset. Undefined when it is none of these.
 */
export function closingMoment(text: string, now: Date): Date | undefined {
  if (text === 'now') return now;
  if (isCalendarDay(text)) {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const dayBefore = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
    return new Date(endOfDayInLuxembourg(dayBefore).getTime() + 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

type Read = { file: string; json: unknown };

/** The files as JSON, in code and version order (a code's versions are published in turn). */
async function readDefinitions(
  files: string[],
  ctx: CommandContext,
): Promise<{ read: Read[]; failed: number }> {
  const read: Read[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      read.push({ file, json: JSON.parse((await ctx.readFile(file)).toString('utf8')) });
    } catch (error) {
      const what = error instanceof SyntaxError ? 'not JSON' : 'cannot be read';
      ctx.err(`${file}: ${what}: ${(error as Error).message}\n`);
      failed += 1;
    }
  }
  const key = ({ json }: Read) => {
    const { code, version } = (json ?? {}) as { code?: unknown; version?: unknown };
    return [typeof code === 'string' ? code : '', typeof version === 'number' ? version : 0] as const;
  };
  read.sort((a, b) => {
    const [codeA, versionA] = key(a);
    const [codeB, versionB] = key(b);
    return codeA === codeB ? versionA - versionB : codeA < codeB ? -1 : 1;
  });
  return { read, failed };
}

async function publish(files: string[], ctx: CommandContext): Promise<number> {
  if (files.length === 0) {
    ctx.err(USAGE);
    return 2;
  }
  const { read, failed } = await readDefinitions(files, ctx);
  let refused = failed;
  await ctx.withDatabase(async (database) => {
    for (const { file, json } of read) {
      const outcome = await publishDefinition({ db: database.db }, json);
      if (outcome.status === 'refused') {
        for (const problem of outcome.problems) ctx.err(`${file}: ${problem}\n`);
        ctx.err(`${file}: not published (${outcome.problems.length} problem(s)).\n`);
        refused += 1;
      } else if (outcome.status === 'published') {
        ctx.out(`${file}: published ${outcome.code} v${outcome.version}\n`);
      } else {
        ctx.out(`${file}: ${outcome.code} v${outcome.version} already published (same content)\n`);
      }
    }
  });
  return refused > 0 ? 1 : 0;
}

function reportClosing(outcome: CloseOutcome, what: string, now: Date, ctx: CommandContext): number {
  switch (outcome.status) {
    case 'unknown':
      ctx.err(`No published version ${what}.\n`);
      return 1;
    case 'inPast':
      ctx.err(`That moment is past: a version closes now at the earliest (--at now).\n`);
      return 1;
    case 'alreadyClosed':
      ctx.err(
        `${what} closed at ${shown(outcome.closedAt)}: a closed version never reopens. Publish a new version instead.\n`,
      );
      return 1;
    case 'unchanged':
      ctx.out(`${what} already closes at ${shown(outcome.closesAt)}.\n`);
      return 0;
    case 'set':
      ctx.out(
        outcome.closesAt <= now
          ? `${what} is closed now.\n`
          : `${what} closes at ${shown(outcome.closesAt)}${outcome.previous ? ` (was ${shown(outcome.previous)})` : ''}.\n`,
      );
      return 0;
  }
}

async function close(args: string[], ctx: CommandContext): Promise<number> {
  const [code, version, ...rest] = args;
  const values = parseOptions(rest, { at: { type: 'string' } }, USAGE, ctx);
  if (!values) return 2;
  if (!code || !version || !/^[1-9]\d{0,8}$/.test(version) || !values.at) {
    ctx.err(USAGE);
    return 2;
  }
  const now = new Date();
  const at = closingMoment(values.at, now);
  if (!at) {
    ctx.err(`--at ${values.at}: give now, a day (2026-09-30) or a date-time with its offset.\n`);
    return 2;
  }
  const what = `${code.toUpperCase()} v${version}`;
  return ctx.withDatabase(async (database) => {
    const outcome = await closeVersion(
      { db: database.db, now },
      { code: code.toUpperCase(), version: Number(version), at },
    );
    return reportClosing(outcome, what, now, ctx);
  });
}

async function list(ctx: CommandContext): Promise<number> {
  const now = new Date();
  return ctx.withDatabase(async (database) => {
    let after: { code: string; version: number } | undefined;
    let printed = 0;
    for (;;) {
      const page = await publishedVersions({ db: database.db }, after);
      for (const v of page) {
        const state = !v.closesAt
          ? 'open'
          : v.closesAt <= now
            ? `closed ${shown(v.closesAt)}`
            : `closes ${shown(v.closesAt)}`;
        const columns = [v.code, `v${v.version}`, v.administration, v.audience, state];
        columns.push(`published ${shown(v.publishedAt)}`, `sha256:${v.sha256.slice(0, 16)}`);
        if (v.demo) columns.push('demo');
        ctx.out(`${columns.join('\t')}\n`);
      }
      printed += page.length;
      const last = page.at(-1);
      if (!last || page.length < LIST_PAGE) break;
      after = { code: last.code, version: last.version };
    }
    if (printed === 0) ctx.out('No procedure is published.\n');
    return 0;
  });
}

/**
 * The public keys of the slips' tokens as a JSON Web Key Set, to publish or hand to whoever
 * checks slips offline (docs/procedures.md). The first key is made here if none exists yet.
 */
async function keys(ctx: CommandContext): Promise<number> {
  return ctx.withDatabase(async (database) => {
    await ensureSigningKey(database.db);
    ctx.out(`${JSON.stringify(await slipPublicKeys({ db: database.db }), null, 2)}\n`);
    return 0;
  });
}

export const proceduresCommand: Command = {
  summary:
    'procedures publish FILE…|close CODE VERSION --at DATE|list|keys: the catalogue of procedures, the keys of the slips.',
  database: true,
  async run(args, ctx) {
    const [action, ...rest] = args;
    if (action === 'publish') return publish(rest, ctx);
    if (action === 'close') return close(rest, ctx);
    if (action === 'list' && rest.length === 0) return list(ctx);
    if (action === 'keys' && rest.length === 0) return keys(ctx);
    ctx.err(USAGE);
    return 2;
  },
};
