import { eventsOf } from '../notifications/events.ts';

/** Changes of an eSpace's information sheet its users are told about (rule 11). */
export const spaceEvents = eventsOf('spaces', ['profile.changed', 'notification_email.changed']);
