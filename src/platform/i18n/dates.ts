import type { Lang } from './index.ts';

/** How a moment is shown: a date, with the time (to the second), or a time of day. */
export type DateStyle = 'date' | 'dateTime' | 'dateTimeSeconds' | 'time';

// Two-digit day and month and a four-digit year in every language: German's "short" date
// would print 23.11.26, which official letters and pages do not.
const day = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;
const clock = { hour: '2-digit', minute: '2-digit' } as const;
const options: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: day,
  dateTime: { ...day, ...clock },
  dateTimeSeconds: { ...day, ...clock, second: '2-digit' },
  time: clock,
};

// Building a formatter is costly and pages format many dates: one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as people in Luxembourg read it, in `lang`: 23/11/2026, 23.11.2026 14:32… Times are
 * stored in UTC and always shown in Europe/Luxembourg, wherever the server runs.
 */
export function formatDate(lang: Lang | string, at: Date, style: DateStyle = 'date'): string {
  const key = `${lang}:${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const locale = lang === 'en' ? 'en-GB' : lang === 'de' ? 'de-LU' : 'fr-LU';
    formatter = new Intl.DateTimeFormat(locale, {
      ...options[style],
      timeZone: 'Europe/Luxembourg',
    });
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}

const luxembourgClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Luxembourg',
  dateStyle: 'short',
  timeStyle: 'short',
});

/**
 * The last second of a calendar day (YYYY-MM-DD) in Luxembourg, summer time or not: a code
 * "valid until 31/07/2027" works all that day, and not a minute into the next.
 */
export function endOfDayInLuxembourg(day: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const at = new Date(`${day}T23:59:59${offset}`);
    if (luxembourgClock.format(at) === `${day} 23:59`) return at;
  }
  throw new RangeError(`not a calendar day: ${day}`);
}

/** Whether text is a real calendar day written YYYY-MM-DD (as a date field sends it). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    endOfDayInLuxembourg(value);
    return true;
  } catch {
    return false;
  }
}
