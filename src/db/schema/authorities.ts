import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { persons } from './identity.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A text in each language of the portal. */
export type Names = { fr: string; en: string; de: string };

/** An authority: it owns certification scopes, mails access codes and processes procedures. */
export const administrations = pgTable('administrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Short code, e.g. ITM, MENJE; also the prefix of its codes' references. */
  code: text('code').notNull().unique(),
  names: jsonb('names').$type<Names>().notNull(),
  /** Letterhead: postal address lines, then contact lines (phone, e-mail, website). */
  addressLines: jsonb('address_lines').$type<string[]>().notNull(),
  contactLines: jsonb('contact_lines').$type<string[]>().notNull(),
  /** Loaded by the demo (`comptoir demo remove` deletes it); an operator's import of the same row clears it. */
  demo: boolean('demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Persons who work in an administration's back office. */
export const officers = pgTable(
  'officers',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    administrationId: uuid('administration_id')
      .notNull()
      .references(() => administrations.id, { onDelete: 'cascade' }),
    /** What they may do there (features/authorities/permissions.ts). */
    role: text('role', { enum: ['officer', 'supervisor', 'catalogue_editor'] })
      .notNull()
      .default('officer'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.administrationId] })],
);
