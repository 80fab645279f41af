import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { devices, persons } from './identity.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A private eSpace (one per person) or a business eSpace shared by its members. */
export const spaces = pgTable(
  'spaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** PP-XXXXXX (private) or PM-XXXXXX (business), shown in the user menu. */
    identifier: text('identifier').notNull().unique(),
    kind: text('kind', { enum: ['private', 'business'] }).notNull(),
    name: text('name').notNull(),
    companyName: text('company_name'),
    /** The information sheet; it pre-fills procedure forms. */
    proceduresLang: text('procedures_lang'),
    notificationEmail: text('notification_email'),
    officePhone: text('office_phone'),
    mobilePhone: text('mobile_phone'),
    function: text('function'),
    /** A notification e-mail change waiting for its link to be followed (one at a time). */
    pendingEmail: text('pending_email'),
    pendingEmailTokenHash: text('pending_email_token_hash').unique(),
    pendingEmailExpiresAt: ts('pending_email_expires_at'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Exactly one private eSpace per person; the count of business eSpaces a person created.
    uniqueIndex('spaces_private_owner_idx').on(t.createdBy).where(sql`${t.kind} = 'private'`),
    index('spaces_created_by_idx').on(t.createdBy, t.kind),
  ],
);

/** A person's place in an eSpace. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['manager_no_signature', 'manager', 'administrator'] }).notNull(),
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    /** Where this member's e-mails of this eSpace go (each member may change it). */
    email: text('email').notNull(),
    /** The certificate number the member was invited with (their device at creation for the creator). */
    certificateNumber: text('certificate_number').notNull(),
    /** Set when the member may only use this device here: other sessions do not see the eSpace. */
    restrictedDeviceId: uuid('restricted_device_id').references(() => devices.id, { onDelete: 'cascade' }),
    /**
     * The member's name, surname first, in lower case, copied from the person when they join
     * (a person's name never changes): the Users tab sorts and searches an eSpace of thousands
     * of members through an index, without reading the persons table.
     */
    sortName: text('sort_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_space_person_idx').on(t.spaceId, t.personId),
    index('memberships_space_name_idx').on(t.spaceId, t.sortName, t.id),
    index('memberships_person_idx').on(t.personId),
    // The last-Administrator rule counts these at every change and every Users tab: a few rows
    // to read whatever the size of the eSpace.
    index('memberships_active_admins_idx')
      .on(t.spaceId)
      .where(sql`${t.role} = 'administrator' and ${t.status} = 'active'`),
  ],
);

/** An invitation to join a business eSpace, addressed to a certificate number. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    surname: text('surname').notNull(),
    firstName: text('first_name').notNull(),
    email: text('email').notNull(),
    certificateNumber: text('certificate_number').notNull(),
    /** Only the device of that certificate number may be used in the eSpace. */
    restricted: boolean('restricted').notNull(),
    role: text('role', { enum: ['manager_no_signature', 'manager', 'administrator'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] })
      .notNull()
      .default('pending'),
    /** The link's secret, hashed; a resend makes a new one. */
    tokenHash: text('token_hash').notNull().unique(),
    lang: text('lang').notNull(),
    invitedBy: uuid('invited_by').references(() => persons.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    respondedAt: ts('responded_at'),
    respondedBy: uuid('responded_by').references(() => persons.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('invitations_space_status_idx').on(t.spaceId, t.status),
    index('invitations_certificate_idx').on(t.certificateNumber, t.status),
  ],
);

/** What a member sees in "My communications" of an eSpace: one row per event and recipient. */
export const communications = pgTable(
  'communications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    /** The words of the event (names, roles), rendered in the reader's language at display. */
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [
    index('communications_reader_idx').on(t.personId, t.spaceId, t.createdAt),
    index('communications_unread_idx').on(t.personId, t.spaceId).where(sql`${t.readAt} is null`),
  ],
);
