import { eventsOf, type NotificationEvent } from '../notifications/events.ts';

/** What happens to an eSpace's procedures, told to its users (rule 11). Later issues add "modified" and "processed". */
export const procedureEvents = {
  ...eventsOf('procedures', ['procedure.transmitted']),
  /**
   * A draft will be lost when its version closes (service/reminders.ts). Nobody acted: the
   * notification address gets the e-mail, every member finds it in My communications.
   */
  'procedure.draft_expiring': {
    key: 'procedure.draft_expiring',
    text: 'procedures.reminder.event',
    mails: ['notificationEmail'],
  } satisfies NotificationEvent,
};
