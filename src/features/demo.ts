import type { DemoRemover, DemoSeeder } from '../platform/demo.ts';
import { demoCertificationRemover, seedDemoCertification } from './certification/demo.ts';
import { demoIdentityRemover, seedDemoIdentities } from './identity/demo.ts';
import { demoSpaceRemover, seedDemoSpaces } from './spaces/demo.ts';

/** Each feature's demo data, loaded once in demo mode, in this order. */
export const demoSeeders: DemoSeeder[] = [seedDemoIdentities, seedDemoSpaces, seedDemoCertification];

/** What `comptoir demo remove` deletes, in this order: what hangs off the identities first. */
export const demoRemovers: DemoRemover[] = [demoCertificationRemover, demoSpaceRemover, demoIdentityRemover];
