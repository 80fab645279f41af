import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { devices, logonAttempts, persons, sessions } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import { preparedQuery } from '../../platform/prepared.ts';

/** All SQL of the identity feature. */

export type PersonRow = typeof persons.$inferSelect;
export type DeviceRow = typeof devices.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type AttemptRow = typeof logonAttempts.$inferSelect;

export async function insertPerson(db: Db, values: typeof persons.$inferInsert): Promise<PersonRow> {
  const [row] = await db.insert(persons).values(values).returning();
  return row!;
}

export async function findPerson(db: Db, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.id, id));
  return row;
}

export async function findPersonByNationalId(db: Db, nationalId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.nationalId, nationalId));
  return row;
}

export async function listDemoPersons(db: Db): Promise<{ person: PersonRow; device: DeviceRow }[]> {
  const rows = await db
    .select({ person: persons, device: devices })
    .from(persons)
    .innerJoin(
      devices,
      and(eq(devices.personId, persons.id), eq(devices.kind, 'otp'), isNull(devices.revokedAt)),
    )
    .where(sql`${persons.demo} is not null`)
    .orderBy(persons.demo);
  return rows;
}

/** The ids of the demo identities (seeded, or made on the demo's first visit page). */
export async function listDemoPersonIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: persons.id }).from(persons).where(sql`${persons.demo} is not null`);
  return rows.map((row) => row.id);
}

/**
 * Deletes the demo identities; their devices, sessions, log on attempts, memberships, officer
 * roles and "My communications" go with them (the foreign keys cascade). Resolves to the count.
 */
export async function deleteDemoPersons(db: Db): Promise<number> {
  const rows = await db.delete(persons).where(sql`${persons.demo} is not null`).returning({ id: persons.id });
  return rows.length;
}

export async function insertDevice(db: Db, values: typeof devices.$inferInsert): Promise<DeviceRow> {
  const [row] = await db.insert(devices).values(values).returning();
  return row!;
}

export async function findActiveDevice(
  db: Db,
  where: { login: string } | { credentialId: string } | { id: string } | { oidc: [string, string] },
): Promise<DeviceRow | undefined> {
  const condition =
    'login' in where
      ? eq(devices.login, where.login)
      : 'credentialId' in where
        ? eq(devices.credentialId, where.credentialId)
        : 'id' in where
          ? eq(devices.id, where.id)
          : and(eq(devices.oidcIssuer, where.oidc[0]), eq(devices.oidcSubject, where.oidc[1]));
  const [row] = await db
    .select()
    .from(devices)
    .where(and(condition, isNull(devices.revokedAt)));
  return row;
}

export async function findDeviceByCertificateNumber(db: Db, number: string): Promise<DeviceRow | undefined> {
  const [row] = await db.select().from(devices).where(eq(devices.certificateNumber, number));
  return row;
}

export async function listDevices(db: Db, personId: string): Promise<DeviceRow[]> {
  return db.select().from(devices).where(eq(devices.personId, personId)).orderBy(devices.createdAt);
}

export async function countActiveDevices(db: Db, personId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(devices)
    .where(and(eq(devices.personId, personId), isNull(devices.revokedAt)));
  return row?.n ?? 0;
}

export async function updateDevice(
  db: Db,
  id: string,
  values: Partial<typeof devices.$inferInsert>,
): Promise<void> {
  await db.update(devices).set(values).where(eq(devices.id, id));
}

/**
 * Accepts a TOTP step only if it is newer than the last accepted one, atomically: two requests
 * racing with the same code cannot both win.
 */
export async function claimOtpStep(db: Db, deviceId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(devices)
    .set({ otpLastStep: step, lastUsedAt: new Date() })
    .where(and(eq(devices.id, deviceId), sql`coalesce(${devices.otpLastStep}, -1) < ${step}`))
    .returning({ id: devices.id });
  return rows.length === 1;
}

export async function insertAttempt(db: Db, values: typeof logonAttempts.$inferInsert): Promise<AttemptRow> {
  const [row] = await db.insert(logonAttempts).values(values).returning();
  return row!;
}

export async function findOpenAttempt(
  db: Db,
  where: { tokenHash: string } | { ticketHash: string } | { id: string },
  now: Date,
): Promise<AttemptRow | undefined> {
  const condition =
    'tokenHash' in where
      ? eq(logonAttempts.tokenHash, where.tokenHash)
      : 'ticketHash' in where
        ? eq(logonAttempts.ticketHash, where.ticketHash)
        : eq(logonAttempts.id, where.id);
  const [row] = await db
    .select()
    .from(logonAttempts)
    .where(and(condition, isNull(logonAttempts.consumedAt), gt(logonAttempts.expiresAt, now)));
  return row;
}

export async function updateAttempt(
  db: Db,
  id: string,
  values: Partial<typeof logonAttempts.$inferInsert>,
): Promise<void> {
  await db.update(logonAttempts).set(values).where(eq(logonAttempts.id, id));
}

/** Marks an attempt used; false when another request used it first (a replay). */
export async function consumeAttempt(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(logonAttempts)
    .set({ consumedAt: new Date() })
    .where(and(eq(logonAttempts.id, id), isNull(logonAttempts.consumedAt)))
    .returning({ id: logonAttempts.id });
  return rows.length === 1;
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  return row!;
}

// Every logged-on request runs it: built once (platform/prepared.ts).
const sessionWithOwner = preparedQuery((db) =>
  db
    .select({ session: sessions, person: persons, device: devices })
    .from(sessions)
    .innerJoin(persons, eq(persons.id, sessions.personId))
    .innerJoin(devices, eq(devices.id, sessions.deviceId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('session_with_owner'),
);

export async function findSessionWithOwner(db: Db, tokenHash: string) {
  const [row] = await sessionWithOwner(db).execute({ tokenHash });
  return row;
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function updateSession(
  db: Db,
  id: string,
  values: Partial<typeof sessions.$inferInsert>,
): Promise<void> {
  await db.update(sessions).set(values).where(eq(sessions.id, id));
}

export async function endSessions(
  db: Db,
  where: { id: string } | { personId: string } | { deviceId: string },
  reason: string,
  exceptId?: string,
): Promise<number> {
  const condition =
    'id' in where
      ? eq(sessions.id, where.id)
      : 'personId' in where
        ? eq(sessions.personId, where.personId)
        : eq(sessions.deviceId, where.deviceId);
  const rows = await db
    .update(sessions)
    .set({ endedAt: new Date(), endReason: reason })
    .where(and(condition, isNull(sessions.endedAt), exceptId ? ne(sessions.id, exceptId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Serialises changes to one person's devices (e.g. two concurrent revocations). */
export async function lockPerson(db: Db, personId: string): Promise<void> {
  await db.select({ id: persons.id }).from(persons).where(eq(persons.id, personId)).for('update');
}

/** Deletes log on attempts and ended sessions that no rule needs any more. */
export async function deleteStaleLogonData(db: Db, before: Date): Promise<void> {
  await db.delete(logonAttempts).where(lt(logonAttempts.expiresAt, before));
  await db.delete(sessions).where(lt(sessions.expiresAt, before));
}
