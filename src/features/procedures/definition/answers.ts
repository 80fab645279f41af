import type { ErrorObject, ValidateFunction } from 'ajv';
import { answersAjv } from './ajv.ts';
import { evaluate, type Visibility } from './conditions.ts';
import { type Location, locate } from './fields.ts';
import { conditionsError, type FieldError, fieldError, hasSoundLimit } from './messages.ts';
import { type Answers, companyIdSchemes, type Definition, type Field, type ItemField } from './types.ts';

/**
 * One validator for the whole form (DESIGN.md "One validator"): the answers' JSON Schema is
 * derived from the fields, combined with the file's own `answersSchema`, compiled once per
 * published version, and run on the server at every step and at transmission, always after the
 * hidden fields are removed.
 */

// Defaults when a definition sets no limit: no answer is unbounded.
const TEXT_MAX = 300;
const TEXTAREA_MAX = 5000;
const AMOUNT_MAX = 100_000_000_000;
const GROUP_MAX = 100;

type Schema = Record<string, unknown>;

const string = (maxLength: number, extra: Schema = {}): Schema => ({
  type: 'string',
  minLength: 1,
  maxLength,
  ...extra,
});
const defined = (schema: Schema): Schema =>
  Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));

const addressParts = ['street', 'postcode', 'city', 'country'];
const addressSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  required: addressParts,
  properties: { street: string(200), postcode: string(20), city: string(100), country: string(100) },
};

/** The JSON Schema of one field's answer (present answers only: an empty answer is no answer). */
function fieldSchema(field: ItemField): Schema {
  switch (field.type) {
    case 'text':
      return defined(
        string(field.maxLength ?? TEXT_MAX, { minLength: field.minLength ?? 1, pattern: field.pattern }),
      );
    case 'textarea':
      return string(field.maxLength ?? TEXTAREA_MAX, { minLength: field.minLength ?? 1 });
    case 'number':
      return defined({ type: field.integer ? 'integer' : 'number', minimum: field.min, maximum: field.max });
    case 'amount':
      return { type: 'integer', minimum: field.min ?? 0, maximum: field.max ?? AMOUNT_MAX };
    case 'date':
      return defined({ type: 'string', format: 'date', formatMinimum: field.min, formatMaximum: field.max });
    case 'choice':
      return { type: 'string', enum: field.options.map((o) => o.value) };
    case 'choices':
      return defined({
        type: 'array',
        uniqueItems: true,
        minItems: field.minItems ?? 1,
        maxItems: field.maxItems,
        items: { type: 'string', enum: field.options.map((o) => o.value) },
      });
    case 'yesno':
      return { type: 'boolean' };
    case 'email':
      return string(254, { format: 'email' });
    case 'phone':
      return string(30, { format: 'phone' });
    case 'iban':
      return string(34, { format: 'iban' });
    case 'company-id':
      return string(20, { companyId: field.schemes ?? companyIdSchemes });
    case 'address':
      return addressSchema;
    case 'file':
      return {
        type: 'object',
        additionalProperties: false,
        required: ['fileId', 'name', 'size', 'type'],
        properties: {
          fileId: { type: 'string', format: 'uuid' },
          name: string(255),
          size: { type: 'integer', minimum: 1, maximum: field.maxBytes },
          type: { type: 'string', enum: field.accept },
        },
      };
  }
}

function objectOf(fields: readonly Field[]): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(fields.map((field) => [field.id, schemaOf(field)])),
    required: fields.filter((field) => field.required).map((field) => field.id),
  };
}

function schemaOf(field: Field): Schema {
  if (field.type !== 'group') return fieldSchema(field);
  return defined({
    type: 'array',
    minItems: field.required ? Math.max(1, field.minItems ?? 1) : field.minItems,
    maxItems: field.maxItems ?? GROUP_MAX,
    items: objectOf(field.fields),
  });
}

/** The answers' JSON Schema of a definition: derived from its fields, and its own `answersSchema`. */
export function answersSchemaOf(definition: Definition): Schema {
  const derived = objectOf(definition.steps.flatMap((step) => step.fields));
  return definition.answersSchema ? { allOf: [derived, definition.answersSchema] } : derived;
}

// A published version never changes, so its compiled validator is kept for the process's life.
const compiled = new Map<string, ValidateFunction>();

