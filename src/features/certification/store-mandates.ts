import { and, asc, count, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { accessCodes, legalEntities, mandates, spaces } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import type { Cursor, PageAt } from '../../platform/keyset.ts';
import { containing } from '../../platform/like-pattern.ts';
import { isUuid } from '../../platform/uuid.ts';
import { activeAt, listScopes, type MandateRow, rowsOf, type ScopeWithAdministration } from './store.ts';

/**
 * The SQL of mandates: the accesses of eSpaces to entities' data, and the lists of them (the
 * registries and codes are in store.ts).
 */

export async function insertMandate(
  db: Db,
  values: Omit<typeof mandates.$inferInsert, 'sortName'>,
): Promise<MandateRow> {
  const sortName = sql`(select lower(${legalEntities.name}) from ${legalEntities} where ${legalEntities.id} = ${values.entityId})`;
  const [row] = await db
    .insert(mandates)
    .values({ ...values, sortName })
    .returning();
  return row!;
}

/**
 * The mandate not ended yet (active, or past its period) for a scope: an eSpace's main mandate,
 * an eSpace's mandate on a company, or a company's main mandate in whichever eSpace holds it.
 */
export async function findOpenMandate(
  db: Db,
  where:
    | { spaceId: string; scopeId: string; kind: 'holder' }
    | { spaceId: string; scopeId: string; entityId: string }
    | { entityId: string; scopeId: string; kind: 'holder' },
): Promise<MandateRow | undefined> {
  const [row] = await db
    .select()
    .from(mandates)
    .where(
      and(
        eq(mandates.scopeId, where.scopeId),
        'spaceId' in where ? eq(mandates.spaceId, where.spaceId) : undefined,
        'entityId' in where ? eq(mandates.entityId, where.entityId) : undefined,
        'kind' in where ? eq(mandates.kind, where.kind) : undefined,
        isNull(mandates.endedAt),
      ),
    );
  return row;
}

/** Which of these companies have a main mandate active at `now` for a scope, in any eSpace. */
export async function companiesHeld(
  db: Db,
  where: { scopeId: string; entityIds: string[]; now: Date },
): Promise<Set<string>> {
  if (where.entityIds.length === 0) return new Set();
  const rows = await db
    .select({ entityId: mandates.entityId })
    .from(mandates)
    .where(
      and(
        inArray(mandates.entityId, where.entityIds),
        eq(mandates.scopeId, where.scopeId),
        eq(mandates.kind, 'holder'),
        activeAt(where.now),
      ),
    );
  return new Set(rows.map((r) => r.entityId));
}

export async function findMandate(db: Db, id: string): Promise<MandateRow | undefined> {
  const [row] = await db.select().from(mandates).where(eq(mandates.id, id));
  return row;
}

/** Ends a mandate not ended yet; returns it, or undefined when someone ended it first. */
export async function endMandate(
  db: Db,
  id: string,
  values: { reason: NonNullable<MandateRow['endReason']>; by: string | null; now: Date },
): Promise<MandateRow | undefined> {
  const [row] = await db
    .update(mandates)
    .set({ endedAt: values.now, endReason: values.reason, endedBy: values.by })
    .where(and(eq(mandates.id, id), isNull(mandates.endedAt)))
    .returning();
  return row;
}

/** Ends the mandate a code gave, if any (an officer revoked a used code). */
export async function endMandateOfCode(
  db: Db,
  accessCodeId: string,
  now: Date,
): Promise<MandateRow | undefined> {
  const [row] = await db
    .update(mandates)
    .set({ endedAt: now, endReason: 'revoked_by_administration' })
    .where(and(eq(mandates.accessCodeId, accessCodeId), isNull(mandates.endedAt)))
    .returning();
  return row;
}

/**
 * Revokes the agent codes a holder eSpace generated on its company for a scope, and ends the
 * mandates obtained with them, for `reason`: when its main mandate ends, whoever the eSpace let
 * in goes with it. Returns the mandates ended.
 */
export async function endAccessGivenBy(
  db: Db,
  where: { spaceId: string; scopeId: string; entityId: string; now: Date },
  reason: 'revoked_by_administration' | 'revoked_by_holder',
): Promise<MandateRow[]> {
  const given = await db
    .update(accessCodes)
    .set({ status: 'revoked', revokedAt: where.now })
    .where(
      and(
        eq(accessCodes.issuedBySpaceId, where.spaceId),
        eq(accessCodes.scopeId, where.scopeId),
        eq(accessCodes.entityId, where.entityId),
        inArray(accessCodes.status, ['issued', 'used']),
      ),
    )
    .returning({ id: accessCodes.id });
  if (given.length === 0) return [];
  return db
    .update(mandates)
    .set({ endedAt: where.now, endReason: reason })
    .where(
      and(
        inArray(
          mandates.accessCodeId,
          given.map((c) => c.id),
        ),
        isNull(mandates.endedAt),
      ),
    )
    .returning();
}

export type MandateLine = {
  id: string;
  /** The company's name in lower case: with the id, where the next or previous page starts. */
  sortName?: string;
  kind: 'holder' | 'agent';
  scopeId: string;
  entityId: string;
  entityName: string;
  scheme: string;
  value: string;
  createdAt: Date;
  validUntil: Date | null;
};

const mandateLine = {
  id: mandates.id,
  kind: mandates.kind,
  scopeId: mandates.scopeId,
  entityId: mandates.entityId,
  entityName: legalEntities.name,
  scheme: legalEntities.scheme,
  value: legalEntities.value,
  createdAt: mandates.createdAt,
  validUntil: mandates.validUntil,
};

/** Where the page after or before a mandate's line starts (platform/keyset.ts). */
export const mandateCursor = (line: MandateLine): Cursor => ({ key: line.sortName ?? '', id: line.id });

/**
 * One page of an eSpace's active mandates of a kind for a scope, by company name, from the index
 * on (space_id, scope_id, kind, sort_name, id); `search` matches the name or the identifier.
 */
export async function listMandates(
  db: Db,
  where: {
    spaceId: string;
    scopeId: string;
    kind: 'holder' | 'agent';
    now: Date;
    search?: string | undefined;
  },
  page: PageAt & { limit: number /** false: the lines are all there is (a main mandate). */; count?: false },
): Promise<{ lines: MandateLine[]; total: number }> {
  const search = where.search?.trim().toLowerCase();
  // A page reached by its cursor starts on the index at that line (platform/keyset.ts).
  const cursor = page.after ?? page.before;
  const direction = page.before ? desc : asc;
  const condition = and(
    eq(mandates.spaceId, where.spaceId),
    eq(mandates.scopeId, where.scopeId),
    eq(mandates.kind, where.kind),
    activeAt(where.now),
    search
      ? or(
          sql`${mandates.sortName} like ${containing(search)}`,
          sql`lower(${legalEntities.value}) like ${containing(search.replace(/\s/g, ''))}`,
        )
      : undefined,
  );
  // Agent mandates without a search are counted by the database; a search, or the main mandate
  // (one at most), is counted here.
  const counted =
    page.count === false
      ? Promise.resolve(undefined)
      : where.kind === 'agent' && !search
        ? db
            .execute(
              sql`select ${agentMandates('space', sql`${where.spaceId}::uuid`, sql`${where.scopeId}::uuid`, where.now)} as n`,
            )
            .then((result) => Number(rowsOf<{ n: unknown }>(result)[0]?.n ?? 0))
        : db
            .select({ n: count() })
            .from(mandates)
            .innerJoin(legalEntities, eq(legalEntities.id, mandates.entityId))
            .where(condition)
            .then(([row]) => row?.n ?? 0);
  const [rows, total] = await Promise.all([
    db
      .select({ ...mandateLine, sortName: mandates.sortName })
      .from(mandates)
      .innerJoin(legalEntities, eq(legalEntities.id, mandates.entityId))
      .where(
        and(
          condition,
          cursor
            ? sql`(${mandates.sortName}, ${mandates.id}) ${page.after ? sql`>` : sql`<`} (${cursor.key}, ${cursor.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(direction(mandates.sortName), direction(mandates.id))
      .limit(page.limit)
      .offset(page.offset),
    counted,
  ]);
  if (page.before) rows.reverse();
  return { lines: rows, total: total ?? rows.length };
}

/** The active mandate of an eSpace for a scope and an entity: what opens its certified data. */
export async function findActiveMandate(
  db: Db,
  where: { spaceId: string; scopeId: string; entityId: string; now: Date },
): Promise<MandateLine | undefined> {
  const [row] = await db
    .select(mandateLine)
    .from(mandates)
    .innerJoin(legalEntities, eq(legalEntities.id, mandates.entityId))
    .where(
      and(
        eq(mandates.spaceId, where.spaceId),
        eq(mandates.scopeId, where.scopeId),
        eq(mandates.entityId, where.entityId),
        activeAt(where.now),
      ),
    );
  return row;
}

export type ScopeOverview = ScopeWithAdministration & {
  /** The main mandate not ended yet (it may be past its period: `validUntil`). */
  holder: MandateLine | undefined;
  /** Active mandates obtained (agent codes). */
  obtained: number;
  /** Active agents of the holder's company, when there is an active main mandate. */
  agents: number;
};

/**
 * How many agent mandates are active at `now` for a scope, held by an eSpace (`space`) or opening
 * a company (`entity`): the counts the database keeps (schema/counts.ts), one row per period,
 * whatever the number of mandates.
 */
const agentMandates = (owner: 'space' | 'entity', ownerId: SQL, scopeId: SQL, now: Date) =>
  sql`(select coalesce(sum(c.mandates), 0) from agent_mandate_counts c
        where c.owner = ${owner} and c.owner_id = ${ownerId} and c.scope_id = ${scopeId}
          and c.valid_until > ${now})`;

/**
 * Every scope with what an eSpace has in it: its main mandate, how many mandates it obtained and
 * how many agents its company has (counts kept by the database: the size of the lists costs nothing).
 */
export async function scopesOverview(db: Db, spaceId: string, now: Date): Promise<ScopeOverview[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select s.id as scope_id,
             h.id as holder_id, h.entity_id, e.name as entity_name, e.scheme, e.value,
             h.created_at, h.valid_until,
             ${agentMandates('space', sql`${spaceId}::uuid`, sql`s.id`, now)} as obtained,
             case when h.id is not null and (h.valid_until is null or h.valid_until > ${now})
                  then ${agentMandates('entity', sql`h.entity_id`, sql`s.id`, now)} else 0 end as agents
        from certification_scopes s
        left join mandates h on h.space_id = ${spaceId} and h.scope_id = s.id and h.kind = 'holder'
                            and h.ended_at is null
        left join legal_entities e on e.id = h.entity_id`),
  );
  const byScope = new Map(rows.map((r) => [String(r.scope_id), r]));
  return (await listScopes(db)).map((entry) => {
    const r = byScope.get(entry.scope.id)!;
    return {
      ...entry,
      holder: r.holder_id
        ? {
            id: String(r.holder_id),
            kind: 'holder',
            scopeId: entry.scope.id,
            entityId: String(r.entity_id),
            entityName: String(r.entity_name),
            scheme: String(r.scheme),
            value: String(r.value),
            createdAt: new Date(r.created_at as string),
            validUntil: r.valid_until ? new Date(r.valid_until as string) : null,
          }
        : undefined,
      obtained: Number(r.obtained),
      agents: Number(r.agents),
    };
  });
}

/** The first mandates obtained of each scope, by company name: the Certifications tab's preview. */
export async function firstMandatesObtained(
  db: Db,
  spaceId: string,
  now: Date,
  perScope: number,
): Promise<MandateLine[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select m.*, e.name as entity_name, e.scheme, e.value
        from certification_scopes s
        cross join lateral (
          select m.id, m.scope_id, m.entity_id, m.created_at, m.valid_until
            from mandates m
           where m.space_id = ${spaceId} and m.scope_id = s.id and m.kind = 'agent' and m.ended_at is null
             and (m.valid_until is null or m.valid_until > ${now})
           order by m.sort_name, m.id
           limit ${perScope}) m
        join legal_entities e on e.id = m.entity_id`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    kind: 'agent',
    scopeId: String(r.scope_id),
    entityId: String(r.entity_id),
    entityName: String(r.entity_name),
    scheme: String(r.scheme),
    value: String(r.value),
    createdAt: new Date(r.created_at as string),
    validUntil: r.valid_until ? new Date(r.valid_until as string) : null,
  }));
}

/** Which scopes an eSpace has an active mandate in (My business data's marks). */
export async function scopesWithAccess(db: Db, spaceId: string, now: Date): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select s.id from certification_scopes s
       where exists (select 1 from mandates m
                      where m.space_id = ${spaceId} and m.scope_id = s.id and m.ended_at is null
                        and (m.valid_until is null or m.valid_until > ${now}))`),
  );
  return new Set(rows.map((r) => String(r.id)));
}

export type AgentLine = {
  mandateId: string;
  spaceName: string;
  spaceIdentifier: string;
  since: Date;
  validUntil: Date | null;
};

const agentOf = (where: { entityId: string; scopeId: string; now: Date }) =>
  and(
    eq(mandates.entityId, where.entityId),
    eq(mandates.scopeId, where.scopeId),
    eq(mandates.kind, 'agent'),
    activeAt(where.now),
  );

/** Agent mandates with their eSpace's name, under a condition. */
const agentLines = (db: Db, condition: SQL | undefined) =>
  db
    .select({
      mandateId: mandates.id,
      spaceName: spaces.name,
      spaceIdentifier: spaces.identifier,
      since: mandates.createdAt,
      validUntil: mandates.validUntil,
    })
    .from(mandates)
    .innerJoin(spaces, eq(spaces.id, mandates.spaceId))
    .where(condition);

/** The eSpaces holding an active agent mandate on an entity for a scope, newest first. */
export async function listAgents(
  db: Db,
  where: { entityId: string; scopeId: string; now: Date },
  page: { limit: number; offset: number },
): Promise<{ lines: AgentLine[]; total: number }> {
  const condition = agentOf(where);
  const [lines, total] = await Promise.all([
    agentLines(db, condition)
      .orderBy(desc(mandates.createdAt), desc(mandates.id))
      .limit(page.limit)
      .offset(page.offset),
    db.execute(
      sql`select ${agentMandates('entity', sql`${where.entityId}::uuid`, sql`${where.scopeId}::uuid`, where.now)} as n`,
    ),
  ]);
  return { lines, total: Number(rowsOf<{ n: unknown }>(total)[0]?.n ?? 0) };
}

/** One active agent mandate on an entity for a scope, with the agent eSpace's name. */
export async function findAgent(
  db: Db,
  where: { mandateId: string; entityId: string; scopeId: string; now: Date },
): Promise<AgentLine | undefined> {
  if (!isUuid(where.mandateId)) return undefined;
  const [line] = await agentLines(db, and(eq(mandates.id, where.mandateId), agentOf(where))).limit(1);
  return line;
}
