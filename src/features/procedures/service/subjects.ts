import { nowOf } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { cursorsOf, pageAtOf } from '../../../platform/keyset.ts';
import { listMandates, type MandateLine, mandateCursor } from '../../certification/service/reads.ts';
import { latestOpenDefinition } from '../store/definitions.ts';
import { audiencesFor } from './catalogue.ts';
import { type ProcedureCtx, procedureSpace } from './context.ts';

/**
 * "For which company?": the companies an eSpace may start a procedure for, when the procedure
 * needs a certification scope: its own certified company (main mandate) and the client
 * companies it holds a mandate on (a fiduciary has a thousand and more: searched, and paged by
 * keyset on the index of its mandates by company name, so that every page costs what the first
 * costs and no line is read that the page does not show).
 */

export const SUBJECTS_PAGE = 20;

/** Which page of clients: `page` its number, `after`/`before` the cursor of its links (platform/keyset.ts). */
export type SubjectsQuery = {
  search?: string | undefined;
  page?: number | undefined;
  after?: unknown;
  before?: unknown;
};

export type Subjects = {
  needed: true;
  scope: string;
  /** The eSpace's own company, when it holds the scope's main mandate. */
  own: MandateLine | undefined;
  clients: MandateLine[];
  /** Clients matching the search (all of them without one: counted by the database's kept counts). */
  total: number;
  page: number;
  pages: number;
  /** The first and last clients' cursors, for "Previous" and "Next". */
  cursors: { first: string; last: string } | undefined;
  /** The eSpace holds no active mandate on the scope at all, search aside: it cannot start the procedure. */
  none: boolean;
};

export type SubjectChoices = { needed: false } | Subjects;

export async function subjectChoices(
  ctx: ProcedureCtx,
  spaceId: string,
  code: string,
  options: SubjectsQuery = {},
): Promise<SubjectChoices> {
  const access = await procedureSpace(ctx, spaceId, 'create');
  const now = nowOf(ctx);
  const version = await latestOpenDefinition(ctx.db, code, now);
  if (!version || !audiencesFor(access.space.kind).includes(version.audience)) throw new AppError('NotFound');
  if (!version.scopeId || !version.definition.certificationScope) return { needed: false };
  return choicesOn(
    ctx.db,
    { spaceId, now, scope: { id: version.scopeId, code: version.definition.certificationScope } },
    options,
  );
}

/** The choices of an eSpace on a scope (its access to the procedure already checked). */
export async function choicesOn(
  db: Db,
  where: { spaceId: string; now: Date; scope: { id: string; code: string } },
  options: SubjectsQuery,
): Promise<Subjects> {
  const page = Math.max(1, Math.trunc(options.page ?? 1));
  const search = options.search?.trim() || undefined;
  const on = { spaceId: where.spaceId, scopeId: where.scope.id, now: where.now };
  const [own, clients] = await Promise.all([
    listMandates(db, { ...on, kind: 'holder' }, { limit: 1, offset: 0, count: false }),
    listMandates(
      db,
      { ...on, kind: 'agent', search },
      { limit: SUBJECTS_PAGE, ...pageAtOf(options, page, SUBJECTS_PAGE) },
    ),
  ]);
  // A search that found nothing says nothing of the mandates the eSpace holds: one line tells.
  const none =
    !own.lines[0] &&
    clients.total === 0 &&
    (!search ||
      (await listMandates(db, { ...on, kind: 'agent' }, { limit: 1, offset: 0, count: false })).lines
        .length === 0);
  return {
    needed: true,
    scope: where.scope.code,
    own: own.lines[0],
    clients: clients.lines,
    total: clients.total,
    page,
    pages: Math.max(1, Math.ceil(clients.total / SUBJECTS_PAGE)),
    cursors: cursorsOf(clients.lines, mandateCursor),
    none,
  };
}
