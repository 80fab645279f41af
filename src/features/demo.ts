import type { DemoSeeder } from '../platform/demo.ts';
import { seedDemoCertification } from './certification/demo.ts';
import { seedDemoIdentities } from './identity/demo.ts';
import { seedDemoSpaces } from './spaces/demo.ts';

/** Each feature's demo data, loaded once in demo mode, in this order. */
export const demoSeeders: DemoSeeder[] = [seedDemoIdentities, seedDemoSpaces, seedDemoCertification];
