import type { DemoRemover, DemoSeeder } from '../platform/demo.ts';
import { demoCertificationRemover, seedDemoCertification } from './certification/demo.ts';
import { demoIdentityRemover, seedDemoIdentities } from './identity/demo.ts';
import { demoProceduresRemover, seedDemoProcedures } from './procedures/demo.ts';
import { demoSpaceRemover, seedDemoSpaces } from './spaces/demo.ts';

/** Each feature's demo data, loaded once in demo mode, in this order (the catalogue needs the registries). */
export const demoSeeders: DemoSeeder[] = [
  seedDemoIdentities,
  seedDemoSpaces,
  seedDemoCertification,
  seedDemoProcedures,
];

/** What `comptoir demo remove` deletes, in this order: what hangs off the identities first. */
export const demoRemovers: DemoRemover[] = [
  demoProceduresRemover,
  demoCertificationRemover,
  demoSpaceRemover,
  demoIdentityRemover,
];
