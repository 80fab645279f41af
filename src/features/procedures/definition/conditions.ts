import jsonLogic from 'json-logic-js';
import type { Answers, Definition, Logic, Step } from './types.ts';

/**
 * Conditions (`when`, JSON Logic) on steps and fields. The rule the whole feature follows: a hidden
 * field has no answer. Its value may stay in the draft (the user may show it again), but
 * validation, the fee, the snapshot and the slip only ever see the answers left by `stripHidden`.
 *
 * A condition only reads answers given before it (checkDefinition enforces it), so one walk in
 * reading order decides everything, and a chain (A hides B, B's answer shows C) hides C too:
 * every condition is evaluated on the answers kept so far, never on hidden ones.
 */

export type Visibility = {
  /** Ids of the steps shown. */
  steps: ReadonlySet<string>;
  /** Ids of the fields shown (top level, in shown steps). */
  fields: ReadonlySet<string>;
  /** For each shown group that has items: for each item, the ids of its fields shown. */
  items: ReadonlyMap<string, readonly ReadonlySet<string>[]>;
};

/** Whether a condition holds for `data` (JSON Logic truthiness: [] is false). */
export const holds = (rule: Logic, data: Answers): boolean => jsonLogic.truthy(jsonLogic.apply(rule, data));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const present = (answers: Answers, id: string) =>
  Object.hasOwn(answers, id) && answers[id] !== undefined && answers[id] !== null;

/** What is shown for these answers, and the answers without hidden (or unknown) fields. */
export function evaluate(
  definition: Definition,
  answers: Answers,
): { visibility: Visibility; answers: Answers } {
  const kept: Answers = {};
  const steps = new Set<string>();
  const fields = new Set<string>();
  const items = new Map<string, ReadonlySet<string>[]>();
  for (const step of definition.steps) {
    if (step.when && !holds(step.when, kept)) continue;
    steps.add(step.id);
    for (const field of step.fields) {
      if (field.when && !holds(field.when, kept)) continue;
      fields.add(field.id);
      if (!present(answers, field.id)) continue;
      const value = answers[field.id];
      if (field.type !== 'group' || !Array.isArray(value)) {
        kept[field.id] = value;
        continue;
      }
      const shown: Set<string>[] = [];
      kept[field.id] = value.map((item) => {
        // Not an object: left as is for the validator to refuse.
        if (!isObject(item)) {
          shown.push(new Set());
          return item;
        }
        const keptItem: Answers = {};
        const shownHere = new Set<string>();
        for (const inner of field.fields) {
          // A field of an item reads the answers before the group and its own item's earlier fields.
          if (inner.when && !holds(inner.when, { ...kept, ...keptItem })) continue;
          shownHere.add(inner.id);
          if (present(item, inner.id)) keptItem[inner.id] = item[inner.id];
        }
        shown.push(shownHere);
        return keptItem;
      });
      items.set(field.id, shown);
    }
  }
  return { visibility: { steps, fields, items }, answers: kept };
}

/** The answers without the fields hidden by conditions, nor those of hidden steps, nor unknown keys. */
export const stripHidden = (definition: Definition, answers: Answers): Answers =>
  evaluate(definition, answers).answers;

/** The steps shown for these answers, in order: the pages of the form and of "Check your answers". */
export function visibleSteps(definition: Definition, answers: Answers): Step[] {
  const { steps } = evaluate(definition, answers).visibility;
  return definition.steps.filter((step) => steps.has(step.id));
}
