import type { FeatureModule } from '../../platform/registry.ts';
import { demoProceduresRemover, seedDemoProcedures } from './demo.ts';
import { procedureEvents } from './events.ts';
import { catalogueRoutes } from './routes-catalogue.tsx';
import { procedureListRoutes } from './routes-list.tsx';
import { stepRoutes } from './routes-steps.tsx';
import { transmitRoutes } from './routes-transmit.tsx';
import { remindExpiringDrafts } from './service/reminders.ts';
import { ensureSigningKey } from './service/slip-token.ts';

/** Procedures: definitions and their catalogue, an eSpace's drafts and transmissions, My procedures. */
export const procedures: FeatureModule = {
  name: 'procedures',
  routes: [catalogueRoutes, procedureListRoutes, stepRoutes, transmitRoutes],
  menu: [
    { href: '/procedures', label: 'procedures.menu.mine', order: 10 },
    { href: '/procedures/new', label: 'procedures.menu.new', order: 11 },
  ],
  demo: { seed: seedDemoProcedures, remover: demoProceduresRemover },
  events: Object.values(procedureEvents),
  // The key that signs transmission slips exists from the first start: its public half can be published at once.
  atStart: ensureSigningKey,
  // Reminders to the eSpace before a draft would be lost with its version.
  housekeeping: async (db, config, now) => {
    await remindExpiringDrafts({ db, config }, now);
  },
};
