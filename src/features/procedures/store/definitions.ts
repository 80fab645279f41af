import { and, asc, desc, eq, gt, inArray, isNull, max, notExists, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import {
  administrations,
  certificationScopes,
  type Names,
  procedureDefinitions,
} from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db.ts';
import type { Audience } from '../definition/types.ts';

/**
 * All SQL of published procedure definitions. It reads the registries (administrations and
 * certification scopes: their codes and names for the catalogue, their demo mark for the demo's
 * removal), never writes them.
 */

export type DefinitionRow = typeof procedureDefinitions.$inferSelect;

const d = procedureDefinitions;

/** Open at `now`: no closing date, or one still to come. */
const openAt = (table: { closesAt: AnyPgColumn }, now: Date) =>
  or(isNull(table.closesAt), gt(table.closesAt, now));

/** Inserts a version; undefined when that code and version are already published. */
export async function insertDefinition(
  db: Db,
  values: typeof d.$inferInsert,
): Promise<DefinitionRow | undefined> {
  const [row] = await db.insert(d).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findDefinition(
  db: Db,
  code: string,
  version: number,
): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(d)
    .where(and(eq(d.code, code), eq(d.version, version)));
  return row;
}

/** The highest version of a code ever published (closed or not). */
export async function latestVersion(db: Db, code: string): Promise<number | undefined> {
  const [row] = await db
    .select({ version: max(d.version) })
    .from(d)
    .where(eq(d.code, code));
  return row?.version ?? undefined;
}

/** The newest version of a code open at `now`. */
export async function latestOpenDefinition(
  db: Db,
  code: string,
  now: Date,
): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(d)
    .where(and(eq(d.code, code), openAt(d, now)))
    .orderBy(desc(d.version))
    .limit(1);
  return row;
}

/** The operator published the demo's file as their own: it is no longer demo data. */
export async function claimDemoDefinition(db: Db, id: string): Promise<void> {
  await db.update(d).set({ demo: false }).where(eq(d.id, id));
}

/** A version, locked until the end of the transaction (its closing date is about to be decided). */
export async function lockDefinition(
  db: Db,
  code: string,
  version: number,
): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(d)
    .where(and(eq(d.code, code), eq(d.version, version)))
    .for('update');
  return row;
}

export async function setClosingDate(db: Db, id: string, closesAt: Date): Promise<void> {
  await db.update(d).set({ closesAt }).where(eq(d.id, id));
}

/** A page of every published version, in code and version order (the operator's list). */
export async function listDefinitions(
  db: Db,
  after: { code: string; version: number } | undefined,
  limit: number,
) {
  return db
    .select({
      code: d.code,
      version: d.version,
      administration: administrations.code,
      audience: d.audience,
      sha256: d.sha256,
      publishedAt: d.publishedAt,
      closesAt: d.closesAt,
      demo: d.demo,
    })
    .from(d)
    .innerJoin(administrations, eq(administrations.id, d.administrationId))
    .where(after ? sql`(${d.code}, ${d.version}) > (${after.code}, ${after.version})` : undefined)
    .orderBy(asc(d.code), asc(d.version))
    .limit(limit);
}

export type CatalogueFilter = {
  audiences: readonly Audience[];
  /** A `tsquery` of prefix terms (search.ts), or none for the whole catalogue. */
  tsquery?: string | undefined;
  administration?: string | undefined;
  theme?: string | undefined;
  now: Date;
  limit: number;
};

const newer = alias(procedureDefinitions, 'newer');

/** What the catalogue lists: of each code, its newest open version, when it is for one of `audiences`. */
const listed = (db: Db, filter: { audiences: readonly Audience[]; now: Date }): SQL[] => [
  inArray(d.audience, [...filter.audiences]),
  openAt(d, filter.now)!,
  // A newer open version replaces this one, whatever its audience or words.
  notExists(
    db
      .select({ one: sql`1` })
      .from(newer)
      .where(and(eq(newer.code, d.code), gt(newer.version, d.version), openAt(newer, filter.now))),
  ),
];

/**
 * The catalogue: of each code, its newest version open at `now`, when that version is for one
 * of `audiences` and matches the filters; in administration and code order, at most `limit`.
 * Exported unexecuted so that a test can EXPLAIN the very query the catalogue runs.
 */
