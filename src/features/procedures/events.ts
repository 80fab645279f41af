import { eventsOf } from '../notifications/events.ts';

/** What happens to an eSpace's procedures, told to its users (rule 11). Later issues add "modified" and "processed". */
export const procedureEvents = eventsOf('procedures', ['procedure.transmitted']);
