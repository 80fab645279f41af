import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { administrations, type Names } from './authorities.ts';
import { persons } from './identity.ts';
import { spaces } from './spaces.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * What an access code gives access to: an administration's authentic source about companies
 * (e.g. ITM_ELECTIONS), listed in "My business data" under its category.
 */
export const certificationScopes = pgTable(
  'certification_scopes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    administrationId: uuid('administration_id')
      .notNull()
      .references(() => administrations.id, { onDelete: 'restrict' }),
    /** Shown in the Certifications tab after the administration's name. */
    names: jsonb('names').$type<Names>().notNull(),
    /** The "My business data" category (taxation, social_elections…) and the source's name there. */
    category: text('category').notNull(),
    sourceNames: jsonb('source_names').$type<Names>().notNull(),
    /**
     * The period mandates obtained now are valid for (e.g. a social elections mandate period);
     * a mandate ends with it, and the eSpace needs a new code for the next period.
     */
    validUntil: ts('valid_until'),
    /** Loaded by the demo (`comptoir demo remove` deletes it); an operator's import of the same row clears it. */
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('certification_scopes_category_idx').on(t.category, t.code)],
);

export type EntityAddress = { street: string; postcode: string; city: string; country: string };

/** A company, association or structure known to the administrations (an authentic source). */
export const legalEntities = pgTable(
  'legal_entities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** rcs (trade register), structure (education structure ID), vat… */
    scheme: text('scheme').notNull(),
    value: text('value').notNull(),
    name: text('name').notNull(),
    address: jsonb('address').$type<EntityAddress>().notNull(),
    /** The language letters to it are written in. */
    lang: text('lang').notNull(),
    /** Certified attributes (number of employees, sector, structures…), shown in "My business data". */
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull(),
    /** Loaded by the demo (`comptoir demo remove` deletes it); an operator's import of the same row clears it. */
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('legal_entities_identifier_unique').on(t.scheme, t.value),
    // A production start checks that no demo row is left: a lookup, whatever the registry's size.
    index('legal_entities_demo_idx').on(t.id).where(sql`${t.demo}`),
  ],
);

/**
 * A one-time access code mailed by post. Only its hash is stored: the code exists in plain text
 * only in the letter and on the screen that issued it.
 */
export const accessCodes = pgTable(
  'access_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public reference printed on the letter (ITM-K7Q2M9), quoted when a company calls. */
    reference: text('reference').notNull().unique(),
    codeHash: text('code_hash').notNull().unique(),
    scopeId: uuid('scope_id')
      .notNull()
      .references(() => certificationScopes.id, { onDelete: 'restrict' }),
    entityId: uuid('entity_id')
      .notNull()
      .references(() => legalEntities.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['holder', 'agent'] }).notNull(),
    /** issued → used, or revoked; an issued code past expires_at is expired. */
    status: text('status', { enum: ['issued', 'used', 'revoked'] })
      .notNull()
      .default('issued'),
    expiresAt: ts('expires_at'),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    /** The officer or the holder eSpace's Administrator who issued it (none from the CLI). */
    issuedBy: uuid('issued_by').references(() => persons.id, { onDelete: 'set null' }),
    /** Set for an agent code a holder eSpace generated for its representative. */
    issuedBySpaceId: uuid('issued_by_space_id').references(() => spaces.id, { onDelete: 'set null' }),
    usedAt: ts('used_at'),
    usedBySpaceId: uuid('used_by_space_id').references(() => spaces.id, { onDelete: 'set null' }),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('access_codes_scope_idx').on(t.scopeId, t.issuedAt),
    index('access_codes_entity_idx').on(t.entityId),
  ],
);

/**
 * Access of an eSpace to an entity's certified data for a scope: its main mandate (holder code,
 * its own company) or a mandate obtained (agent code, a client company).
 */
export const mandates = pgTable(
  'mandates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    scopeId: uuid('scope_id')
      .notNull()
      .references(() => certificationScopes.id, { onDelete: 'restrict' }),
    entityId: uuid('entity_id')
      .notNull()
      .references(() => legalEntities.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['holder', 'agent'] }).notNull(),
    /**
     * The entity's name in lower case, kept in step by the import: an eSpace with a thousand
     * mandates obtained pages through them by company name on an index.
     */
    sortName: text('sort_name').notNull(),
    accessCodeId: uuid('access_code_id')
      .notNull()
      .unique()
      .references(() => accessCodes.id, { onDelete: 'restrict' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => persons.id, { onDelete: 'set null' }),
    /** The end of the scope's period when the code was confirmed. */
    validUntil: ts('valid_until'),
    /**
     * Set when the eSpace gives the access up, the holder revokes its agent, the administration
     * revokes the code, or a code of a new period replaces a main mandate past its period.
     */
    endedAt: ts('ended_at'),
    endReason: text('end_reason', {
      enum: ['given_up', 'revoked_by_holder', 'revoked_by_administration', 'renewed'],
    }),
    endedBy: uuid('ended_by').references(() => persons.id, { onDelete: 'set null' }),
  },
  (t) => [
    // One main mandate per scope per eSpace; one mandate per company and scope per eSpace.
    uniqueIndex('mandates_one_holder_idx')
      .on(t.spaceId, t.scopeId)
      .where(sql`${t.kind} = 'holder' and ${t.endedAt} is null`),
    uniqueIndex('mandates_one_per_entity_idx')
      .on(t.spaceId, t.scopeId, t.entityId)
      .where(sql`${t.endedAt} is null`),
    // One holder of a company's main mandate per scope, whichever eSpace: the holder lists and
    // revokes the company's agents.
    uniqueIndex('mandates_one_holder_per_entity_idx')
      .on(t.entityId, t.scopeId)
      .where(sql`${t.kind} = 'holder' and ${t.endedAt} is null`),
    // The Certifications tab and My business data page through an eSpace's mandates by company name.
    index('mandates_space_idx')
      .on(t.spaceId, t.scopeId, t.kind, t.sortName, t.id)
      .where(sql`${t.endedAt} is null`),
    // A holder's "Agents with access".
    index('mandates_entity_idx')
      .on(t.entityId, t.scopeId)
      .where(sql`${t.kind} = 'agent' and ${t.endedAt} is null`),
  ],
);
