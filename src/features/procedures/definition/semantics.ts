import { extraSchemaProblem } from './answers.ts';
import { FeeRuleError, feeOf } from './fee.ts';
import { type FieldEntry, fieldEntries } from './fields.ts';
import { conditionProblems, logicProblems } from './logic-check.ts';
import { prefillProblem } from './prefill.ts';
import type { Definition, Field } from './types.ts';

/**
 * What the definition's JSON Schema cannot say: identifiers unique, limits in order, bindings
 * and rules that refer to what exists. Run on a file whose shape is already valid.
 */

/** What the caller knows of the portal (the CLI knows the registries; tests may not). */
export type CheckContext = { administrations?: ReadonlySet<string>; scopes?: ReadonlySet<string> };

export function semanticProblems(definition: Definition, context: CheckContext): string[] {
  const entries = fieldEntries(definition);
  const problems = idProblems(definition, entries);
  // Everything below finds fields by id, which needs them unique.
  if (problems.length > 0) return problems;
  problems.push(...headerProblems(definition, context));
  for (const entry of entries) problems.push(...fieldProblems(definition, entry));
  problems.push(...conditionProblems(definition, entries));
  problems.push(...feeProblems(definition, entries));
  problems.push(...extraSchemaProblems(definition, entries));
  return problems;
}

function idProblems(definition: Definition, entries: readonly FieldEntry[]): string[] {
  const problems: string[] = [];
  const steps = new Map<string, number>();
  definition.steps.forEach((step, i) => {
    const first = steps.get(step.id);
    if (first === undefined) steps.set(step.id, i);
    else problems.push(`/steps/${i}/id: step id "${step.id}" is already used by /steps/${first}`);
  });
  const fields = new Map<string, string>();
  for (const { field, pointer } of entries) {
    const first = fields.get(field.id);
    if (first === undefined) fields.set(field.id, pointer);
    else
      problems.push(
        `${pointer}/id: field id "${field.id}" is already used by ${first} (ids are unique across the definition)`,
      );
  }
  return problems;
}

function headerProblems(definition: Definition, context: CheckContext): string[] {
  const problems: string[] = [];
  const { code, administration, certificationScope: scope } = definition;
  // "ITM" finds every ITM procedure in the catalogue, and codes never collide between administrations.
  if (!code.startsWith(`${administration}-`)) {
    problems.push(`/code: "${code}" must start with the administration's code ("${administration}-…")`);
  }
  if (context.administrations && !context.administrations.has(administration)) {
    problems.push(`/administration: no administration has the code "${administration}"`);
  }
  if (scope !== undefined && context.scopes && !context.scopes.has(scope)) {
    problems.push(`/certificationScope: no certification scope has the code "${scope}"`);
  }
  if (scope !== undefined && definition.audience !== 'business') {
    problems.push(
      `/audience: a procedure that needs the certification scope ${scope} is for business eSpaces ("business"): only they hold mandates`,
    );
  }
  return problems;
}

function fieldProblems(definition: Definition, { field, group, pointer }: FieldEntry): string[] {
  const problems: string[] = [];
  const at = (property: string, problem: string) => problems.push(`${pointer}/${property}: ${problem}`);
  if (group && field.type === 'group') at('type', 'a group cannot contain a group (one level of nesting)');
  problems.push(...limitProblems(field, pointer));
  if ('options' in field) {
    const seen = new Map<string, number>();
    field.options.forEach((option, i) => {
      const first = seen.get(option.value);
      if (first === undefined) seen.set(option.value, i);
      else at(`options/${i}/value`, `"${option.value}" is already the value of options/${first}`);
    });
  }
  if (field.type === 'text' && field.pattern !== undefined) {
    try {
      new RegExp(field.pattern, 'u');
    } catch (error) {
      at('pattern', `not a valid regular expression (${(error as Error).message})`);
    }
  }
  if (field.prefill !== undefined) {
    const problem = group
      ? 'a field inside a group cannot be prefilled'
      : prefillProblem(field.prefill, field.type);
    if (problem) at('prefill', problem);
    else if (field.prefill.startsWith('certified.') && !definition.certificationScope) {
      at(
        'prefill',
        'certified data are those of the subject company, which only a procedure with a certificationScope has',
      );
    }
  }
  if (field.certified && field.prefill === undefined) {
    at('certified', 'a certified field shows a prefilled value: give it a prefill binding');
  } else if (field.certified && field.prefill?.startsWith('sheet.')) {
    at('certified', "the information sheet is the eSpace's own declaration, not certified data");
  }
  return problems;
}

/** Lower limits not above upper ones, and choices that can be met by the options offered. */
function limitProblems(field: Field, pointer: string): string[] {
  const pairs: [string, string][] = [
    ['minLength', 'maxLength'],
    ['min', 'max'],
    ['minItems', 'maxItems'],
  ];
  const values = field as unknown as Record<string, number | string | undefined>;
  const problems: string[] = [];
  for (const [low, high] of pairs) {
    const [a, b] = [values[low], values[high]];
    if (a !== undefined && b !== undefined && a > b)
      problems.push(`${pointer}/${low}: ${a} is above ${high} (${b})`);
  }
  if (field.type === 'choices') {
    for (const limit of ['minItems', 'maxItems'] as const) {
      const value = field[limit];
      if (value !== undefined && value > field.options.length) {
        problems.push(
          `${pointer}/${limit}: ${value} is more than the ${field.options.length} options offered`,
        );
      }
    }
  }
  return problems;
}

const topLevel = (entries: readonly FieldEntry[]) =>
  new Map(entries.filter((e) => !e.group).map((entry) => [entry.field.id, entry]));

function feeProblems(definition: Definition, entries: readonly FieldEntry[]): string[] {
  if (!('logic' in definition.fee)) return [];
  const all = new Map(entries.map((entry) => [entry.field.id, entry]));
  const problems = logicProblems(definition.fee.logic, '/fee/logic', { readable: topLevel(entries), all });
  if (problems.length > 0) return problems;
  // Before anything is answered the rule must already give an amount (a form shows the fee early).
  try {
    feeOf(definition, {});
    return [];
  } catch (error) {
    if (!(error instanceof FeeRuleError)) throw error;
    return [`/fee/logic: with no answers yet, ${error.message}`];
  }
}

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Answer names an `answersSchema` constrains at the top of the answers (not inside values). */
function namesIn(schema: Schema, at: string, found: { name: string; at: string }[]): void {
  if (isSchema(schema.properties)) {
    for (const name of Object.keys(schema.properties)) found.push({ name, at: `${at}/properties/${name}` });
  }
  if (Array.isArray(schema.required)) {
    for (const [i, name] of schema.required.entries())
      found.push({ name: String(name), at: `${at}/required/${i}` });
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) if (isSchema(sub)) namesIn(sub, `${at}/${key}/${i}`, found);
  }
  for (const key of ['if', 'then', 'else', 'not']) {
    const sub = schema[key];
    if (isSchema(sub)) namesIn(sub, `${at}/${key}`, found);
  }
}

function extraSchemaProblems(definition: Definition, entries: readonly FieldEntry[]): string[] {
  const schema = definition.answersSchema;
  if (!schema) return [];
  const problem = extraSchemaProblem(schema);
  if (problem) return [`/answersSchema: not a valid JSON Schema for answers (${problem})`];
  const fields = topLevel(entries);
  const found: { name: string; at: string }[] = [];
  namesIn(schema, '/answersSchema', found);
  return found
    .filter(({ name }) => !fields.has(name))
    .map(({ name, at }) => `${at}: "${name}" is not a field at the top level of this definition`);
}
