import type { FeatureModule } from '../../platform/registry.ts';
import { demoProceduresRemover, seedDemoProcedures } from './demo.ts';
import { procedureEvents } from './events.ts';

/** Procedures: definitions and their catalogue, an eSpace's drafts and transmissions (no pages yet). */
export const procedures: FeatureModule = {
  name: 'procedures',
  demo: { seed: seedDemoProcedures, remover: demoProceduresRemover },
  events: Object.values(procedureEvents),
};
