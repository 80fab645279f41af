import type { FeatureModule } from '../../platform/registry.ts';
import { demoProceduresRemover, seedDemoProcedures } from './demo.ts';
import { procedureEvents } from './events.ts';
import { transmitRoutes } from './routes-transmit.tsx';
import { ensureSigningKey } from './service/slip-token.ts';

/** Procedures: definitions and their catalogue, an eSpace's drafts and transmissions (no pages yet). */
export const procedures: FeatureModule = {
  name: 'procedures',
  demo: { seed: seedDemoProcedures, remover: demoProceduresRemover },
  routes: [transmitRoutes],
  events: Object.values(procedureEvents),
  // The key that signs transmission slips exists from the first start: its public half can be published at once.
  atStart: ensureSigningKey,
};
