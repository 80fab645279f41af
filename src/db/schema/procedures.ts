import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { administrations } from './authorities.ts';
import { certificationScopes } from './certification.ts';
import { persons } from './identity.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The JSON of a published definition. Its shape is the procedures feature's
 * (`features/procedures/definition/types.ts` merges `Definition` into it), so that the schema
 * imports no feature.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface StoredDefinition {}

/**
 * A published version of a procedure (docs/procedures.md, "Publishing"): the definition file as
 * checked, never changed afterwards; only its closing date may be set. The columns beside the
 * JSON are what the catalogue filters and sorts on.
 */
export const procedureDefinitions = pgTable(
  'procedure_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    administrationId: uuid('administration_id')
      .notNull()
      .references(() => administrations.id, { onDelete: 'restrict' }),
    audience: text('audience', { enum: ['private', 'business', 'both'] }).notNull(),
    /** The certification scope an eSpace must hold a mandate on to start it. */
    scopeId: uuid('scope_id').references(() => certificationScopes.id, { onDelete: 'restrict' }),
    theme: text('theme').notNull(),
    /** The definition as published (without `$schema`). */
    definition: jsonb('definition').$type<StoredDefinition>().notNull(),
    /** Hex SHA-256 of the definition's canonical JSON: the same file published twice is recognised. */
    sha256: text('sha256').notNull(),
    /**
     * Titles, descriptions and keywords in fr/en/de, the administration's code and the theme's
     * labels, lower case without accents, words separated by single spaces: what the catalogue
     * search matches (by prefix) through the full-text index below.
     */
    searchText: text('search_text').notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
    /** The person who published it; none from the CLI. */
    publishedBy: uuid('published_by').references(() => persons.id, { onDelete: 'set null' }),
    /** From then on the version is closed: out of the catalogue, its drafts move to the newest version. */
    closesAt: ts('closes_at'),
    /** Published by the demo (`comptoir demo remove` deletes it); the operator's publishing of the same file clears it. */
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [
    unique('procedure_definitions_code_version_unique').on(t.code, t.version),
    // The catalogue's keyword search: prefix terms (`elect:*`) on the 'simple' configuration,
    // which needs no extension and behaves the same on PGlite and PostgreSQL.
    index('procedure_definitions_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
    // The catalogue of one administration, in code order.
    index('procedure_definitions_administration_idx').on(t.administrationId, t.code, t.version),
    // `comptoir demo remove` and a production start find the demo's definitions by a lookup.
    index('procedure_definitions_demo_idx').on(t.id).where(sql`${t.demo}`),
    check('procedure_definitions_version_positive', sql`${t.version} >= 1`),
    check('procedure_definitions_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
