import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { registered } from '../../platform/registry.ts';
import type { NavLink } from '../../platform/views/page.tsx';
import { type Action, can } from './permissions.ts';
import type { SpaceAccess, SpaceCtx } from './service.ts';
import type { OpenInvitationLine } from './views/spaces.tsx';

/**
 * The selected eSpace's sections: the menu under the header and the tabs of "My eSpace profile".
 * Each feature registers its own in its `index.ts`; the spaces feature shows those whose
 * condition the selected eSpace and the member's role meet, in their order.
 */

/** When an entry shows: in which kind of eSpace, for a role that may do which action. */
export type SpaceCondition = { kind?: 'private' | 'business'; may?: Action };

export type SpaceMenuEntry = {
  href: string;
  /** Locale key of its label. */
  label: string;
  /** Place in the menu, smallest first. */
  order: number;
  when?: SpaceCondition;
  /** A count shown beside the label (e.g. unread communications); none when 0. */
  badge?: (deps: AppDeps, request: FastifyRequest, access: SpaceAccess) => Promise<number>;
};

export type ProfileTabEntry = {
  /** Its name, for `current`; its label is `spaces.profile.tab.<key>` unless `label` says. */
  key: string;
  href: string;
  label?: string;
  order: number;
  when?: SpaceCondition;
};

/**
 * What the users' feature (members) tells the eSpaces' own pages: the invitations waiting on
 * "Manage my eSpaces", and how many active Administrators are left for rule 8's advice on the
 * information sheet. One feature registers it; without one, neither shows.
 */
export type SpacePagesEntry = {
  invitations(ctx: SpaceCtx): Promise<OpenInvitationLine[]>;
  activeAdministrators(ctx: SpaceCtx, spaceId: string): Promise<number>;
};

declare module '../../platform/registry.ts' {
  interface Contributions {
    menu: SpaceMenuEntry;
    profileTabs: ProfileTabEntry;
    spacePages: SpacePagesEntry;
  }
}

export type TabLink = { key: string; href: string; label: string };

export const meets = (access: SpaceAccess, when: SpaceCondition | undefined): boolean =>
  (!when?.kind || access.space.kind === when.kind) && (!when?.may || can(access.membership.role, when.may));

const byOrder = <E extends { order: number }>(entries: readonly E[]) =>
  [...entries].sort((a, b) => a.order - b.order);

/** The menu of the selected eSpace, for the layout. */
export async function spaceMenu(
  deps: AppDeps,
  request: FastifyRequest,
  access: SpaceAccess,
): Promise<NavLink[]> {
  const entries = byOrder(registered(request.server.registry, 'menu')).filter((e) => meets(access, e.when));
  return Promise.all(
    entries.map(async (entry) => ({
      href: entry.href,
      label: request.t(entry.label),
      ...(entry.badge ? { badge: await entry.badge(deps, request, access) } : {}),
    })),
  );
}

/** The tabs of "My eSpace profile" the member sees in the selected eSpace. */
export function profileTabsOf(request: FastifyRequest): TabLink[] {
  const access = request.space!;
  return byOrder(registered(request.server.registry, 'profileTabs'))
    .filter((tab) => meets(access, tab.when))
    .map((tab) => ({
      key: tab.key,
      href: tab.href,
      label: request.t(tab.label ?? `spaces.profile.tab.${tab.key}`),
    }));
}
