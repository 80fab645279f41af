import type { FeatureModule } from '../../platform/registry.ts';
import { demoSpaceRemover, seedDemoSpaces } from './demo.ts';
import { spaceEvents } from './events.ts';
import { spaceRoutes } from './routes.tsx';

/** Private and business eSpaces: the menu and profile tabs other features add to (sections.ts). */
export const spaces: FeatureModule = {
  name: 'spaces',
  routes: [spaceRoutes],
  menu: [{ href: '/space/profile', label: 'user.spaceProfile', order: 10 }],
  profileTabs: [
    { key: 'sheet', href: '/space/profile', order: 10 },
    { key: 'activity', href: '/space/activity', order: 40, when: { may: 'members.manage' } },
  ],
  events: Object.values(spaceEvents),
  demo: { seed: seedDemoSpaces, remover: demoSpaceRemover },
};