function validatorOf(definition: Definition): ValidateFunction {
  const key = `${definition.code}@${definition.version}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = answersAjv.compile(answersSchemaOf(definition));
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * Why an extra `answersSchema` cannot be compiled, or undefined when it can (checkDefinition).
 * It is compiled alone and forgotten: nothing is cached for a file that may never be published.
 */
export function extraSchemaProblem(schema: Schema): string | undefined {
  try {
    answersAjv.compile(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    answersAjv.removeSchema(schema);
  }
}

export type { FieldError };
export type Checked =
  | { ok: true; answers: Answers }
  | {
      ok: false;
      /** The answers without hidden fields, as validated. */
      answers: Answers;
      /** One error per field path (`candidates.2.surname`, `address.postcode`; '' for the form), in reading order. */
      errors: Record<string, FieldError>;
    };

/** Validates the fields of one step (with the answers of the others, which its conditions read). */
export function validateStep(definition: Definition, stepId: string, answers: Answers): Checked {
  if (!definition.steps.some((step) => step.id === stepId)) {
    throw new Error(`${definition.code} v${definition.version} has no step "${stepId}"`);
  }
  return check(definition, answers, stepId);
}

/** Validates every shown field: what transmission requires. */
export const validateAll = (definition: Definition, answers: Answers): Checked =>
  check(definition, answers, undefined);

const pointerSegments = (pointer: string) =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Where an ajv error points: a missing property is the place of the property, not its parent. */
function segmentsOf(error: ErrorObject): string[] {
  const segments = pointerSegments(error.instancePath);
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  return missing === undefined ? segments : [...segments, missing];
}

function isShown(visibility: Visibility, location: Location): boolean {
  const { entry, item } = location;
  if (!entry.group) return visibility.fields.has(entry.field.id);
  return (
    visibility.fields.has(entry.group.id) &&
    (visibility.items.get(entry.group.id)?.[item!]?.has(entry.field.id) ?? false)
  );
}

// Keywords that only say "something inside failed": reported only when nothing more precise is.
const summaries = new Set(['anyOf', 'oneOf', 'allOf', 'not', 'contains', 'const']);

function check(definition: Definition, raw: Answers, stepId: string | undefined): Checked {
  const { visibility, answers } = evaluate(definition, raw);
  const validate = validatorOf(definition);
  if (validate(answers)) return { ok: true, answers };
  const precise: { location: Location; error: ErrorObject }[] = [];
  const general: { location: Location | undefined; error: ErrorObject }[] = [];
  for (const error of validate.errors ?? []) {
    // "must match then": its reason is reported on its own; so is a wrong answer another one is compared to.
    if (error.keyword === 'if' || !hasSoundLimit(error)) continue;
    const location = locate(definition, segmentsOf(error));
    if (location && !isShown(visibility, location)) continue;
    if (stepId !== undefined && location?.entry.step.id !== stepId) continue;
    if (location && !summaries.has(error.keyword)) precise.push({ location, error });
    else general.push({ location, error });
  }
  const found: { path: string; order: number[]; error: FieldError }[] = [];
  const add = (path: string, order: number[], error: FieldError) => {
    if (!found.some((f) => f.path === path)) found.push({ path, order, error });
  };
  for (const { location, error } of precise)
    add(location.path, orderOf(location), fieldError(location, error));
  for (const { location } of general) {
    const path = location?.path ?? '';
    const covered = found.some((f) => path === '' || f.path === path || f.path.startsWith(`${path}.`));
    if (!covered) add(path, location ? orderOf(location) : [-1], conditionsError());
  }
  found.sort((a, b) => compareOrder(a.order, b.order));
  if (found.length === 0) return { ok: true, answers };
  return { ok: false, answers, errors: Object.fromEntries(found.map((f) => [f.path, f.error])) };
}

// Errors that say an answer is missing or incomplete, not that a given value is wrong.
const incomplete = new Set(['required', 'dependentRequired', 'minItems', 'if']);

/**
 * The places whose given value breaks the schema, hidden or not (a draft keeps the values of
 * hidden fields): what a draft moving to a new version must let go of.
 */
export function invalidValues(definition: Definition, answers: Answers): Location[] {
  const validate = validatorOf(definition);
  if (validate(answers)) return [];
  return (validate.errors ?? []).flatMap((error) => {
    if (incomplete.has(error.keyword) || !hasSoundLimit(error)) return [];
    return locate(definition, segmentsOf(error)) ?? [];
  });
}

/** Reading order of an error: by field, item by item in a group, the parts of an address in order. */
function orderOf({ entry, item, part }: Location): number[] {
  const top = entry.group
    ? entry.order - entry.group.fields.findIndex((f) => f.id === entry.field.id) - 1
    : entry.order;
  return [top, item ?? -1, entry.group ? entry.order : -1, part ? addressParts.indexOf(part) : -1];
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
