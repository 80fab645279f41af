/**
 * The events an eSpace is told about (rule 11). Each feature declares its own in its folder and
 * registers them in its `index.ts`; it passes the declaration to `notify` when one happens.
 */
export type NotificationEvent = {
  /** Stored with each communication: never renamed once used. */
  key: string;
  /** Locale key of its sentence, with the event's parameters (a `role` is translated). */
  text: string;
  /**
   * Who gets it by e-mail (rule 11): the member who acted, the eSpace's notification e-mail.
   * Every other member finds it in "My communications".
   */
  mails: readonly ('actor' | 'notificationEmail')[];
};

declare module '../../platform/registry.ts' {
  interface Contributions {
    events: NotificationEvent;
  }
}

/**
 * Declares a feature's events, each with its sentence under the feature's locale namespace
 * (`member.invited` of `members`: `members.event.member.invited`); each follows rule 11 as the
 * seeds describe it.
 */
export function eventsOf<const K extends string>(
  namespace: string,
  keys: readonly K[],
): Record<K, NotificationEvent> {
  const events = {} as Record<K, NotificationEvent>;
  for (const key of keys)
    events[key] = { key, text: `${namespace}.event.${key}`, mails: ['actor', 'notificationEmail'] };
  return events;
}
