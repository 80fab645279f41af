import type { Db } from '../../../platform/db.ts';
import { type Lang, translator } from '../../../platform/i18n/index.ts';
import { type Audience, type Definition, type Theme, themes } from '../definition/types.ts';
import { prefixQuery } from '../search.ts';
import {
  type CatalogueRow,
  catalogueRows,
  findDefinition,
  latestOpenDefinition,
} from '../store/definitions.ts';

/**
 * "New procedure": the catalogue of an eSpace's kind, by administration and theme, and the
 * definition a procedure is started on. Reading it needs no right: every eSpace sees the
 * catalogue of its kind.
 */

export type CatalogueCtx = { db: Db; now?: Date | undefined };

/** The most entries one catalogue answer holds; beyond, it says so and asks to narrow it. */
export const CATALOGUE_LIMIT = 200;

/** Private eSpaces see procedures for citizens, business eSpaces those for companies; both see "both". */
export const audiencesFor = (spaceKind: 'private' | 'business'): Audience[] => [spaceKind, 'both'];

export type CatalogueEntry = {
  code: string;
  version: number;
  title: string;
  description: string;
  processingDays: number;
  /** The certification scope an eSpace must hold a mandate on to start it, if any. */
  certificationScope: { id: string; code: string; name: string } | null;
};

export type Catalogue = {
  administrations: {
    code: string;
    name: string;
    themes: { theme: Theme; label: string; entries: CatalogueEntry[] }[];
  }[];
  /** Entries in this answer. */
  count: number;
  /** More entries match than CATALOGUE_LIMIT: only the first ones (in administration and code order) are here. */
  truncated: boolean;
};

export type CatalogueQuery = {
  spaceKind: 'private' | 'business';
  /** Keywords as typed: each must start a word of the procedure (case and accents ignored). */
  q?: string | undefined;
  /** An administration's code (ITM). */
  administration?: string | undefined;
  theme?: string | undefined;
  lang: Lang;
};

/**
 * The procedures an eSpace of `spaceKind` may start: of each code, the latest published version
 * whose closing date is not reached, grouped by administration (in code order) and theme (in
 * the themes' order), titled in `lang`. At most CATALOGUE_LIMIT entries.
 */
export async function catalogue(ctx: CatalogueCtx, query: CatalogueQuery): Promise<Catalogue> {
  const tsquery = query.q === undefined ? undefined : prefixQuery(query.q);
  const rows = await catalogueRows(ctx.db, {
    audiences: audiencesFor(query.spaceKind),
    tsquery,
    administration: query.administration?.trim().toUpperCase() || undefined,
    theme: query.theme || undefined,
    now: ctx.now ?? new Date(),
    limit: CATALOGUE_LIMIT + 1,
  });
  const shown = rows.slice(0, CATALOGUE_LIMIT);
  return {
    administrations: grouped(shown, query.lang),
    count: shown.length,
    truncated: rows.length > CATALOGUE_LIMIT,
  };
}

/** Items by key, keys in order of first appearance. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function grouped(rows: CatalogueRow[], lang: Lang): Catalogue['administrations'] {
  const t = translator(lang);
  const collator = new Intl.Collator(lang);
  const byAdministration = groupBy(rows, (row) => row.administration.code);
  return [...byAdministration.values()].map((group) => {
    const { code, names } = group[0]!.administration;
    const byTheme = groupBy(group, (row) => row.theme as Theme);
    return {
      code,
      name: names[lang],
      themes: themes
        .filter((theme) => byTheme.has(theme))
        .map((theme) => ({
          theme,
          label: t(`procedures.theme.${theme}`),
          entries: byTheme
            .get(theme)!
            .map((row) => entryOf(row, lang))
            .sort((a, b) => collator.compare(a.title, b.title)),
        })),
    };
  });
}

function entryOf(row: CatalogueRow, lang: Lang): CatalogueEntry {
  const { definition } = row;
  return {
    code: row.code,
    version: row.version,
    title: definition.title[lang],
    description: definition.description[lang],
    processingDays: definition.processingDays,
    certificationScope: row.scope
      ? { id: row.scope.id, code: row.scope.code, name: row.scope.names[lang] }
      : null,
  };
}

export type PublishedDefinition = {
  id: string;
  code: string;
  version: number;
  definition: Definition;
  sha256: string;
  publishedAt: Date;
  closesAt: Date | null;
};

/**
 * A published definition: that version (closed or not: a draft on it still reads it), or,
 * without a version, the newest open one (what "Create" starts on). Undefined when there is none.
 */
export async function definitionFor(
  ctx: CatalogueCtx,
  code: string,
  version?: number,
): Promise<PublishedDefinition | undefined> {
  const row =
    version === undefined
      ? await latestOpenDefinition(ctx.db, code, ctx.now ?? new Date())
      : await findDefinition(ctx.db, code, version);
  if (!row) return undefined;
  const { id, definition, sha256, publishedAt, closesAt } = row;
  return { id, code: row.code, version: row.version, definition, sha256, publishedAt, closesAt };
}
