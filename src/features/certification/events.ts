import { eventsOf } from '../notifications/events.ts';

/** What happens to an eSpace's certifications and accesses, told to its users (rule 11). */
export const certificationEvents = eventsOf('certification', [
  'certification.holder_confirmed',
  'certification.agent_added',
  'certification.agent_code_issued',
  'certification.agent_revoked',
  'certification.given_up',
  'certification.access_ended',
]);
