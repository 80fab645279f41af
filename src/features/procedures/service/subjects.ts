import { nowOf } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import { listMandates, type MandateLine } from '../../certification/store-mandate-lists.ts';
import { latestOpenDefinition } from '../store/definitions.ts';
import { audiencesFor } from './catalogue.ts';
import { type ProcedureCtx, procedureSpace } from './context.ts';

/**
 * "For which company?": the companies an eSpace may start a procedure for, when the procedure
 * needs a certification scope: its own certified company (main mandate) and the client
 * companies it holds a mandate on (a fiduciary has a thousand and more: searched and paged).
 */

export const SUBJECTS_PAGE = 20;

export type SubjectChoices =
  | { needed: false }
  | {
      needed: true;
      scope: string;
      /** The eSpace's own company, when it holds the scope's main mandate. */
      own: MandateLine | undefined;
      clients: MandateLine[];
      total: number;
      page: number;
      pages: number;
    };

export async function subjectChoices(
  ctx: ProcedureCtx,
  spaceId: string,
  code: string,
  options: { search?: string | undefined; page?: number | undefined } = {},
): Promise<SubjectChoices> {
  const access = await procedureSpace(ctx, spaceId, 'create');
  const now = nowOf(ctx);
  const version = await latestOpenDefinition(ctx.db, code, now);
  if (!version || !audiencesFor(access.space.kind).includes(version.audience)) throw new AppError('NotFound');
  if (!version.scopeId || !version.definition.certificationScope) return { needed: false };
  const page = Math.max(1, Math.trunc(options.page ?? 1));
  const where = { spaceId, scopeId: version.scopeId, now };
  const [own, clients] = await Promise.all([
    listMandates(ctx.db, { ...where, kind: 'holder' }, { limit: 1, offset: 0 }),
    listMandates(
      ctx.db,
      { ...where, kind: 'agent', search: options.search },
      { limit: SUBJECTS_PAGE, offset: (page - 1) * SUBJECTS_PAGE },
    ),
  ]);
  return {
    needed: true,
    scope: version.definition.certificationScope,
    own: own.lines[0],
    clients: clients.lines,
    total: clients.total,
    page,
    pages: Math.max(1, Math.ceil(clients.total / SUBJECTS_PAGE)),
  };
}
