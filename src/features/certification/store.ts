import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import {
  accessCodes,
  administrations,
  certificationScopes,
  legalEntities,
  mandates,
  officers,
  spaces,
} from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';

/**
 * All SQL of certification: the registries (administrations, scopes, legal entities), access
 * codes, mandates and officers. It reads spaces (names of agents' eSpaces), never writes them.
 */

export type AdministrationRow = typeof administrations.$inferSelect;
export type ScopeRow = typeof certificationScopes.$inferSelect;
export type EntityRow = typeof legalEntities.$inferSelect;
export type AccessCodeRow = typeof accessCodes.$inferSelect;
export type MandateRow = typeof mandates.$inferSelect;
export type ScopeWithAdministration = { scope: ScopeRow; administration: AdministrationRow };

const rowsOf = <R>(result: unknown) => (result as { rows: R[] }).rows;

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Mandates that give access at `now` (not ended, within their period). */
const activeAt = (now: Date) =>
  and(isNull(mandates.endedAt), or(isNull(mandates.validUntil), gt(mandates.validUntil, now)));

// Registries ---------------------------------------------------------------------------------

export async function upsertAdministration(db: Db, values: typeof administrations.$inferInsert) {
  const { code, ...rest } = values;
  await db
    .insert(administrations)
    .values(values)
    .onConflictDoUpdate({ target: administrations.code, set: rest });
}

export async function upsertScope(db: Db, values: typeof certificationScopes.$inferInsert) {
  const { code, ...rest } = values;
  await db
    .insert(certificationScopes)
    .values(values)
    .onConflictDoUpdate({ target: certificationScopes.code, set: rest });
}

/**
 * Inserts or updates entities by identifier, in one statement per call; mandates then sort under
 * the companies' new names.
 */
export async function upsertEntities(db: Db, values: (typeof legalEntities.$inferInsert)[]): Promise<void> {
  if (values.length === 0) return;
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await db
    .insert(legalEntities)
    .values(values)
    .onConflictDoUpdate({
      target: [legalEntities.scheme, legalEntities.value],
      set: {
        name: excluded('name'),
        address: excluded('address'),
        lang: excluded('lang'),
        attributes: excluded('attributes'),
        updatedAt: sql`now()`,
      },
    });
}

/** Mandates keep sorting under their company's current name (after an import renamed some). */
export async function refreshMandateSortNames(db: Db): Promise<void> {
  await db.execute(sql`
    update mandates m set sort_name = lower(e.name)
      from legal_entities e
     where e.id = m.entity_id and m.sort_name <> lower(e.name)`);
}

export async function findAdministration(db: Db, code: string): Promise<AdministrationRow | undefined> {
  const [row] = await db.select().from(administrations).where(eq(administrations.code, code));
  return row;
}

export async function listScopes(db: Db, administrationId?: string): Promise<ScopeWithAdministration[]> {
  return db
    .select({ scope: certificationScopes, administration: administrations })
    .from(certificationScopes)
    .innerJoin(administrations, eq(administrations.id, certificationScopes.administrationId))
    .where(administrationId ? eq(administrations.id, administrationId) : undefined)
    .orderBy(asc(administrations.code), asc(certificationScopes.code));
}

export async function findScope(
  db: Db,
  where: { code: string } | { id: string },
): Promise<ScopeWithAdministration | undefined> {
  const [row] = await db
    .select({ scope: certificationScopes, administration: administrations })
    .from(certificationScopes)
    .innerJoin(administrations, eq(administrations.id, certificationScopes.administrationId))
    .where('code' in where ? eq(certificationScopes.code, where.code) : eq(certificationScopes.id, where.id));
  return row;
}

export async function findEntity(db: Db, where: { id: string } | { scheme: string; value: string }) {
  const [row] = await db
    .select()
    .from(legalEntities)
    .where(
      'id' in where
        ? eq(legalEntities.id, where.id)
        : and(eq(legalEntities.scheme, where.scheme), eq(legalEntities.value, where.value)),
    );
  return row as EntityRow | undefined;
}

// Access codes -------------------------------------------------------------------------------

/** Inserts a code; undefined when its reference is taken (the caller draws another). */
export async function insertAccessCode(
  db: Db,
  values: typeof accessCodes.$inferInsert,
): Promise<AccessCodeRow | undefined> {
  const [row] = await db.insert(accessCodes).values(values).onConflictDoNothing().returning();
  return row;
}

