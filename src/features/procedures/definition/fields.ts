import type { Definition, Field, GroupField, Step } from './types.ts';

/** Where a field stands in its definition. */
export type FieldEntry = {
  field: Field;
  step: Step;
  stepIndex: number;
  /** The group holding the field, for a field inside a group. */
  group?: GroupField;
  /** JSON pointer of the field in the definition file, for problems. */
  pointer: string;
  /** Reading order in the definition (a group comes before its own fields). */
  order: number;
};

export const isGroup = (field: Field): field is GroupField => field.type === 'group';

/** Every field of a definition in reading order, group fields included, with where it stands. */
export function fieldEntries(definition: Definition): FieldEntry[] {
  const entries: FieldEntry[] = [];
  definition.steps.forEach((step, stepIndex) => {
    step.fields.forEach((field, fieldIndex) => {
      const pointer = `/steps/${stepIndex}/fields/${fieldIndex}`;
      entries.push({ field, step, stepIndex, pointer, order: entries.length });
      if (!isGroup(field)) return;
      // Read as a plain list: validation refuses a group in a group, but the walk must not trust it.
      (field.fields as Field[]).forEach((inner, innerIndex) => {
        entries.push({
          field: inner,
          step,
          stepIndex,
          group: field,
          pointer: `${pointer}/fields/${innerIndex}`,
          order: entries.length,
        });
      });
    });
  });
  return entries;
}

// Definitions are immutable once checked: their index is built once per object.
const indexes = new WeakMap<Definition, ReadonlyMap<string, FieldEntry>>();

/** Fields by id (ids are unique across a checked definition, group fields included). */
export function fieldIndex(definition: Definition): ReadonlyMap<string, FieldEntry> {
  let index = indexes.get(definition);
  if (!index) {
    index = new Map(fieldEntries(definition).map((entry) => [entry.field.id, entry]));
    indexes.set(definition, index);
  }
  return index;
}

/** Where a value in the answers belongs: the field's path (`candidates.2.surname`), and the part of a composite value. */
export type Location = { path: string; entry: FieldEntry; item?: number; part?: string };

const isIndex = (segment: string | undefined) => segment !== undefined && /^(0|[1-9]\d*)$/.test(segment);

/**
 * The field a place in the answers (path segments, as in a JSON pointer) belongs to, or nothing
 * for the answers as a whole. An address keeps its part in the path (`address.postcode`) so the
 * form can mark that input; any other composite value (a file, the list of choices) is its field.
 */
export function locate(definition: Definition, segments: readonly string[]): Location | undefined {
  const [id, ...rest] = segments;
  const entry = id === undefined ? undefined : fieldIndex(definition).get(id);
  if (!entry || entry.group) return undefined;
  if (!isGroup(entry.field)) return withPart(entry, entry.field.id, rest);
  const [item, innerId, ...innerRest] = rest;
  const inner = isIndex(item) ? entry.field.fields.find((f) => f.id === innerId) : undefined;
  if (!inner) return { path: entry.field.id, entry };
  const innerEntry = fieldIndex(definition).get(inner.id)!;
  return { ...withPart(innerEntry, `${entry.field.id}.${item}.${inner.id}`, innerRest), item: Number(item) };
}

function withPart(entry: FieldEntry, path: string, rest: readonly string[]): Location {
  const part = rest[0];
  if (part === undefined) return { path, entry };
  return entry.field.type === 'address' ? { path: `${path}.${part}`, entry, part } : { path, entry, part };
}
