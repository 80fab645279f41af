import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  accessCodes,
  administrations,
  certificationScopes,
  legalEntities,
  mandates,
  spaces,
} from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import { containing } from '../../platform/like-pattern.ts';

/**
 * All SQL of certification: the registries (administrations, scopes, legal entities), access
 * codes and mandates. It reads spaces (names of agents' eSpaces), never writes them.
 */

export type AdministrationRow = typeof administrations.$inferSelect;
export type ScopeRow = typeof certificationScopes.$inferSelect;
export type EntityRow = typeof legalEntities.$inferSelect;
export type AccessCodeRow = typeof accessCodes.$inferSelect;
export type MandateRow = typeof mandates.$inferSelect;
export type ScopeWithAdministration = { scope: ScopeRow; administration: AdministrationRow };

export const rowsOf = <R>(result: unknown) => (result as { rows: R[] }).rows;

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally. */

/** Mandates that give access at `now` (not ended, within their period). */
export const activeAt = (now: Date) =>
  and(isNull(mandates.endedAt), or(isNull(mandates.validUntil), gt(mandates.validUntil, now)));

// Registries ---------------------------------------------------------------------------------

/**
 * A row stays a demo row only while every import of it was the demo's: the operator's import
 * of the same code makes it theirs, and the demo never turns theirs into demo data.
 */
const stillDemo = (column: AnyPgColumn) => sql`${column} and excluded.demo`;

export async function upsertAdministration(db: Db, values: typeof administrations.$inferInsert) {
  const { code, ...rest } = values;
  await db
    .insert(administrations)
    .values(values)
    .onConflictDoUpdate({
      target: administrations.code,
      set: { ...rest, demo: stillDemo(administrations.demo) },
    });
}

export async function upsertScope(db: Db, values: typeof certificationScopes.$inferInsert) {
  const { code, ...rest } = values;
  await db
    .insert(certificationScopes)
    .values(values)
    .onConflictDoUpdate({
      target: certificationScopes.code,
      set: { ...rest, demo: stillDemo(certificationScopes.demo) },
    });
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
        demo: stillDemo(legalEntities.demo),
        updatedAt: sql`now()`,
      },
    });
}

const demoScopeIds = (db: Db) =>
  db
    .select({ id: certificationScopes.id })
    .from(certificationScopes)
    .where(eq(certificationScopes.demo, true));
const demoEntityIds = (db: Db) =>
  db.select({ id: legalEntities.id }).from(legalEntities).where(eq(legalEntities.demo, true));

/** Whether a registry row the demo loaded is left. */
export async function hasDemoRegistryRows(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ found: boolean }>(
    await db.execute(sql`select exists (select 1 from administrations where demo)
      or exists (select 1 from certification_scopes where demo)
      or exists (select 1 from legal_entities where demo) as found`),
  );
  return row?.found === true;
}

/**
 * Deletes the registry rows the demo loaded, with the mandates and access codes on their scopes
 * and companies (whichever eSpace holds them); officers of a deleted administration go with it.
 * An administration the operator has since given a scope of their own stays. Resolves to counts.
 */
export async function deleteDemoRegistries(db: Db): Promise<Record<string, number>> {
  const onDemo = (table: typeof mandates | typeof accessCodes) =>
    or(inArray(table.scopeId, demoScopeIds(db)), inArray(table.entityId, demoEntityIds(db)));
  const deleted = await db.delete(mandates).where(onDemo(mandates)).returning({ id: mandates.id });
  const codes = await db.delete(accessCodes).where(onDemo(accessCodes)).returning({ id: accessCodes.id });
  const scopes = await db
    .delete(certificationScopes)
    .where(eq(certificationScopes.demo, true))
    .returning({ id: certificationScopes.id });
  const entities = await db
    .delete(legalEntities)
    .where(eq(legalEntities.demo, true))
    .returning({ id: legalEntities.id });
  const authorities = await db
    .delete(administrations)
    .where(
      and(
        eq(administrations.demo, true),
        sql`not exists (select 1 from ${certificationScopes} where ${certificationScopes.administrationId} = ${administrations.id})`,
      ),
    )
    .returning({ id: administrations.id });
  return {
    mandates: deleted.length,
    'access codes': codes.length,
    scopes: scopes.length,
    entities: entities.length,
    administrations: authorities.length,
  };
}

/** Mandates keep sorting under their company's current name (after an import renamed some). */
export async function refreshMandateSortNames(db: Db): Promise<void> {
  await db.execute(sql`
    update mandates m set sort_name = lower(e.name)
      from legal_entities e
     where e.id = m.entity_id and m.sort_name <> lower(e.name)`);
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

/**
 * Locks a company's row until the end of the transaction: confirmations of holder codes on one
 * company queue here. NO KEY UPDATE: mandates and codes referring to it can still be written.
 */
export async function lockEntity(db: Db, id: string): Promise<void> {
  await db
    .select({ id: legalEntities.id })
    .from(legalEntities)
    .where(eq(legalEntities.id, id))
    .for('no key update');
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
