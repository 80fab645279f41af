import type { FeatureModule } from '../../platform/registry.ts';
import { unreadCount } from '../notifications/service.ts';
import { communicationRoutes } from './routes.tsx';

/** "My communications": what the notifications told the eSpace's users, with the unread count. */
export const communications: FeatureModule = {
  name: 'communications',
  routes: [communicationRoutes],
  menu: [
    {
      href: '/communications',
      label: 'user.communications',
      order: 30,
      badge: (deps, request, access) =>
        unreadCount(deps.database.db, request.current!.person.id, access.space.id),
    },
  ],
};
