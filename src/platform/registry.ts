import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import type { DemoRemover, DemoSeeder } from './demo.ts';
import type { Feature } from './http/app.tsx';

/**
 * The open registries. A shell (a feature whose pages others extend: the eSpace's menu and
 * profile tabs, the notifications, the back office) declares the entries it takes by merging a
 * key into `Contributions` from its own folder, e.g.
 *   declare module '../../platform/registry.ts' { interface Contributions { menu: SpaceMenuEntry } }
 * A feature then lists, in its own `index.ts`, what it adds to each; the shell reads what is
 * registered from `app.registry`. The platform itself knows no feature and no shell.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the shells' declarations (declaration merging)
export interface Contributions {}

type Entries = { [K in keyof Contributions]?: readonly Contributions[K][] };

/** What a feature brings: its routes, its demo data and its entries in the shells' registries. */
export type FeatureModule = Entries & {
  name: string;
  /** Registered in the order of the modules, then of this list. */
  routes?: readonly Feature[];
  /** Its demo data: seeded in the order of the modules, removed in the reverse order. */
  demo?: { seed: DemoSeeder; remover?: DemoRemover };
  /** What must exist before the portal answers (e.g. a signing key), run at each start after migrating. */
  atStart?: (db: Db) => Promise<void>;
  /**
   * What falls due with time (rows no rule reads any more, deadlines passed, reminders), run
   * every ten minutes by housekeeping (features/housekeeping.ts). Idempotent: several instances
   * may run it at once.
   */
  housekeeping?: (db: Db, config: Config, now: Date) => Promise<void>;
};

/** Every module's entries, by registry, in the order of the modules (none: no key). */
export type Registry = Entries;

declare module 'fastify' {
  interface FastifyInstance {
    registry: Registry;
  }
}

/** The entries registered in one registry, in the order of the modules. */
export const registered = <K extends keyof Contributions>(
  registry: Registry,
  key: K,
): readonly Contributions[K][] => registry[key] ?? [];

const own = new Set(['name', 'routes', 'demo', 'atStart', 'housekeeping']);

export function registryOf(modules: readonly FeatureModule[]): Registry {
  const registry: Record<string, unknown[]> = {};
  for (const module of modules) {
    for (const [key, entries] of Object.entries(module)) {
      if (!own.has(key)) registry[key] = [...(registry[key] ?? []), ...(entries as unknown[])];
    }
  }
  return registry as Registry;
}

/** The application's features: the registry first (the shells read it), then every module's routes. */
export function featuresOf(modules: readonly FeatureModule[]): Feature[] {
  const registry = registryOf(modules);
  const register = (app: FastifyInstance) => {
    app.decorate('registry', registry);
  };
  return [register, ...modules.flatMap((module) => module.routes ?? [])];
}

/** Each module's demo seeder, in the modules' order. */
export const demoSeedersOf = (modules: readonly FeatureModule[]): DemoSeeder[] =>
  modules.flatMap((module) => (module.demo ? [module.demo.seed] : []));

/** Each module's demo remover, in the reverse order: what hangs off the others goes first. */
export const demoRemoversOf = (modules: readonly FeatureModule[]): DemoRemover[] =>
  modules.flatMap((module) => (module.demo?.remover ? [module.demo.remover] : [])).reverse();
