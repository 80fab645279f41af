import { z } from 'zod';

/**
 * The one rule for an id that comes from outside (a path, a form, a mail link, the CLI): the
 * 8-4-4-4-12 hexadecimal form of a UUID, as PostgreSQL stores them. Anything else is refused
 * before it reaches the database, which would answer a malformed uuid with an error.
 */
export const uuid = z.guid();

export const isUuid = (value: unknown): value is string => uuid.safeParse(value).success;
