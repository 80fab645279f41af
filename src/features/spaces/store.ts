import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditEvents, memberships, persons, spaces } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import { preparedQuery } from '../../platform/prepared.ts';

/** All SQL of the spaces feature. */

export type SpaceRow = typeof spaces.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

export async function insertSpace(db: Db, values: typeof spaces.$inferInsert): Promise<SpaceRow | undefined> {
  // An identifier collision (or a second private eSpace) inserts nothing: the caller decides.
  const [row] = await db.insert(spaces).values(values).onConflictDoNothing().returning();
  return row;
}

/** Adds a person to an eSpace, with the name the Users tab sorts by taken from the person. */
export async function insertMembership(
  db: Db,
  values: Omit<typeof memberships.$inferInsert, 'sortName'>,
): Promise<MembershipRow> {
  const sortName = sql`(select lower(${persons.surname} || ' ' || ${persons.firstName}) from ${persons} where ${persons.id} = ${values.personId})`;
  const [row] = await db
    .insert(memberships)
    .values({ ...values, sortName })
    .returning();
  return row!;
}

/** Changes a membership (role, status): the members feature's rules decide when, through the service. */
export async function updateMembership(
  db: Db,
  id: string,
  values: Partial<Pick<typeof memberships.$inferInsert, 'role' | 'status'>>,
): Promise<void> {
  await db
    .update(memberships)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberships.id, id));
}

export async function deleteMembership(db: Db, id: string): Promise<void> {
  await db.delete(memberships).where(eq(memberships.id, id));
}

/**
 * Deletes the eSpaces these persons set up (their members, invitations, communications and
 * mandates go with them); resolves to how many.
 */
export async function deleteSpacesCreatedBy(db: Db, personIds: string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const rows = await db
    .delete(spaces)
    .where(inArray(spaces.createdBy, personIds))
    .returning({ id: spaces.id });
  return rows.length;
}

export async function findPrivateSpace(db: Db, personId: string): Promise<SpaceRow | undefined> {
  const [row] = await db
    .select()
    .from(spaces)
    .where(and(eq(spaces.createdBy, personId), eq(spaces.kind, 'private')));
  return row;
}

export async function countBusinessSpacesCreatedBy(db: Db, personId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(spaces)
    .where(and(eq(spaces.createdBy, personId), eq(spaces.kind, 'business')));
  return row?.n ?? 0;
}

/** Serialises the use cases that count a person's eSpaces (two tabs creating at once). */
export async function lockPersonSpaces(db: Db, personId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`spaces:${personId}`}, 0))`);
}

export type SpaceWithMembership = { space: SpaceRow; membership: MembershipRow };

/** Every eSpace a person belongs to, private first, then by name. */
export async function listSpacesOfPerson(db: Db, personId: string): Promise<SpaceWithMembership[]> {
  return db
    .select({ space: spaces, membership: memberships })
    .from(memberships)
    .innerJoin(spaces, eq(spaces.id, memberships.spaceId))
    .where(eq(memberships.personId, personId))
    .orderBy(sql`${spaces.kind} = 'business'`, asc(spaces.name), asc(spaces.identifier));
}

export async function findSpaceWithMembership(
  db: Db,
  where: { spaceId: string } | { identifier: string },
  personId: string,
): Promise<SpaceWithMembership | undefined> {
  const [row] =
    'spaceId' in where
      ? await selectedSpaceWithMembership(db).execute({ spaceId: where.spaceId, personId })
      : await db
          .select({ space: spaces, membership: memberships })
          .from(spaces)
          .innerJoin(memberships, and(eq(memberships.spaceId, spaces.id), eq(memberships.personId, personId)))
          .where(eq(spaces.identifier, where.identifier));
  return row;
}

// Every request in a selected eSpace runs it: built once (platform/prepared.ts).
const selectedSpaceWithMembership = preparedQuery((db) =>
  db
    .select({ space: spaces, membership: memberships })
    .from(spaces)
    .innerJoin(
      memberships,
      and(eq(memberships.spaceId, spaces.id), eq(memberships.personId, sql.placeholder('personId'))),
    )
    .where(eq(spaces.id, sql.placeholder('spaceId')))
    .prepare('space_with_membership'),
);

/** Takes the eSpace's row lock: use cases that check "at least one Administrator" queue here. */
export async function lockSpace(db: Db, spaceId: string): Promise<SpaceRow | undefined> {
  const [row] = await db.select().from(spaces).where(eq(spaces.id, spaceId)).for('update');
  return row;
}

export async function updateSpace(
  db: Db,
  id: string,
  values: Partial<typeof spaces.$inferInsert>,
): Promise<SpaceRow | undefined> {
  const [row] = await db
    .update(spaces)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(spaces.id, id))
    .returning();
  return row;
}

export async function findSpaceByPendingEmailToken(db: Db, tokenHash: string): Promise<SpaceRow | undefined> {
  const [row] = await db.select().from(spaces).where(eq(spaces.pendingEmailTokenHash, tokenHash));
  return row;
}

export async function findSpace(db: Db, id: string): Promise<SpaceRow | undefined> {
  const [row] = await db.select().from(spaces).where(eq(spaces.id, id));
  return row;
}

export type ActivityLine = {
  at: Date;
  action: string;
  certificateNumber: string | null;
  surname: string | null;
  firstName: string | null;
  detail: Record<string, unknown> | null;
};

/** The eSpace's audit trail, newest first (the Activity tab). */
export async function listActivity(
  db: Db,
  spaceId: string,
  page: { limit: number; offset: number },
): Promise<{ lines: ActivityLine[]; total: number }> {
  const where = eq(auditEvents.spaceId, spaceId);
  const [lines, [total]] = await Promise.all([
    db
      .select({
        at: auditEvents.at,
        action: auditEvents.action,
        certificateNumber: auditEvents.certificateNumber,
        surname: persons.surname,
        firstName: persons.firstName,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .leftJoin(persons, eq(persons.id, auditEvents.personId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  return { lines, total: total?.n ?? 0 };
}
