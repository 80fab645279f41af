import { z } from 'zod';
import { type CsvRow, readCsv } from '../../../platform/csv.ts';
import type { Db } from '../../../platform/db.ts';
import { inTransaction } from '../../../platform/db.ts';
import { endOfDayInLuxembourg, isCalendarDay } from '../../../platform/i18n/dates.ts';
import { languages } from '../../../platform/i18n/index.ts';
import { administrationByCode } from '../../authorities/service.ts';
import { categories, identifierSchemes } from '../rules.ts';
import {
  findScope,
  refreshMandateSortNames,
  upsertAdministration,
  upsertEntities,
  upsertScope,
} from '../store.ts';

/**
 * The registries, loaded from CSV files by the operator (`comptoir import …`) and by the demo:
 * every row is checked first, the problems are reported with their line, and only a file
 * without any problem is written, in one transaction: nothing is ever half-imported.
 */

export const registries = ['administrations', 'scopes', 'entities'] as const;
export type Registry = (typeof registries)[number];

export type ImportProblem = { line: number; message: string };
export type ImportResult = { ok: true; imported: number } | { ok: false; problems: ImportProblem[] };

const text = (max: number) =>
  z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
/** "line one | line two" in a single cell. */
const lines = z
  .string()
  .trim()
  .transform((v) =>
    v
      .split('|')
      .map((l) => l.trim())
      .filter(Boolean),
  );

const administrationRow = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be 2 to 10 capital letters or digits'),
  name_fr: text(200),
  name_en: text(200),
  name_de: text(200),
  address: lines,
  contact: lines,
});

const scopeRow = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be capital letters, digits and _'),
  administration: z.string().trim(),
  category: z.enum(categories, { message: `must be one of ${categories.join(', ')}` }),
  name_fr: text(200),
  name_en: text(200),
  name_de: text(200),
  source_fr: text(200),
  source_en: text(200),
  source_de: text(200),
  valid_until: z
    .string()
    .trim()
    .refine((v) => v === '' || isCalendarDay(v), 'must be a date like 2029-12-31, or empty')
    .transform((v) => (v ? endOfDayInLuxembourg(v) : null)),
});

const ENTITY_COLUMNS = ['scheme', 'value', 'name', 'street', 'postcode', 'city', 'country', 'lang'];
const entityRow = z.object({
  scheme: z.enum(identifierSchemes, { message: `must be one of ${identifierSchemes.join(', ')}` }),
  value: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .pipe(
      z.string().regex(/^[A-Z0-9.\-/]{1,40}$/, 'must be 1 to 40 letters, digits, dots, dashes or slashes'),
    ),
  name: text(200),
  street: text(200),
  postcode: text(20),
  city: text(100),
  country: text(100),
  lang: z.enum(languages, { message: 'must be fr, en or de' }),
});

function missingColumns(rows: CsvRow[], required: string[]): ImportProblem | undefined {
  const present = new Set(Object.keys(rows[0]?.record ?? {}));
  const missing = required.filter((c) => !present.has(c));
  return missing.length > 0 ? { line: 1, message: `missing column(s): ${missing.join(', ')}` } : undefined;
}

/** Checks every row with `schema`; the problems, each with its line and field. */
function check<S extends z.ZodType>(rows: CsvRow[], schema: S) {
  const problems: ImportProblem[] = [];
  const valid: { line: number; value: z.infer<S>; record: Record<string, string> }[] = [];
  for (const { line, record } of rows) {
    const result = schema.safeParse(record);
    if (result.success) valid.push({ line, value: result.data, record });
    else
      for (const issue of result.error.issues)
        problems.push({ line, message: `${String(issue.path[0] ?? 'row')} ${issue.message}` });
  }
  return { problems, valid };
}

function duplicates(rows: { line: number; key: string }[]): ImportProblem[] {
  const seen = new Map<string, number>();
  return rows.flatMap(({ line, key }) => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    return first === undefined ? [] : [{ line, message: `${key} already appears on line ${first}` }];
  });
}

const ENTITY_BATCH = 500;

/**
 * Imports one registry from CSV text (see docs/certification.md for the columns); `demo` marks
 * the rows as the demo's, which `comptoir demo remove` deletes.
 */