/**
 * Marks a code used, if it is an issued, unexpired code of this scope and kind. One UPDATE:
 * of two eSpaces sending the same code at once, PostgreSQL lets exactly one change the row.
 */
export async function claimAccessCode(
  db: Db,
  input: { codeHash: string; scopeId: string; kind: 'holder' | 'agent'; spaceId: string; now: Date },
): Promise<AccessCodeRow | undefined> {
  const [row] = await db
    .update(accessCodes)
    .set({ status: 'used', usedAt: input.now, usedBySpaceId: input.spaceId })
    .where(
      and(
        eq(accessCodes.codeHash, input.codeHash),
        eq(accessCodes.scopeId, input.scopeId),
        eq(accessCodes.kind, input.kind),
        eq(accessCodes.status, 'issued'),
        or(isNull(accessCodes.expiresAt), gt(accessCodes.expiresAt, input.now)),
      ),
    )
    .returning();
  return row;
}

export async function findAccessCode(db: Db, where: { id: string } | { codeHash: string }) {
  const [row] = await db
    .select()
    .from(accessCodes)
    .where('id' in where ? eq(accessCodes.id, where.id) : eq(accessCodes.codeHash, where.codeHash));
  return row as AccessCodeRow | undefined;
}

export type CodeLine = AccessCodeRow & {
  scopeCode: string;
  entityName: string;
  entityScheme: string;
  entityValue: string;
  usedBySpace: string | null;
};

/** An administration's codes, newest first, filtered by state, scope, or entity/reference search. */
export async function listAccessCodes(
  db: Db,
  administrationId: string,
  filter: {
    state?: 'issued' | 'used' | 'revoked' | 'expired' | undefined;
    scopeId?: string | undefined;
    search?: string | undefined;
    now: Date;
  },
  page: { limit: number; offset: number },
): Promise<{ lines: CodeLine[]; total: number }> {
  const conditions: (SQL | undefined)[] = [eq(certificationScopes.administrationId, administrationId)];
  if (filter.scopeId) conditions.push(eq(accessCodes.scopeId, filter.scopeId));
  const expired = and(eq(accessCodes.status, 'issued'), lte(accessCodes.expiresAt, filter.now));
  if (filter.state === 'expired') conditions.push(expired);
  else if (filter.state === 'issued')
    conditions.push(
      and(
        eq(accessCodes.status, 'issued'),
        or(isNull(accessCodes.expiresAt), gt(accessCodes.expiresAt, filter.now)),
      ),
    );
  else if (filter.state) conditions.push(eq(accessCodes.status, filter.state));
  const search = filter.search?.trim();
  if (search) {
    const like = containing(search.toLowerCase());
    conditions.push(
      or(
        sql`lower(${legalEntities.name}) like ${like}`,
        sql`lower(${legalEntities.value}) like ${like}`,
        sql`lower(${accessCodes.reference}) like ${like}`,
      ),
    );
  }
  const where = and(...conditions);
  const base = () =>
    db
      .select({
        code: accessCodes,
        scopeCode: certificationScopes.code,
        entityName: legalEntities.name,
        entityScheme: legalEntities.scheme,
        entityValue: legalEntities.value,
        usedBySpace: spaces.identifier,
      })
      .from(accessCodes)
      .innerJoin(certificationScopes, eq(certificationScopes.id, accessCodes.scopeId))
      .innerJoin(legalEntities, eq(legalEntities.id, accessCodes.entityId))
      .leftJoin(spaces, eq(spaces.id, accessCodes.usedBySpaceId));
  const [rows, [total]] = await Promise.all([
    base()
      .where(where)
      .orderBy(desc(accessCodes.issuedAt), desc(accessCodes.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: count() })
      .from(accessCodes)
      .innerJoin(certificationScopes, eq(certificationScopes.id, accessCodes.scopeId))
      .innerJoin(legalEntities, eq(legalEntities.id, accessCodes.entityId))
      .where(where),
  ]);
  return {
    lines: rows.map((r) => ({
      ...r.code,
      scopeCode: r.scopeCode,
      entityName: r.entityName,
      entityScheme: r.entityScheme,
      entityValue: r.entityValue,
      usedBySpace: r.usedBySpace,
    })),
    total: total?.n ?? 0,
  };
}

/** Revokes an issued code; returns it, or undefined when it was no longer issued. */
export async function revokeAccessCode(db: Db, id: string, now: Date): Promise<AccessCodeRow | undefined> {
  const [row] = await db
    .update(accessCodes)
    .set({ status: 'revoked', revokedAt: now })
    .where(and(eq(accessCodes.id, id), inArray(accessCodes.status, ['issued', 'used'])))
    .returning();
  return row;
}

