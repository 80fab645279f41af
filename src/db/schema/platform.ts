import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';

/** Facts about the installation itself, such as when the demo data was loaded. */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One-time tokens of creating forms (src/platform/http/idempotency.ts): the first post of a
 * token claims its row, and its answer is kept so that the same token posted again (a double
 * click, a reload, a second tab) gets that answer instead of creating again. The token itself is
 * never stored: `key_hash` is its SHA-256, and the answer is encrypted with a key derived from it
 * (an answer may show a secret once: an access code, a new device's password).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Whose token it is: a person's id, or a visitor's browser (a hash of its CSRF secret). */
    owner: text('owner').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The first answer's status; null while the first post is being handled. */
    status: integer('status'),
    /** The first answer (headers and body), encrypted with a key derived from the token. */
    answer: bytea('answer'),
  },
  (table) => [
    primaryKey({ columns: [table.owner, table.keyHash] }),
    index('idempotency_keys_created_at').on(table.createdAt),
  ],
);
