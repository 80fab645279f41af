/** The table `npm run bench` prints (Markdown, as bench/README.md keeps it), with its goals. */
import type { Load } from './lib.ts';
import { type ListName, listScales } from './seed.ts';

/** A page measured: where, as whom (the owner of a list, at each of its sizes), and its goal against the same-work reference. */
export type Page = {
  name: string;
  path: string;
  vsReference: number;
  list?: ListName;
  /** Measured at the larger size only. */
  largeOnly?: boolean;
};

/** One page at one size: Comptoir beside the references (and on PGlite), loaded in the same slices. */
export type Measured = {
  page: Page;
  size: number | undefined;
  reference: Load;
  comptoir: Load;
  pglite: Load | undefined;
  /** Logged-on pages only. */
  oneQuery: Load | undefined;
};

export const goals = {
  /** Comptoir's req/s ÷ the one-query page's, for every logged-on page. */
  vsOneQuery: 0.3,
  /** Comptoir's worst p99 at 10 connections. */
  p99Ms: 50,
  /** A list page's req/s at its larger size ÷ at its smaller one. */
  largeToSmall: 0.85,
};

type Context = {
  seconds: number;
  connections: number;
  /** Seconds each database took to seed (PGlite's includes its migration and demo data). */
  seeding: { postgres: number; pglite: number };
  pglite: boolean;
  date: Date;
};

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
const ratio = (n: number) => n.toFixed(2);
/** A figure with its goal: marked ✗ when missed. */
const against = (text: string, met: boolean) => (met ? text : `${text} ✗`);

export function report(measured: Measured[], context: Context): string {
  const p99Goal = context.connections === 10 ? goals.p99Ms : undefined;
  const head = [
    'page',
    'scale',
    'ref req/s',
    'ref p99',
    'req/s',
    'p99 ms',
    'vs ref',
    'vs one-query',
    'large/small',
    ...(context.pglite ? ['PGlite req/s', 'PGlite p99', 'PGlite ÷ PG'] : []),
  ];
  const lines = measured.map((m, i) => {
    const { page, comptoir } = m;
    const vsReference = comptoir.rps / m.reference.rps;
    const vsOneQuery = m.oneQuery ? comptoir.rps / m.oneQuery.rps : undefined;
    const small = measured[i - 1];
    const isLarge = page.list && !page.largeOnly && small?.page === page;
    const largeToSmall = isLarge ? comptoir.rps / small!.comptoir.rps : undefined;
    return [
      page.name,
      page.list ? `${whole(m.size!)} ${listScales[page.list].unit}${m.size === 1 ? '' : 's'}` : '',
      whole(m.reference.rps),
      whole(m.reference.p99),
      whole(comptoir.rps),
      against(whole(comptoir.p99), p99Goal === undefined || comptoir.p99 <= p99Goal),
      against(ratio(vsReference), vsReference >= page.vsReference),
      vsOneQuery === undefined ? '' : against(ratio(vsOneQuery), vsOneQuery >= goals.vsOneQuery),
      largeToSmall === undefined ? '' : against(ratio(largeToSmall), largeToSmall >= goals.largeToSmall),
      ...(m.pglite ? [whole(m.pglite.rps), whole(m.pglite.p99), ratio(m.pglite.rps / comptoir.rps)] : []),
    ];
  });
  // Both sizes of a list page share the one measure of the one-query page taken beside them.
  const oneQuery = [...new Set(measured.flatMap((m) => (m.oneQuery ? [m.oneQuery] : [])))];
  const errors = measured.flatMap((m) => {
    const bad = [m.reference, m.comptoir, m.pglite, m.oneQuery].reduce(
      (n, l) => n + (l ? l.errors + l.non2xx : 0),
      0,
    );
    return bad > 0 ? [`${m.page.name} ${m.size ?? ''}: ${bad} errors or non-2xx answers`] : [];
  });
  const row = (cells: string[]) => `| ${cells.join(' | ')} |\n`;
  return [
    `\n${context.date.toISOString()}: ${context.seconds} s per target, ${context.connections} connections, ` +
      `seeded in ${Math.round(context.seeding.postgres)} s on PostgreSQL` +
      `${context.pglite ? `, ${Math.round(context.seeding.pglite)} s on PGlite (migrated and demo data included)` : ''}\n\n`,
    row(head),
    row(head.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...lines.map(row),
    `\none-query page: ${whole(mean(oneQuery.map((l) => l.rps)))} req/s (mean of ${oneQuery.length} measures, ` +
      `one beside each logged-on page), p99 ${whole(Math.max(...oneQuery.map((l) => l.p99)))} ms (worst)\n`,
    `goals (✗ missed): vs ref ≥ ${pages(measured)}; vs one-query ≥ ${goals.vsOneQuery}; ` +
      `large/small ≥ ${goals.largeToSmall}${p99Goal ? `; p99 ≤ ${p99Goal} ms` : ''}\n`,
    ...errors.map((e) => `${e}\n`),
  ].join('');
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** "0.8 (home page), 0.7 (the others)": the goals against the same-work reference, in words. */
function pages(measured: Measured[]): string {
  const byGoal = new Map<number, string[]>();
  for (const { page } of measured) {
    const names = byGoal.get(page.vsReference) ?? [];
    if (!names.includes(page.name)) names.push(page.name);
    byGoal.set(page.vsReference, names);
  }
  return [...byGoal].map(([goal, names]) => `${goal} (${names.join(', ')})`).join(', ');
}
