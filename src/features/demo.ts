import type { DemoSeeder } from '../platform/demo.ts';

/** Each feature's demo data, loaded once in demo mode. The log on and eSpaces features add theirs. */
export const demoSeeders: DemoSeeder[] = [];
