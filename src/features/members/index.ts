import type { FeatureModule } from '../../platform/registry.ts';
import { memberEvents } from './events.ts';
import { memberRoutes } from './routes.tsx';
import { activeAdministrators } from './service.ts';
import { expireOldInvitations, myInvitations } from './service-invitations.ts';

/** The users of business eSpaces: invitations, roles, the Users tab. */
export const members: FeatureModule = {
  name: 'members',
  routes: [memberRoutes],
  profileTabs: [{ key: 'users', href: '/space/users', order: 20, when: { kind: 'business' } }],
  events: Object.values(memberEvents),
  housekeeping: (db, _config, now) => expireOldInvitations(db, now),
  spacePages: [
    {
      // Only what the page shows of each invitation.
      invitations: async (ctx) =>
        (await myInvitations(ctx)).map(({ id, spaceName, spaceIdentifier, role }) => ({
          id,
          spaceName,
          spaceIdentifier,
          role,
        })),
      activeAdministrators,
    },
  ],
};
