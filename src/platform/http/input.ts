import type { FastifySchemaCompiler } from 'fastify';
import { type ZodType, z } from 'zod';
import { uuid } from '../uuid.ts';

/**
 * Input checked at the edge, before any handler or the database sees it. PostgreSQL refuses a
 * NUL character in text and a malformed uuid with an error, which used to become a 500: both
 * are refused here instead.
 */

/**
 * The params of a route with an `:id`: a malformed one is "not found" (the error handler maps a
 * refused params schema to 404), like an id of something the person may not see. Other params
 * of the route are kept as they came.
 */
export const idParams = z.looseObject({ id: uuid });

/** Lets routes declare their `schema` (params, querystring, body) with Zod. */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  };

/**
 * Whether a value received (query, params or body, at any depth, keys included) holds a NUL
 * character. Walks without recursion: a deeply nested JSON body cannot exhaust the stack.
 */
export function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
