import { canonicalJson } from '../rules.ts';
import { invalidValues } from './answers.ts';
import { fieldIndex, type Location } from './fields.ts';
import type { Answers, Definition } from './types.ts';

/**
 * A draft whose version has closed moves to the newest version when it is resumed (DESIGN.md
 * "Definition"): every answer whose field still exists, in the same place, and whose value still
 * validates is kept; the rest is let go. The person lands on "Check your answers" with the steps
 * that changed marked, so nothing changes behind their back.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The answers that still have a field in `to`: top level stays top level, item fields stay in their group. */
function stillAsked(to: Definition, answers: Answers): Answers {
  const index = fieldIndex(to);
  const kept: Answers = {};
  for (const [id, value] of Object.entries(answers)) {
    const entry = index.get(id);
    if (!entry || entry.group) continue;
    const { field } = entry;
    if (field.type !== 'group' || !Array.isArray(value)) {
      kept[id] = value;
      continue;
    }
    const inner = new Set(field.fields.map((f) => f.id));
    kept[id] = value.map((item) =>
      isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => inner.has(key))) : item,
    );
  }
  return kept;
}

/** Lets go of the value at a place: an item's field, or the whole answer of a field. */
function drop(answers: Answers, { entry, item }: Location): void {
  if (entry.group && item !== undefined) {
    const items = answers[entry.group.id];
    const held = Array.isArray(items) ? items[item] : undefined;
    if (isObject(held)) delete held[entry.field.id];
    return;
  }
  delete answers[entry.field.id];
}

// Dropping a value can only make other values valid, never invalid, but a cross-field rule of the
// file's answersSchema may name the second value only once the first is gone: a few rounds at most.
const ROUNDS = 5;

export function moveAnswers(
  from: Definition,
  to: Definition,
  answers: Answers,
): { answers: Answers; changedSteps: string[] } {
  const moved = structuredClone(stillAsked(to, answers));
  for (let round = 0; round < ROUNDS; round++) {
    const invalid = invalidValues(to, moved);
    if (invalid.length === 0) break;
    for (const location of invalid) drop(moved, location);
  }
  const before = new Map(from.steps.map((step) => [step.id, canonicalJson(step)]));
  const changedSteps = to.steps
    .filter(
      (step) =>
        before.get(step.id) !== canonicalJson(step) ||
        step.fields.some(
          (field) => canonicalJson(answers[field.id] ?? null) !== canonicalJson(moved[field.id] ?? null),
        ),
    )
    .map((step) => step.id);
  return { answers: moved, changedSteps };
}
