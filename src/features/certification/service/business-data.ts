import { nowOf } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import { cursorsOf, pageAtOf } from '../../../platform/keyset.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { businessSpaceFor, type SpaceCtx } from '../../spaces/service.ts';
import { type Category, catalogueOf } from '../rules.ts';
import { type EntityRow, findEntity, findScope, listScopes, type ScopeWithAdministration } from '../store.ts';
import {
  findActiveMandate,
  findOpenMandate,
  listMandates,
  type MandateLine,
  mandateCursor,
  scopesWithAccess,
} from '../store-mandates.ts';
import { LIST_PAGE_SIZE } from './tab.ts';

/**
 * "My business data": the catalogue of authentic sources, and the certified data of each
 * company the eSpace holds a mandate on. Every member of the eSpace reads them (rule 9), at
 * the next request after a mandate ends they are gone.
 */

export type CatalogueEntry = ScopeWithAdministration & { available: boolean };

/** The catalogue, by category in the seed's order: each source available or needing a code. */
export async function businessDataCatalogue(
  ctx: SpaceCtx,
  spaceId: string,
): Promise<{ category: Category; entries: CatalogueEntry[] }[]> {
  await businessSpaceFor(ctx, spaceId, 'consult');
  const [scopes, available] = await Promise.all([
    listScopes(ctx.db),
    scopesWithAccess(ctx.db, spaceId, nowOf(ctx)),
  ]);
  return catalogueOf(scopes, available);
}

/** One source: the eSpace's own company (main mandate) and the client companies, page by page. */
export async function sourcePage(
  ctx: SpaceCtx,
  spaceId: string,
  scopeCode: string,
  options: { page: number; after?: unknown; before?: unknown; search?: string | undefined },
) {
  await businessSpaceFor(ctx, spaceId, 'consult');
  const scope = await findScope(ctx.db, { code: scopeCode });
  if (!scope) throw new AppError('NotFound');
  const now = nowOf(ctx);
  const page = Math.max(1, options.page);
  const where = { spaceId, scopeId: scope.scope.id, now };
  const [own, clients] = await Promise.all([
    listMandates(ctx.db, { ...where, kind: 'holder' }, { limit: 1, offset: 0, count: false }),
    listMandates(
      ctx.db,
      { ...where, kind: 'agent', search: options.search },
      { limit: LIST_PAGE_SIZE, ...pageAtOf(options, page, LIST_PAGE_SIZE) },
    ),
  ]);
  const holder = await findOpenMandate(ctx.db, { spaceId, scopeId: scope.scope.id, kind: 'holder' });
  return {
    scope,
    own: own.lines[0] as MandateLine | undefined,
    /** The main mandate ended with its period: the page says a new code is needed. */
    ownExpired: Boolean(holder && !own.lines[0]),
    clients: clients.lines,
    total: clients.total,
    page,
    pages: Math.max(1, Math.ceil(clients.total / LIST_PAGE_SIZE)),
    cursors: cursorsOf(clients.lines, mandateCursor),
  };
}

/** A company's certified data, for an eSpace holding an active mandate on it for the scope. */
export async function certifiedData(
  ctx: SpaceCtx,
  spaceId: string,
  scopeCode: string,
  entityId: string,
): Promise<{ scope: ScopeWithAdministration; mandate: MandateLine; entity: EntityRow }> {
  await businessSpaceFor(ctx, spaceId, 'consult');
  const scope = await findScope(ctx.db, { code: scopeCode });
  if (!scope || !isUuid(entityId)) throw new AppError('NotFound');
  const mandate = await findActiveMandate(ctx.db, {
    spaceId,
    scopeId: scope.scope.id,
    entityId,
    now: nowOf(ctx),
  });
  if (!mandate) throw new AppError('NotFound');
  const entity = (await findEntity(ctx.db, { id: entityId }))!;
  return { scope, mandate, entity };
}
