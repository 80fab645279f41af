import { and, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { invitations, memberships, persons, spaces } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';

/**
 * All SQL of members: memberships and invitations. It joins persons (names) and spaces (to list
 * a person's invitations): reads only, the identity and spaces features own those tables.
 */

export type InvitationRow = typeof invitations.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

export type UserLine = {
  kind: 'member' | 'invitation';
  id: string;
  surname: string;
  firstName: string;
  email: string;
  certificateNumber: string;
  role: string;
  /** active | deactivated for members; pending | declined | expired for invitations. */
  status: string;
  restricted: boolean;
  expiresAt: Date | null;
};

/**
 * One page of the Users tab: members and open invitations together, by name. `search` matches
 * the name, the e-mail or the certificate number (typed with or without spaces).
 */
export async function listUsers(
  db: Db,
  spaceId: string,
  options: { search?: string | undefined; limit: number; offset: number },
): Promise<{ lines: UserLine[]; total: number }> {
  const search = options.search?.trim();
  const like = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const digits = search?.replace(/[\s.-]/g, '');
  const digitsLike = digits && /^\d+$/.test(digits) ? `%${digits}%` : null;
  const memberFilter = like
    ? sql`and (p.surname ilike ${like} or p.first_name ilike ${like} or (p.first_name || ' ' || p.surname) ilike ${like}
          or m.email ilike ${like} or m.certificate_number like ${digitsLike ?? like})`
    : sql``;
  const invitationFilter = like
    ? sql`and (i.surname ilike ${like} or i.first_name ilike ${like} or (i.first_name || ' ' || i.surname) ilike ${like}
          or i.email ilike ${like} or i.certificate_number like ${digitsLike ?? like})`
    : sql``;
  const result = await db.execute(sql`
    select u.*, count(*) over() as total from (
      select 'member' as kind, m.id, p.surname, p.first_name, m.email, m.certificate_number, m.role,
             m.status, m.restricted_device_id is not null as restricted, null::timestamptz as expires_at
        from memberships m join persons p on p.id = m.person_id
       where m.space_id = ${spaceId} ${memberFilter}
      union all
      select 'invitation', i.id, i.surname, i.first_name, i.email, i.certificate_number, i.role,
             i.status, i.restricted, i.expires_at
        from invitations i
       where i.space_id = ${spaceId} and i.status in ('pending', 'declined', 'expired') ${invitationFilter}
    ) u
    order by lower(u.surname), lower(u.first_name), u.id
    limit ${options.limit} offset ${options.offset}`);
  // Both drivers (node-postgres and PGlite) answer execute() with { rows }.
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return {
    total:
      rows.length > 0 ? Number(rows[0]!.total) : await countUsers(db, spaceId, like ? options : undefined),
    lines: rows.map((r) => ({
      kind: r.kind as UserLine['kind'],
      id: String(r.id),
      surname: String(r.surname),
      firstName: String(r.first_name),
      email: String(r.email),
      certificateNumber: String(r.certificate_number),
      role: String(r.role),
      status: String(r.status),
      restricted: Boolean(r.restricted),
      expiresAt: r.expires_at ? new Date(r.expires_at as string) : null,
    })),
  };
}

// A page past the end has no row to carry the total: count without paging (rare).
async function countUsers(db: Db, spaceId: string, filtered: { search?: string | undefined } | undefined) {
  if (filtered)
    return (await listUsers(db, spaceId, { ...filtered, limit: 1_000_000, offset: 0 })).lines.length;
  const [members] = await db.select({ n: count() }).from(memberships).where(eq(memberships.spaceId, spaceId));
  const [open] = await db
    .select({ n: count() })
    .from(invitations)
    .where(
      and(eq(invitations.spaceId, spaceId), inArray(invitations.status, ['pending', 'declined', 'expired'])),
    );
  return (members?.n ?? 0) + (open?.n ?? 0);
}

export async function countActiveAdministrators(db: Db, spaceId: string, exceptId?: string): Promise<number> {
  const conditions = [
    eq(memberships.spaceId, spaceId),
    eq(memberships.role, 'administrator'),
    eq(memberships.status, 'active'),
  ];
  if (exceptId) conditions.push(ne(memberships.id, exceptId));
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(...conditions));
  return row?.n ?? 0;
}

