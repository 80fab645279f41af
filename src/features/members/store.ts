import { and, count, eq, inArray, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { invitations, memberships, persons, spaces } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import type { PageAt } from '../../platform/keyset.ts';
import { containing } from '../../platform/like-pattern.ts';

/**
 * All SQL of members: memberships and invitations. It joins persons (names) and spaces (to list
 * a person's invitations): reads only, the identity and spaces features own those tables.
 */

export type InvitationRow = typeof invitations.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

export type UserLine = {
  kind: 'member' | 'invitation';
  id: string;
  /** The key the tab is sorted by (with the id): where the next or previous page starts. */
  sortName: string;
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

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally. */

/**
 * One page of the Users tab: members and open invitations together, by name. `search` matches
 * every word typed in the name (either order), or the e-mail, or the certificate number (typed
 * with or without spaces).
 *
 * Members come from the index on (space_id, sort_name, id): each branch reads at most the rows up
 * to the end of the page, and persons only for the rows shown, so page one of an eSpace of
 * thousands costs the same as of ten, whatever the size of the persons table; a page reached by
 * its cursor (`at.after` or `at.before`, platform/keyset.ts) starts on the index at that line,
 * so page 2,000 costs the same as page one. Without a search the total is kept by the database.
 */
export async function listUsers(
  db: Db,
  spaceId: string,
  options: { search?: string | undefined; limit: number; at: PageAt },
): Promise<{ lines: UserLine[]; total: number }> {
  const search = options.search?.trim().toLowerCase() ?? '';
  const words = search.split(/\s+/).filter(Boolean).slice(0, 5);
  const digits = search.replace(/[\s.-]/g, '');
  const matching = (name: SQL, email: SQL, certificate: SQL) => {
    if (words.length === 0) return sql``;
    const nameMatches = sql.join(
      words.map((w) => sql`${name} like ${containing(w)}`),
      sql` and `,
    );
    const number = /^\d+$/.test(digits) ? sql` or ${certificate} like ${containing(digits)}` : sql``;
    return sql`and ((${nameMatches}) or lower(${email}) like ${containing(search)}${number})`;
  };
  const memberFilter = matching(sql`m.sort_name`, sql`m.email`, sql`m.certificate_number`);
  const invitedName = sql`lower(i.surname || ' ' || i.first_name)`;
  const invitationFilter = matching(invitedName, sql`i.email`, sql`i.certificate_number`);
  const open = sql`i.space_id = ${spaceId} and i.status in ('pending', 'declined', 'expired')`;
  // By keyset after or before a line (each branch starts at it on its index), or by offset.
  const { after, before, offset } = options.at;
  const cursor = after ?? before;
  const from = (key: SQL, id: SQL) =>
    cursor ? sql`and (${key}, ${id}) ${after ? sql`>` : sql`<`} (${cursor.key}, ${cursor.id}::uuid)` : sql``;
  const order = before ? sql`desc` : sql`asc`;
  const end = offset + options.limit;
  const page = db.execute(sql`
    select u.kind, u.id, u.sort_name, coalesce(p.surname, u.surname) as surname, coalesce(p.first_name, u.first_name) as first_name,
           u.email, u.certificate_number, u.role, u.status, u.restricted, u.expires_at
      from (
        (select 'member' as kind, m.id, m.person_id, null::text as surname, null::text as first_name, m.sort_name,
                m.email, m.certificate_number, m.role, m.status, m.restricted_device_id is not null as restricted,
                null::timestamptz as expires_at
           from memberships m
          where m.space_id = ${spaceId} ${memberFilter} ${from(sql`m.sort_name`, sql`m.id`)}
          order by m.sort_name ${order}, m.id ${order}
          limit ${end})
        union all
        (select 'invitation', i.id, null, i.surname, i.first_name, ${invitedName}, i.email,
                i.certificate_number, i.role, i.status, i.restricted, i.expires_at
           from invitations i
          where ${open} ${invitationFilter} ${from(invitedName, sql`i.id`)}
          order by 6 ${order}, 2 ${order}
          limit ${end})
      ) u
      left join persons p on p.id = u.person_id
     order by u.sort_name ${order}, u.id ${order}
     limit ${options.limit} offset ${offset}`);
  // Without a search, the total is the eSpace's count kept by the database (schema/counts.ts); a
  // search counts the lines it matches.
  const counted =
    words.length === 0
      ? db.execute(sql`
    select coalesce((select users from space_user_counts where space_id = ${spaceId}), 0) as total`)
      : db.execute(sql`
    select (select count(*) from memberships m where m.space_id = ${spaceId} ${memberFilter})
         + (select count(*) from invitations i where ${open} ${invitationFilter}) as total`);
  // Both drivers (node-postgres and PGlite) answer execute() with { rows }.
  const [rows, totals] = (await Promise.all([page, counted])).map(
    (result) => (result as unknown as { rows: Record<string, unknown>[] }).rows,
  );
  if (before) rows!.reverse();
  return {
    total: Number(totals![0]!.total),
    lines: rows!.map((r) => ({
      kind: r.kind as UserLine['kind'],
      id: String(r.id),
      sortName: String(r.sort_name),
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

/**
 * Ends the eSpace's earlier invitations to a number (declined, expired, or past their date) when
 * a new one is sent to it: the new one takes their place in the Users tab.
 */
export async function closeInvitationsTo(
  db: Db,
  spaceId: string,
  certificateNumber: string,
  now: Date,
): Promise<void> {
  await db
    .update(invitations)
    .set({ status: 'withdrawn', respondedAt: now })
    .where(
      and(
        eq(invitations.spaceId, spaceId),
        eq(invitations.certificateNumber, certificateNumber),
        or(
          inArray(invitations.status, ['declined', 'expired']),
          and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, now)),
        ),
      ),
    );
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