export async function importRegistry(
  db: Db,
  registry: Registry,
  csv: string,
  { demo = false }: { demo?: boolean } = {},
): Promise<ImportResult> {
  const rows = readCsv(csv);
  if (!Array.isArray(rows)) return { ok: false, problems: [rows] };
  if (rows.length === 0) return { ok: false, problems: [{ line: 1, message: 'the file has no rows' }] };
  const schema = { administrations: administrationRow, scopes: scopeRow, entities: entityRow }[registry];
  const required = registry === 'entities' ? ENTITY_COLUMNS : Object.keys(schema.shape);
  const missing = missingColumns(rows, required);
  if (missing) return { ok: false, problems: [missing] };

  if (registry === 'administrations') {
    const { problems, valid } = check(rows, administrationRow);
    problems.push(...duplicates(valid.map((r) => ({ line: r.line, key: r.value.code }))));
    if (problems.length > 0) return { ok: false, problems };
    await inTransaction(db, async (tx) => {
      for (const { value } of valid) {
        await upsertAdministration(tx, {
          code: value.code,
          names: { fr: value.name_fr, en: value.name_en, de: value.name_de },
          addressLines: value.address,
          contactLines: value.contact,
          demo,
        });
      }
    });
    return { ok: true, imported: valid.length };
  }

  if (registry === 'scopes') {
    const { problems, valid } = check(rows, scopeRow);
    problems.push(...duplicates(valid.map((r) => ({ line: r.line, key: r.value.code }))));
    const administrationIds = new Map<string, string>();
    for (const { line, value } of valid) {
      if (administrationIds.has(value.administration)) continue;
      const administration = await administrationByCode({ db }, value.administration);
      if (administration) administrationIds.set(value.administration, administration.id);
      else problems.push({ line, message: `administration ${value.administration} is unknown` });
    }
    if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
    await inTransaction(db, async (tx) => {
      for (const { value } of valid) {
        await upsertScope(tx, {
          code: value.code,
          administrationId: administrationIds.get(value.administration)!,
          category: value.category,
          names: { fr: value.name_fr, en: value.name_en, de: value.name_de },
          sourceNames: { fr: value.source_fr, en: value.source_en, de: value.source_de },
          validUntil: value.valid_until,
          demo,
        });
      }
    });
    return { ok: true, imported: valid.length };
  }

  const { problems, valid } = check(rows, entityRow);
  problems.push(
    ...duplicates(valid.map((r) => ({ line: r.line, key: `${r.value.scheme}:${r.value.value}` }))),
  );
  if (problems.length > 0) return { ok: false, problems };
  // Every other column is a certified attribute (employees, sector, structures…).
  const entities = valid.map(({ value, record }) => {
    const attributes = Object.fromEntries(
      Object.entries(record).filter(([key, v]) => !ENTITY_COLUMNS.includes(key) && v.trim() !== ''),
    );
    return {
      scheme: value.scheme,
      value: value.value,
      name: value.name,
      address: { street: value.street, postcode: value.postcode, city: value.city, country: value.country },
      lang: value.lang,
      attributes,
      demo,
    };
  });
  await inTransaction(db, async (tx) => {
    for (let i = 0; i < entities.length; i += ENTITY_BATCH) {
      await upsertEntities(tx, entities.slice(i, i + ENTITY_BATCH));
    }
    await refreshMandateSortNames(tx);
  });
  return { ok: true, imported: entities.length };
}

/** An administration or a certification scope as another feature refers to it. */
export type RegistryRef = { id: string; code: string };

/**
 * The administration and the certification scope with these codes, when they exist: what a
 * procedure definition names is checked against the registries when it is published.
 */
export async function registryRefs(
  db: Db,
  codes: { administration: string; scope?: string | undefined },
): Promise<{ administration?: RegistryRef; scope?: RegistryRef }> {
  const administration = await administrationByCode({ db }, codes.administration);
  const scope = codes.scope === undefined ? undefined : (await findScope(db, { code: codes.scope }))?.scope;
  return {
    ...(administration && { administration: { id: administration.id, code: administration.code } }),
    ...(scope && { scope: { id: scope.id, code: scope.code } }),
  };
}
