import { and, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { communications, memberships } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import { preparedQuery } from '../../platform/prepared.ts';

/**
 * All SQL of notifications. It reads the eSpace's memberships to address an event to every
 * active member in one statement (an eSpace may have thousands).
 */

export type CommunicationRow = typeof communications.$inferSelect;

export async function insertForMembers(
  db: Db,
  values: {
    spaceId: string;
    event: string;
    params: Record<string, string>;
    exceptPersonId?: string | undefined;
  },
): Promise<void> {
  const conditions = [eq(memberships.spaceId, values.spaceId), eq(memberships.status, 'active')];
  if (values.exceptPersonId) conditions.push(ne(memberships.personId, values.exceptPersonId));
  await db.insert(communications).select(
    db
      .select({
        id: sql`gen_random_uuid()`.as('id'),
        spaceId: memberships.spaceId,
        personId: memberships.personId,
        event: sql`${values.event}`.as('event'),
        params: sql`${JSON.stringify(values.params)}::jsonb`.as('params'),
        createdAt: sql`now()`.as('created_at'),
        readAt: sql`null::timestamptz`.as('read_at'),
      })
      .from(memberships)
      .where(and(...conditions)),
  );
}

// The header of every page in an eSpace shows it: built once (platform/prepared.ts).
const unread = preparedQuery((db) =>
  db
    .select({ n: count() })
    .from(communications)
    .where(
      and(
        eq(communications.personId, sql.placeholder('personId')),
        eq(communications.spaceId, sql.placeholder('spaceId')),
        isNull(communications.readAt),
      ),
    )
    .prepare('unread_communications'),
);

export async function countUnread(db: Db, personId: string, spaceId: string): Promise<number> {
  const [row] = await unread(db).execute({ personId, spaceId });
  return row?.n ?? 0;
}

export async function listForReader(
  db: Db,
  personId: string,
  spaceId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: CommunicationRow[]; total: number }> {
  const where = and(eq(communications.personId, personId), eq(communications.spaceId, spaceId));
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(communications)
      .where(where)
      .orderBy(desc(communications.createdAt), desc(communications.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(communications).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function markRead(
  db: Db,
  where: { personId: string; spaceId: string; ids: string[]; at: Date },
): Promise<void> {
  const { personId, spaceId, ids, at } = where;
  if (ids.length === 0) return;
  await db
    .update(communications)
    .set({ readAt: at })
    .where(
      and(
        eq(communications.personId, personId),
        eq(communications.spaceId, spaceId),
        inArray(communications.id, ids),
        isNull(communications.readAt),
      ),
    );
}
