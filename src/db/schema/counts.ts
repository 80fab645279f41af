import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Sizes of the long lists, kept by triggers in the transaction of every change to the rows they
 * count (migration 0011_list_counts), so that a page shows its total without reading the list:
 * the Users tab of 50,000 members costs what a tab of 50 costs. Being triggers, they hold
 * whichever code inserts, deletes or changes the rows, bulk SQL and migrations included.
 * No foreign keys: a count row outlives its eSpace harmlessly (at 0), and a cascade never
 * waits on it.
 */

/** The Users tab's lines of an eSpace: its members (any status) and its open invitations. */
export const spaceUserCounts = pgTable('space_user_counts', {
  spaceId: uuid('space_id').primaryKey(),
  users: integer('users').notNull(),
});

/**
 * Agent mandates not ended, by the eSpace holding them (`owner` 'space': its mandates obtained)
 * and by the company they open (`owner` 'entity': its agents with access), for a scope, and by
 * the end of their period (`infinity` when none): a reader adds up the periods not over yet, so
 * the count stays exact as time passes without any job rewriting it.
 */
export const agentMandateCounts = pgTable(
  'agent_mandate_counts',
  {
    owner: text('owner', { enum: ['space', 'entity'] }).notNull(),
    ownerId: uuid('owner_id').notNull(),
    scopeId: uuid('scope_id').notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    mandates: integer('mandates').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.ownerId, t.scopeId, t.validUntil] })],
);
