import type { FeatureModule } from '../../platform/registry.ts';
import { seedDemoOfficers } from './demo.ts';

/** Administrations and their officers' roles; `requireOfficer` (service.ts) guards every back office page. */
export const authorities: FeatureModule = {
  name: 'authorities',
  demo: { seed: seedDemoOfficers },
};
