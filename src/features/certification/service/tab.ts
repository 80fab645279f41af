import { nowOf } from '../../../platform/clock.ts';
import { cursorsOf, pageAtOf } from '../../../platform/keyset.ts';
import { businessSpaceFor, type SpaceAccess, type SpaceCtx } from '../../spaces/service.ts';
import {
  firstMandatesObtained,
  listMandates,
  type MandateLine,
  mandateCursor,
  type ScopeOverview,
  scopesOverview,
} from '../store-mandates.ts';
import { scopeOf } from './context.ts';

/** The Certifications tab and a scope's page: what an eSpace has, for every member to read. */

export const PREVIEW_SIZE = 5;

export type CertificationsTab = {
  access: SpaceAccess;
  scopes: (ScopeOverview & { preview: MandateLine[] })[];
};

/** The Certifications tab: one block per scope, with the first mandates obtained of each. */
export async function certificationsTab(ctx: SpaceCtx, spaceId: string): Promise<CertificationsTab> {
  const access = await businessSpaceFor(ctx, spaceId, 'consult');
  const now = nowOf(ctx);
  const [overview, preview] = await Promise.all([
    scopesOverview(ctx.db, spaceId, now),
    firstMandatesObtained(ctx.db, spaceId, now, PREVIEW_SIZE),
  ]);
  return {
    access,
    scopes: overview.map((scope) => ({
      ...scope,
      preview: preview.filter((m) => m.scopeId === scope.scope.id),
    })),
  };
}

export const LIST_PAGE_SIZE = 20;

/** One scope of the Certifications tab in full: the mandates obtained, page by page, searchable. */
export async function scopePage(
  ctx: SpaceCtx,
  spaceId: string,
  scopeCode: string,
  options: { page: number; after?: unknown; before?: unknown; search?: string | undefined },
) {
  const access = await businessSpaceFor(ctx, spaceId, 'consult');
  const scope = await scopeOf(ctx, scopeCode);
  const now = nowOf(ctx);
  const page = Math.max(1, options.page);
  const [overview, obtained] = await Promise.all([
    scopesOverview(ctx.db, spaceId, now),
    listMandates(
      ctx.db,
      { spaceId, scopeId: scope.scope.id, kind: 'agent', now, search: options.search },
      { limit: LIST_PAGE_SIZE, ...pageAtOf(options, page, LIST_PAGE_SIZE) },
    ),
  ]);
  const summary = overview.find((o) => o.scope.id === scope.scope.id)!;
  return {
    access,
    summary,
    obtained: obtained.lines,
    total: obtained.total,
    page,
    pages: Math.max(1, Math.ceil(obtained.total / LIST_PAGE_SIZE)),
    cursors: cursorsOf(obtained.lines, mandateCursor),
  };
}
