import type { FeatureModule } from '../../platform/registry.ts';
import { demoProceduresRemover, seedDemoProcedures } from './demo.ts';

/** Procedure definitions and their catalogue (no pages yet: published with the CLI). */
export const procedures: FeatureModule = {
  name: 'procedures',
  demo: { seed: seedDemoProcedures, remover: demoProceduresRemover },
};
