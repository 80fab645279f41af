import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { JWK } from 'jose';
import { administrations } from './authorities.ts';
import { certificationScopes, legalEntities } from './certification.ts';
import { files } from './files.ts';
import { persons } from './identity.ts';
import { spaces } from './spaces.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A procedure's answers or certified values: one JSON object keyed by field id. */
type AnswersJson = Record<string, unknown>;

/** The states of a procedure's lifecycle (features/procedures/rules.ts says how they follow each other). */
export const procedureStates = [
  /** "In preparation": answers are still being given; the draft belongs to the eSpace. */
  'draft',
  'awaiting_signature',
  'awaiting_payment',
  'transmitted',
  'in_processing',
  'information_requested',
  'accepted',
  'refused',
  'closed',
  'deleted',
  'withdrawn',
] as const;

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

/**
 * A procedure of an eSpace (docs/procedures.md, "Drafts and transmission"): a draft ("In
 * preparation") pinned to the published version it started on, then what it became. It belongs
 * to the eSpace, not to a person (rule 9).
 */
export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    /** The published version: a draft stays on it until it closes (then `resume` moves it). */
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => procedureDefinitions.id, { onDelete: 'restrict' }),
    /** The company the procedure is for, when its definition needs a certification scope. */
    subjectEntityId: uuid('subject_entity_id').references(() => legalEntities.id, { onDelete: 'restrict' }),
    /** The eSpace's own name for it (a fiduciary names it after its client); the title at first. */
    name: text('name').notNull(),
    /** The name in lower case: My procedures sorts by it through an index. */
    sortName: text('sort_name').notNull(),
    status: text('status', { enum: procedureStates }).notNull().default('draft'),
    /** The answers as saved, hidden fields' values included (they are dropped when validated). */
    answers: jsonb('answers').$type<AnswersJson>().notNull(),
    /**
     * Values of certified fields, prefilled from the subject company's certified data: a save
     * cannot change them.
     */
    certified: jsonb('certified').$type<AnswersJson>().notNull(),
    /** The furthest step reached: a later step cannot be saved before it. */
    currentStep: text('current_step').notNull(),
    /** Goes up at every change; a page carries the revision it was read at. */
    revision: integer('revision').notNull().default(1),
    /** The revision at which each step's answers last changed: a stale save of that step is refused. */
    stepRevisions: jsonb('step_revisions').$type<Record<string, number>>().notNull(),
    /** Words it is found by in My procedures (name, reference, procedure, company), as search.ts makes them. */
    searchText: text('search_text').notNull(),
    /**
     * Given at transmission; unique through procedure_transmissions.reference. No index of its
     * own: a global one would serve My procedures' order by reference by reading every eSpace's.
     */
    reference: text('reference'),
    transmittedAt: ts('transmitted_at'),
    createdBy: uuid('created_by').references(() => persons.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => persons.id, { onDelete: 'set null' }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // My procedures: one eSpace's procedures by last change, name or reference, all or of one status.
    index('procedures_space_changed_idx').on(t.spaceId, t.updatedAt, t.id),
    index('procedures_space_status_changed_idx').on(t.spaceId, t.status, t.updatedAt, t.id),
    index('procedures_space_name_idx').on(t.spaceId, t.sortName, t.id),
    index('procedures_space_reference_idx').on(t.spaceId, t.reference, t.id),
    // The same sorts within one status: without them, a page of a status that the sort scatters
    // (the transmitted ones by name) reads the eSpace's other procedures until it has 25.
    index('procedures_space_status_name_idx').on(t.spaceId, t.status, t.sortName, t.id),
    index('procedures_space_status_reference_idx').on(t.spaceId, t.status, t.reference, t.id),
    index('procedures_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
    // The reminders before a version closes: the drafts on that version.
    index('procedures_draft_definition_idx').on(t.definitionId).where(sql`${t.status} = 'draft'`),
    check('procedures_revision_positive', sql`${t.revision} >= 1`),
  ],
);

/** Who did what to a procedure and when: its timeline, append-only. */
export const procedureEvents = pgTable(
  'procedure_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: ['created', 'saved', 'renamed', 'moved', 'transmitted', 'deleted'],
    }).notNull(),
    /** The step saved, for `saved`. */
    step: text('step'),
    /** What else the event says: the old and new names, the versions and changed steps of a move. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('procedure_events_procedure_idx').on(t.procedureId, t.at)],
);

/**
 * The reminders sent about a draft that will be lost when its version closes (no newer version
 * will take it): one row per draft, closing date and reminder (days before), so that each is sent
 * once whatever the instances and passes of housekeeping. A closing date moved gets reminders of
 * its own.
 */
export const draftReminders = pgTable(
  'draft_reminders',
  {
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    /** The closing date the reminder was about. */
    closesAt: ts('closes_at').notNull(),
    /** Which reminder: so many days before the closing date (14, 2). */
    daysBefore: integer('days_before').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.closesAt, t.daysBefore] })],
);

/** The last reference number given per administration and year (ITM-2026-000123). */
export const referenceCounters = pgTable(
  'reference_counters',
  {
    administrationId: uuid('administration_id')
      .notNull()
      .references(() => administrations.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.administrationId, t.year] })],
);

/**
 * What was transmitted, frozen: the snapshot's canonical JSON, exactly as hashed, its SHA-256,
 * and the transmission slip made from it. One per procedure.
 */
export const procedureTransmissions = pgTable(
  'procedure_transmissions',
  {
    procedureId: uuid('procedure_id')
      .primaryKey()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull().unique(),
    snapshot: text('snapshot').notNull(),
    sha256: text('sha256').notNull(),
    /** The signed token the slip's QR code holds. */
    token: text('token').notNull(),
    slipFileId: uuid('slip_file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    transmittedBy: uuid('transmitted_by').references(() => persons.id, { onDelete: 'set null' }),
    transmittedAt: ts('transmitted_at').notNull(),
  },
  (t) => [check('procedure_transmissions_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`)],
);

/**
 * How many procedures an eSpace has in each status, kept in the transaction of every change:
 * My procedures shows its totals without counting rows (issue 13).
 */
export const procedureCounts = pgTable(
  'procedure_counts',
  {
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    status: text('status', { enum: procedureStates }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.spaceId, t.status] }),
    check('procedure_counts_not_negative', sql`${t.count} >= 0`),
  ],
);

/**
 * The platform's Ed25519 keys that sign transmission slips' tokens, made at first need. The
 * private key never leaves the database; the public keys are published (JWKS) for anyone to
 * check a slip offline. A retired key still verifies the slips it signed.
 */
export const signingKeys = pgTable('signing_keys', {
  /** The key id (`kid`) tokens name: the key's JWK thumbprint. */
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').$type<JWK>().notNull(),
  privateJwk: jsonb('private_jwk').$type<JWK>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** Set when a newer key signs instead; it still verifies. */
  retiredAt: ts('retired_at'),
});
