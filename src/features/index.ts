import { mailRoutes } from '../platform/mail/routes.tsx';
import { demoRemoversOf, demoSeedersOf, type FeatureModule } from '../platform/registry.ts';
import { authorities } from './authorities/index.ts';
import { backoffice } from './backoffice/index.ts';
import { certification } from './certification/index.ts';
import { communications } from './communications/index.ts';
import { identity } from './identity/index.ts';
import { members } from './members/index.ts';
import { procedures } from './procedures/index.ts';
import { site } from './site/index.ts';
import { spaces } from './spaces/index.ts';

/**
 * Every feature of the portal, each declared in its own `index.ts`: its routes are registered
 * (server.ts, `featuresOf`) in this order (identity first: its hook finds the session), its demo data seeded in this order
 * and removed in the reverse one. Adding a feature is adding it here (docs/adding-a-feature.md).
 */
export const modules: readonly FeatureModule[] = [
  identity,
  spaces,
  members,
  certification,
  authorities,
  backoffice,
  communications,
  site,
  procedures,
  { name: 'mailbox', routes: [mailRoutes] },
];

/** Each feature's demo data, loaded once in demo mode (the catalogue needs the registries). */
export const demoSeeders = demoSeedersOf(modules);

/** What `comptoir demo remove` deletes: what hangs off the identities first. */
export const demoRemovers = demoRemoversOf(modules);