export type MemberWithPerson = MembershipRow & { surname: string; firstName: string; preferredLang: string };

export async function findMember(
  db: Db,
  spaceId: string,
  where: { id: string } | { personId: string },
): Promise<MemberWithPerson | undefined> {
  const [row] = await db
    .select({
      membership: memberships,
      surname: persons.surname,
      firstName: persons.firstName,
      preferredLang: persons.preferredLang,
    })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .where(
      and(
        eq(memberships.spaceId, spaceId),
        'id' in where ? eq(memberships.id, where.id) : eq(memberships.personId, where.personId),
      ),
    );
  return row
    ? { ...row.membership, surname: row.surname, firstName: row.firstName, preferredLang: row.preferredLang }
    : undefined;
}

export async function updateMembership(
  db: Db,
  id: string,
  values: Partial<typeof memberships.$inferInsert>,
): Promise<void> {
  await db
    .update(memberships)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberships.id, id));
}

export async function deleteMembership(db: Db, id: string): Promise<void> {
  await db.delete(memberships).where(eq(memberships.id, id));
}

export async function insertMembership(db: Db, values: typeof memberships.$inferInsert): Promise<void> {
  await db.insert(memberships).values(values);
}

export async function insertInvitation(
  db: Db,
  values: typeof invitations.$inferInsert,
): Promise<InvitationRow> {
  const [row] = await db.insert(invitations).values(values).returning();
  return row!;
}

export async function findInvitation(
  db: Db,
  where: { tokenHash: string } | { id: string; spaceId?: string },
  options: { lock?: boolean } = {},
): Promise<InvitationRow | undefined> {
  const condition =
    'tokenHash' in where
      ? eq(invitations.tokenHash, where.tokenHash)
      : where.spaceId
        ? and(eq(invitations.id, where.id), eq(invitations.spaceId, where.spaceId))
        : eq(invitations.id, where.id);
  const query = db.select().from(invitations).where(condition);
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function updateInvitation(
  db: Db,
  id: string,
  values: Partial<typeof invitations.$inferInsert>,
): Promise<void> {
  await db.update(invitations).set(values).where(eq(invitations.id, id));
}

/** Whether the eSpace already has this certificate number as a member or in an open invitation. */
export async function certificateNumberTaken(
  db: Db,
  spaceId: string,
  certificateNumber: string,
): Promise<'member' | 'invited' | undefined> {
  const [member] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.certificateNumber, certificateNumber)));
  if (member) return 'member';
  const [open] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.spaceId, spaceId),
        eq(invitations.certificateNumber, certificateNumber),
        eq(invitations.status, 'pending'),
        sql`${invitations.expiresAt} > now()`,
      ),
    );
  return open ? 'invited' : undefined;
}

export type OpenInvitation = InvitationRow & { spaceName: string; spaceIdentifier: string };

/** Open invitations addressed to any of these certificate numbers (a person's own devices). */
export async function openInvitationsFor(
  db: Db,
  certificateNumbers: string[],
  now: Date,
): Promise<OpenInvitation[]> {
  if (certificateNumbers.length === 0) return [];
  const rows = await db
    .select({ invitation: invitations, spaceName: spaces.name, spaceIdentifier: spaces.identifier })
    .from(invitations)
    .innerJoin(spaces, eq(spaces.id, invitations.spaceId))
    .where(
      and(
        inArray(invitations.certificateNumber, certificateNumbers),
        eq(invitations.status, 'pending'),
        sql`${invitations.expiresAt} > ${now}`,
      ),
    )
    .orderBy(invitations.createdAt);
  return rows.map((r) => ({ ...r.invitation, spaceName: r.spaceName, spaceIdentifier: r.spaceIdentifier }));
}

/** Marks invitations past their date as expired (housekeeping; the pages already show them so). */
export async function expireInvitations(db: Db, now: Date): Promise<void> {
  await db
    .update(invitations)
    .set({ status: 'expired' })
    .where(and(eq(invitations.status, 'pending'), sql`${invitations.expiresAt} <= ${now}`));
}
