import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A human being known to the portal. */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surname: text('surname').notNull(),
    firstName: text('first_name').notNull(),
    email: text('email').notNull(),
    /** National identification number; unique when known (production identities always have one). */
    nationalId: text('national_id').unique(),
    preferredLang: text('preferred_lang').notNull().default('fr'),
    /** Random WebAuthn user handle: never the id, never personal data. */
    webauthnUserId: text('webauthn_user_id').notNull().unique(),
    /**
     * A demo identity: a seeded one's key (listed on the "Demo identities" page), or `visitor` for
     * one made on the demo's first visit page. `comptoir demo remove` deletes them all.
     */
    demo: text('demo'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('persons_demo_idx').on(t.demo).where(sql`${t.demo} is not null`)],
);

/**
 * An authentication device. Every device carries a unique certificate number of 20 digits.
 * kind: passkey (WebAuthn), otp (password + TOTP), certificate (X.509 over mutual TLS),
 * oidc (an external identity provider's subject).
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['passkey', 'otp', 'certificate', 'oidc'] }).notNull(),
    /** What the person picked: mobile, scan, security_key, token, smartcard, signing_stick, eid, oidc. */
    label: text('label').notNull(),
    certificateNumber: text('certificate_number').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    // otp
    login: text('login').unique(),
    passwordHash: text('password_hash'),
    otpSecret: text('otp_secret'),
    /** Last accepted TOTP time step: a code of this step or earlier is a replay. */
    otpLastStep: bigint('otp_last_step', { mode: 'number' }),
    lockedUntil: ts('locked_until'),
    // passkey
    credentialId: text('credential_id').unique(),
    publicKey: bytea('public_key'),
    signCount: bigint('sign_count', { mode: 'number' }),
    transports: text('transports').array(),
    // certificate: SHA-256 of the DER certificate, checked with the certificate number it carries
    certificateFingerprint: text('certificate_fingerprint').unique(),
    // oidc
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
  },
  (t) => [
    index('devices_person_idx').on(t.personId),
    // A provider's subject opens one person at a time; once its device is revoked, the subject
    // may be enrolled again (a revoked device stays listed for the record).
    uniqueIndex('devices_oidc_subject_idx')
      .on(t.oidcIssuer, t.oidcSubject)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/** A log on in progress: its session identifier ("BS5507"), challenge and where it stands. */
export const logonAttempts = pgTable('logon_attempts', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Hash of the random token in the visitor's `logon` cookie. */
  tokenHash: text('token_hash').notNull().unique(),
  displayId: text('display_id').notNull(),
  /** logon, or link (adding a device to the person of `personId`). */
  purpose: text('purpose', { enum: ['logon', 'link', 'enrol'] })
    .notNull()
    .default('logon'),
  personId: uuid('person_id').references(() => persons.id, { onDelete: 'cascade' }),
  challenge: text('challenge'),
  /** Mode-specific state (OIDC code verifier, nonce; certificate ticket). */
  state: jsonb('state').$type<Record<string, string>>(),
  /** One-time ticket handed from the mutual TLS listener back to the portal, hashed. */
  ticketHash: text('ticket_hash').unique(),
  ticketDeviceId: uuid('ticket_device_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
});

/** A logged-on browser. Only the hash of its token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    /** The device the session was opened with: eSpaces restrict access by its certificate number. */
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    /** Absolute end of the session, whatever the activity. */
    expiresAt: ts('expires_at').notNull(),
    /** Last time the person proved again that they hold a device (needed to link a new one). */
    reauthenticatedAt: ts('reauthenticated_at'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    /** The eSpace the person works in (chosen with "Change eSpace"); checked again at each request. */
    selectedSpaceId: uuid('selected_space_id'),
  },
  (t) => [index('sessions_person_idx').on(t.personId), index('sessions_device_idx').on(t.deviceId)],
);

/** Who did what, when, with which device, from where. Append-only. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    personId: uuid('person_id'),
    deviceId: uuid('device_id'),
    certificateNumber: text('certificate_number'),
    spaceId: uuid('space_id'),
    ip: text('ip'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_events_person_idx').on(t.personId, t.at),
    index('audit_events_space_idx').on(t.spaceId, t.at),
  ],
);

/**
 * Failures counted against a key (a device, a person, an IP address) for limits that must hold
 * across instances: lockouts and attempts on guessable secrets.
 */
export const throttleEvents = pgTable(
  'throttle_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('throttle_events_key_idx').on(t.bucket, t.key, t.at)],
);

export type DeviceKind = (typeof devices.kind.enumValues)[number];