export function catalogueQuery(db: Db, filter: CatalogueFilter) {
  const conditions: (SQL | undefined)[] = [
    ...listed(db, filter),
    filter.tsquery
      ? sql`to_tsvector('simple', ${d.searchText}) @@ to_tsquery('simple', ${filter.tsquery})`
      : undefined,
    filter.administration ? eq(administrations.code, filter.administration) : undefined,
    filter.theme ? eq(d.theme, filter.theme) : undefined,
  ];
  return db
    .select({
      id: d.id,
      code: d.code,
      version: d.version,
      theme: d.theme,
      definition: d.definition,
      administration: { code: administrations.code, names: administrations.names },
      scope: { id: certificationScopes.id, code: certificationScopes.code, names: certificationScopes.names },
    })
    .from(d)
    .innerJoin(administrations, eq(administrations.id, d.administrationId))
    .leftJoin(certificationScopes, eq(certificationScopes.id, d.scopeId))
    .where(and(...conditions))
    .orderBy(asc(administrations.code), asc(d.code))
    .limit(filter.limit);
}

export type CatalogueRow = {
  id: string;
  code: string;
  version: number;
  theme: string;
  definition: DefinitionRow['definition'];
  administration: { code: string; names: Names };
  scope: { id: string; code: string; names: Names } | null;
};

export async function catalogueRows(db: Db, filter: CatalogueFilter): Promise<CatalogueRow[]> {
  return catalogueQuery(db, filter);
}

/**
 * The administrations and themes the catalogue of `audiences` has procedures in, each pair
 * once: what its filters offer. It reads the open versions for those audiences without asking
 * which is the newest of its code (that anti-join cost ten times more at 5,000 versions): a code
 * whose newest version left an audience or a theme its older open version had may offer a
 * filter that finds nothing, which the page then says.
 */
export async function catalogueFacets(
  db: Db,
  filter: { audiences: readonly Audience[]; now: Date },
): Promise<{ administration: { code: string; names: Names }; theme: string }[]> {
  const pairs = db
    .selectDistinct({ administrationId: d.administrationId, theme: d.theme })
    .from(d)
    .where(and(inArray(d.audience, [...filter.audiences]), openAt(d, filter.now)))
    .as('pairs');
  return db
    .select({
      administration: { code: administrations.code, names: administrations.names },
      theme: pairs.theme,
    })
    .from(pairs)
    .innerJoin(administrations, eq(administrations.id, pairs.administrationId));
}

/** The newest open version of a code with its administration's and scope's codes and names: a procedure's sheet. */
export async function latestOpenSheet(db: Db, code: string, now: Date) {
  const [row] = await db
    .select({
      version: d,
      administration: { code: administrations.code, names: administrations.names },
      scope: { id: certificationScopes.id, code: certificationScopes.code, names: certificationScopes.names },
    })
    .from(d)
    .innerJoin(administrations, eq(administrations.id, d.administrationId))
    .leftJoin(certificationScopes, eq(certificationScopes.id, d.scopeId))
    .where(and(eq(d.code, code), openAt(d, now)))
    .orderBy(desc(d.version))
    .limit(1);
  return row;
}

// Demo data -----------------------------------------------------------------------------------

export async function hasDemoDefinitions(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: d.id }).from(d).where(eq(d.demo, true)).limit(1);
  return row !== undefined;
}

/**
 * Versions the operator published on registry rows the demo loaded: removing the demo would
 * take their administration or scope from under them.
 */
export async function operatorDefinitionsOnDemoRegistries(db: Db) {
  return db
    .select({
      code: d.code,
      version: d.version,
      administration: administrations.code,
      scope: certificationScopes.code,
    })
    .from(d)
    .innerJoin(administrations, eq(administrations.id, d.administrationId))
    .leftJoin(certificationScopes, eq(certificationScopes.id, d.scopeId))
    .where(and(eq(d.demo, false), or(eq(administrations.demo, true), eq(certificationScopes.demo, true))))
    .orderBy(asc(d.code), asc(d.version))
    .limit(20);
}

export async function deleteDemoDefinitions(db: Db): Promise<number> {
  const deleted = await db.delete(d).where(eq(d.demo, true)).returning({ id: d.id });
  return deleted.length;
}

/** A published version by its id, with its administration (a procedure names it by id). */
export async function definitionById(db: Db, id: string) {
  const [row] = await db
    .select({ definition: d, administration: administrations })
    .from(d)
    .innerJoin(administrations, eq(administrations.id, d.administrationId))
    .where(eq(d.id, id));
  return row;
}
