import { nowOf } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import { type Lang, translator } from '../../../platform/i18n/index.ts';
import { scopesWithAccess } from '../../certification/service/reads.ts';
import { type Definition, type Theme, themes } from '../definition/types.ts';
import { catalogueFacets, latestOpenSheet } from '../store/definitions.ts';
import { audiencesFor, type Catalogue, type CatalogueQuery, catalogue } from './catalogue.ts';
import { type ProcedureCtx, procedureSpace } from './context.ts';
import { choicesOn, type SubjectChoices, type SubjectsQuery } from './subjects.ts';

/**
 * "New procedure" in an eSpace: the catalogue of its kind, with the filters it offers and the
 * certifications the eSpace holds, and a procedure's sheet, which asks "For which company?" when
 * the procedure needs a certification. Every member reads them and starts a procedure (rule 7).
 */

export type CatalogueFilters = {
  /** The administrations with procedures for this kind of eSpace, in code order. */
  administrations: { code: string; name: string }[];
  /** The themes with procedures for this kind of eSpace, in the themes' order. */
  themes: { theme: Theme; label: string }[];
};

export type SpaceCatalogue = {
  catalogue: Catalogue;
  filters: CatalogueFilters;
  /** Ids of the certification scopes the eSpace holds an active mandate on (its own or a client's). */
  held: Set<string>;
};

/** The catalogue for the eSpace's kind, filtered as asked, with what its filters offer. */
export async function spaceCatalogue(
  ctx: ProcedureCtx,
  spaceId: string,
  query: Omit<CatalogueQuery, 'spaceKind'>,
): Promise<SpaceCatalogue> {
  const access = await procedureSpace(ctx, spaceId, 'consult');
  const now = nowOf(ctx);
  const spaceKind = access.space.kind;
  const [found, facets] = await Promise.all([
    catalogue({ db: ctx.db, now }, { ...query, spaceKind }),
    catalogueFacets(ctx.db, { audiences: audiencesFor(spaceKind), now }),
  ]);
  const scoped = found.administrations.some((a) =>
    a.themes.some((theme) => theme.entries.some((entry) => entry.certificationScope)),
  );
  const held = scoped ? await scopesWithAccess(ctx.db, spaceId, now) : new Set<string>();
  return { catalogue: found, filters: filtersOf(facets, query.lang), held };
}

function filtersOf(facets: Awaited<ReturnType<typeof catalogueFacets>>, lang: Lang): CatalogueFilters {
  const t = translator(lang);
  const administrations = new Map(facets.map((f) => [f.administration.code, f.administration.names[lang]]));
  const present = new Set(facets.map((f) => f.theme));
  return {
    administrations: [...administrations]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, name]) => ({ code, name })),
    themes: themes
      .filter((theme) => present.has(theme))
      .map((theme) => ({ theme, label: t(`procedures.theme.${theme}`) })),
  };
}

export type ProcedureSheet = {
  code: string;
  version: number;
  definition: Definition;
  administration: { code: string; name: string };
  /** The certification scope it needs, in the reader's language. */
  scope: { code: string; name: string } | null;
  /** "For which company?": the choices, when it needs a certification scope. */
  subjects: SubjectChoices;
};

/** A code as definitions spell it (capitals, digits and hyphens, 40 at most): anything else is not asked for. */
const PROCEDURE_CODE = /^[A-Z0-9-]{1,40}$/;

/**
 * The sheet of the procedure "Create" starts: its newest open version, when it is for this
 * eSpace's kind (else "not found", as for an unknown or closed one), and, when it needs a
 * certification scope, the companies it may be started for (`subjects`, searched and paged).
 */
export async function procedureSheet(
  ctx: ProcedureCtx,
  spaceId: string,
  code: string,
  options: SubjectsQuery & { lang: Lang },
): Promise<ProcedureSheet> {
  const access = await procedureSpace(ctx, spaceId, 'create');
  const now = nowOf(ctx);
  const row = PROCEDURE_CODE.test(code) ? await latestOpenSheet(ctx.db, code, now) : undefined;
  if (!row || !audiencesFor(access.space.kind).includes(row.version.audience)) throw new AppError('NotFound');
  const { version, administration, scope } = row;
  const { lang } = options;
  return {
    code: version.code,
    version: version.version,
    definition: version.definition,
    administration: { code: administration.code, name: administration.names[lang] },
    scope: scope ? { code: scope.code, name: scope.names[lang] } : null,
    subjects: scope
      ? await choicesOn(ctx.db, { spaceId, now, scope: { id: scope.id, code: scope.code } }, options)
      : { needed: false },
  };
}
