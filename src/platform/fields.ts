import { z } from 'zod';

/**
 * Text fields that several forms ask for, and the longest value of each: the Zod schema checks
 * it on the server and the form's input carries it as `maxlength`, both from here. A feature's
 * own fields keep their limits beside their schema, the same way.
 */
export const fieldLimits = {
  /** A surname or a first name. */
  personName: 100,
  /** RFC 5321's longest forward path. */
  email: 254,
  /** The search box of a list. */
  search: 100,
} as const;

export const personName = z.string().trim().min(1).max(fieldLimits.personName);

export const emailAddress = z.string().trim().toLowerCase().email().max(fieldLimits.email);

/** The `q` of a list's search, cut to its field's length (a search is never refused). */
export const searchText = (value: unknown): string =>
  typeof value === 'string' ? value.slice(0, fieldLimits.search) : '';