// Mandates -----------------------------------------------------------------------------------

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

/** The mandate of this eSpace not ended yet (active, or past its period) for a scope and kind. */
export async function findOpenMandate(
  db: Db,
  where:
    | { spaceId: string; scopeId: string; kind: 'holder' }
    | { spaceId: string; scopeId: string; entityId: string },
): Promise<MandateRow | undefined> {
  const [row] = await db
    .select()
    .from(mandates)
    .where(
      and(
        eq(mandates.spaceId, where.spaceId),
        eq(mandates.scopeId, where.scopeId),
        'kind' in where ? eq(mandates.kind, where.kind) : eq(mandates.entityId, where.entityId),
        isNull(mandates.endedAt),
      ),
    );
  return row;
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

export type MandateLine = {
  id: string;
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
  page: { limit: number; offset: number },
): Promise<{ lines: MandateLine[]; total: number }> {
  const search = where.search?.trim().toLowerCase();
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
  const [lines, [total]] = await Promise.all([
    db
      .select(mandateLine)
      .from(mandates)
      .innerJoin(legalEntities, eq(legalEntities.id, mandates.entityId))
      .where(condition)
      .orderBy(asc(mandates.sortName), asc(mandates.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: count() })
      .from(mandates)
      .innerJoin(legalEntities, eq(legalEntities.id, mandates.entityId))
      .where(condition),
  ]);
  return { lines, total: total?.n ?? 0 };
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
 * Every scope with what an eSpace has in it: its main mandate, how many mandates it obtained and
 * how many agents its company has. Counts run on the indexes: a thousand mandates cost little.
 */
export async function scopesOverview(db: Db, spaceId: string, now: Date): Promise<ScopeOverview[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select s.id as scope_id,
             h.id as holder_id, h.entity_id, e.name as entity_name, e.scheme, e.value,
             h.created_at, h.valid_until,
             (select count(*) from mandates m
               where m.space_id = ${spaceId} and m.scope_id = s.id and m.kind = 'agent'
                 and m.ended_at is null and (m.valid_until is null or m.valid_until > ${now})) as obtained,
             (select count(*) from mandates g
               where h.id is not null and (h.valid_until is null or h.valid_until > ${now})
                 and g.entity_id = h.entity_id and g.scope_id = s.id and g.kind = 'agent'
                 and g.ended_at is null and (g.valid_until is null or g.valid_until > ${now})) as agents
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

async function listAgentsWhere(
  db: Db,
  condition: SQL | undefined,
  page: { limit: number; offset: number },
): Promise<{ lines: AgentLine[]; total: number }> {
  const [lines, [total]] = await Promise.all([
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
      .where(condition)
      .orderBy(desc(mandates.createdAt), desc(mandates.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(mandates).where(condition),
  ]);
  return { lines, total: total?.n ?? 0 };
}

/** The eSpaces holding an active agent mandate on an entity for a scope, newest first. */
export async function listAgents(
  db: Db,
  where: { entityId: string; scopeId: string; now: Date },
  page: { limit: number; offset: number },
): Promise<{ lines: AgentLine[]; total: number }> {
  return listAgentsWhere(db, agentOf(where), page);
}

/** One active agent mandate on an entity for a scope, with the agent eSpace's name. */
export async function findAgent(
  db: Db,
  where: { mandateId: string; entityId: string; scopeId: string; now: Date },
): Promise<AgentLine | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(where.mandateId)) return undefined;
  const { lines } = await listAgentsWhere(db, and(eq(mandates.id, where.mandateId), agentOf(where)), {
    limit: 1,
    offset: 0,
  });
  return lines[0];
}

// Officers -----------------------------------------------------------------------------------

export async function insertOfficer(db: Db, personId: string, administrationId: string): Promise<boolean> {
  const rows = await db
    .insert(officers)
    .values({ personId, administrationId })
    .onConflictDoNothing()
    .returning({ personId: officers.personId });
  return rows.length > 0;
}

/** The administrations a person works for in the back office. */
export async function administrationsOfOfficer(db: Db, personId: string): Promise<AdministrationRow[]> {
  const rows = await db
    .select({ administration: administrations })
    .from(officers)
    .innerJoin(administrations, eq(administrations.id, officers.administrationId))
    .where(eq(officers.personId, personId))
    .orderBy(asc(administrations.code));
  return rows.map((r) => r.administration);
}
