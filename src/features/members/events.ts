import { eventsOf } from '../notifications/events.ts';

/** What the users of a business eSpace are told about one another (rule 11). */
export const memberEvents = eventsOf('members', [
  'member.invited',
  'member.joined',
  'member.removed',
  'member.left',
  'member.deactivated',
  'member.reactivated',
  'member.role_changed',
]);
