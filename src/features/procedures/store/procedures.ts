import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  files,
  legalEntities,
  persons,
  procedureCounts,
  procedureDefinitions,
  procedureEvents,
  procedures,
} from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db.ts';
import type { State } from '../rules.ts';

/**
 * The SQL of an eSpace's procedures: the drafts and what they became, their timeline, and the
 * per-status counters kept in the same transaction as every change.
 */

export type ProcedureRow = typeof procedures.$inferSelect;
export type ProcedureEventRow = typeof procedureEvents.$inferSelect;

const p = procedures;

/** The purpose of a file uploaded as a procedure's answer (platform/files). */
export const ATTACHMENT = 'procedure.attachment';

/** Adds `delta` procedures to an eSpace's count of `status`. */
async function count(db: Db, spaceId: string, status: State, delta: number): Promise<void> {
  // A count goes down only where it went up: its row exists (and a check refuses a negative
  // row proposed to an insert, even one that would become an update).
  if (delta < 0) {
    await db
      .update(procedureCounts)
      .set({ count: sql`${procedureCounts.count} + ${delta}` })
      .where(and(eq(procedureCounts.spaceId, spaceId), eq(procedureCounts.status, status)));
    return;
  }
  await db
    .insert(procedureCounts)
    .values({ spaceId, status, count: delta })
    .onConflictDoUpdate({
      target: [procedureCounts.spaceId, procedureCounts.status],
      set: { count: sql`${procedureCounts.count} + ${delta}` },
    });
}

export async function insertProcedure(db: Db, values: typeof p.$inferInsert): Promise<ProcedureRow> {
  const [row] = await db.insert(p).values(values).returning();
  await count(db, row!.spaceId, row!.status, 1);
  return row!;
}

