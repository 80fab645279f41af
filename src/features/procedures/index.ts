import type { FeatureModule } from '../../platform/registry.ts';
import { demoProceduresRemover, seedDemoProcedures } from './demo.ts';
import { procedureEvents } from './events.ts';
import { stepRoutes } from './routes-steps.tsx';
import { ensureSigningKey } from './service/slip-token.ts';

/** Procedures: definitions and their catalogue, an eSpace's drafts and transmissions, and their pages. */
export const procedures: FeatureModule = {
  name: 'procedures',
  routes: [stepRoutes],
  demo: { seed: seedDemoProcedures, remover: demoProceduresRemover },
  events: Object.values(procedureEvents),
  // The key that signs transmission slips exists from the first start: its public half can be published at once.
  atStart: ensureSigningKey,
};