/** A procedure of an eSpace (of any status), locked until the transaction ends when `lock`. */
export async function findProcedure(
  db: Db,
  where: { spaceId: string; id: string },
  lock = false,
): Promise<ProcedureRow | undefined> {
  const query = db
    .select()
    .from(p)
    .where(and(eq(p.spaceId, where.spaceId), eq(p.id, where.id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/**
 * Changes a procedure; a change of status moves it between the eSpace's counters. The caller
 * holds the row's lock, so `from` is its status.
 */
export async function updateProcedure(
  db: Db,
  from: ProcedureRow,
  values: Partial<typeof p.$inferInsert>,
): Promise<ProcedureRow> {
  const [row] = await db.update(p).set(values).where(eq(p.id, from.id)).returning();
  if (row!.status !== from.status) {
    await count(db, from.spaceId, from.status, -1);
    await count(db, from.spaceId, row!.status, 1);
  }
  return row!;
}

export async function insertEvent(db: Db, values: typeof procedureEvents.$inferInsert): Promise<void> {
  await db.insert(procedureEvents).values(values);
}

/** A procedure's timeline, oldest first, with who did each thing. */
export async function listEvents(db: Db, procedureId: string) {
  return db
    .select({
      kind: procedureEvents.kind,
      step: procedureEvents.step,
      detail: procedureEvents.detail,
      at: procedureEvents.at,
      by: { firstName: persons.firstName, surname: persons.surname },
    })
    .from(procedureEvents)
    .leftJoin(persons, eq(persons.id, procedureEvents.personId))
    .where(eq(procedureEvents.procedureId, procedureId))
    .orderBy(procedureEvents.at, procedureEvents.id);
}

/** The eSpace's counters: how many procedures it has in each status. */
export async function countsOf(db: Db, spaceId: string): Promise<Partial<Record<State, number>>> {
  const rows = await db
    .select({ status: procedureCounts.status, count: procedureCounts.count })
    .from(procedureCounts)
    .where(eq(procedureCounts.spaceId, spaceId));
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

export type ListOrder = 'changed' | 'name' | 'reference';
/** Where the previous page ended: the sort key of its last row and its id. */
export type ListCursor = { key: string | null; id: string };

export type ListFilter = {
  spaceId: string;
  /** One status, or every one but `deleted`. */
  status?: State | undefined;
  /** A `tsquery` of prefix terms (search.ts). */
  tsquery?: string | undefined;
  order: ListOrder;
  after?: ListCursor | undefined;
  /** The page that ends just before this line (read backwards: the caller turns it round). */
  before?: ListCursor | undefined;
  limit: number;
};

/**
 * The keyset condition "after the cursor" (or "before" it, read in the opposite order) and the
 * order of each sort: last change newest first, name A to Z, reference in order with the drafts
 * (no reference) last. Each runs on an index of (space, key, id), forwards or backwards, so a
 * page costs the same whatever the eSpace holds.
 */
function keyset(
  order: ListOrder,
  after: ListCursor | undefined,
  before: ListCursor | undefined,
): { where?: SQL; orderBy: SQL[] } {
  if (order === 'changed') {
    if (before)
      return {
        where: sql`(${p.updatedAt}, ${p.id}) > (${before.key}::timestamptz, ${before.id})`,
        orderBy: [sql`${p.updatedAt} asc`, sql`${p.id} asc`],
      };
    return {
      where: after ? sql`(${p.updatedAt}, ${p.id}) < (${after.key}::timestamptz, ${after.id})` : undefined,
      orderBy: [sql`${p.updatedAt} desc`, sql`${p.id} desc`],
    };
  }
  if (order === 'name') {
    if (before)
      return {
        where: sql`(${p.sortName}, ${p.id}) < (${before.key}, ${before.id})`,
        orderBy: [sql`${p.sortName} desc`, sql`${p.id} desc`],
      };
    return {
      where: after ? sql`(${p.sortName}, ${p.id}) > (${after.key}, ${after.id})` : undefined,
      orderBy: [sql`${p.sortName}`, sql`${p.id}`],
    };
  }
  if (before) {
    // Before a line with a reference: the smaller references (a null one compares as unknown, so
    // no draft); before a draft: every reference, and the drafts of a smaller id.
    const where =
      before.key !== null
        ? sql`(${p.reference}, ${p.id}) < (${before.key}, ${before.id})`
        : sql`(${p.reference} is not null or ${p.id} < ${before.id})`;
    return {
      where,
      orderBy: [sql`${p.reference} desc nulls first`, sql`${p.id} desc`],
    };
  }
  let where: SQL | undefined;
  if (after && after.key !== null)
    where = sql`((${p.reference}, ${p.id}) > (${after.key}, ${after.id}) or ${p.reference} is null)`;
  else if (after) where = sql`(${p.reference} is null and ${p.id} > ${after.id})`;
  return { where, orderBy: [sql`${p.reference} asc nulls last`, sql`${p.id}`] };
}

/** The sort key of a row, as a cursor holds it. */
export function keyOf(
  order: ListOrder,
  row: { updatedAt: Date; sortName: string; reference: string | null },
) {
  if (order === 'changed') return row.updatedAt.toISOString();
  return order === 'name' ? row.sortName : row.reference;
}

/**
 * One page of My procedures: each with its procedure, subject company and who changed it last.
 * Exported unexecuted so that a test can EXPLAIN the very query the list runs.
 */
export function listQuery(db: Db, filter: ListFilter) {
  const { where, orderBy } = keyset(filter.order, filter.after, filter.before);
  return db
    .select({
      id: p.id,
      name: p.name,
      sortName: p.sortName,
      status: p.status,
      reference: p.reference,
      updatedAt: p.updatedAt,
      transmittedAt: p.transmittedAt,
      code: procedureDefinitions.code,
      version: procedureDefinitions.version,
      title: sql<Record<'fr' | 'en' | 'de', string>>`${procedureDefinitions.definition}->'title'`,
      subject: { name: legalEntities.name, scheme: legalEntities.scheme, value: legalEntities.value },
      updatedBy: { firstName: persons.firstName, surname: persons.surname },
    })
    .from(p)
    .innerJoin(procedureDefinitions, eq(procedureDefinitions.id, p.definitionId))
    .leftJoin(legalEntities, eq(legalEntities.id, p.subjectEntityId))
    .leftJoin(persons, eq(persons.id, p.updatedBy))
    .where(
      and(
        eq(p.spaceId, filter.spaceId),
        filter.status ? eq(p.status, filter.status) : sql`${p.status} <> 'deleted'`,
        filter.tsquery
          ? sql`to_tsvector('simple', ${p.searchText}) @@ to_tsquery('simple', ${filter.tsquery})`
          : undefined,
        where,
      ),
    )
    .orderBy(...orderBy)
    .limit(filter.limit);
}

/** One page of My procedures, in the list's order (a page read backwards is turned round). */
export async function listProcedures(db: Db, filter: ListFilter) {
  const rows = await listQuery(db, filter);
  return filter.before ? rows.reverse() : rows;
}

/**
 * Deletes the procedures started on the demo's published versions, wherever they are, with their
 * timelines, transmissions and slips, and takes them off their eSpaces' counts: the demo's
 * catalogue is about to go (`comptoir demo remove`). Returns how many were deleted.
 */
export async function deleteProceduresOnDemoDefinitions(db: Db): Promise<number> {
  const deleted = await db
    .delete(p)
    .where(
      inArray(
        p.definitionId,
        db
          .select({ id: procedureDefinitions.id })
          .from(procedureDefinitions)
          .where(eq(procedureDefinitions.demo, true)),
      ),
    )
    .returning({ id: p.id, spaceId: p.spaceId, status: p.status });
  if (deleted.length === 0) return 0;
  await db.delete(files).where(
    and(
      inArray(files.purpose, [ATTACHMENT, 'procedure.slip']),
      inArray(
        files.owner,
        deleted.map((row) => row.id),
      ),
    ),
  );
  const groups = new Map<string, { spaceId: string; status: State; n: number }>();
  for (const row of deleted) {
    const key = `${row.spaceId} ${row.status}`;
    const group = groups.get(key) ?? { spaceId: row.spaceId, status: row.status, n: 0 };
    group.n += 1;
    groups.set(key, group);
  }
  for (const group of groups.values()) await count(db, group.spaceId, group.status, -group.n);
  return deleted.length;
}

/** Which of these stored files are attachments uploaded to this procedure, as stored. */
export async function attachmentsOf(db: Db, procedureId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: files.id, filename: files.filename, size: files.size, mediaType: files.mediaType })
    .from(files)
    .where(and(eq(files.purpose, ATTACHMENT), eq(files.owner, procedureId), inArray(files.id, ids)));
}

/** Deletes the files uploaded to a procedure (a deleted draft keeps none of its answers). */
export async function deleteAttachments(db: Db, procedureId: string): Promise<void> {
  await db.delete(files).where(and(eq(files.purpose, ATTACHMENT), eq(files.owner, procedureId)));
}
