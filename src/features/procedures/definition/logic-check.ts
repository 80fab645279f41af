import type { FieldEntry } from './fields.ts';
import type { Definition } from './types.ts';

/**
 * Checks of the JSON Logic rules of a definition (conditions and fee) before publication, so that
 * nothing fails or misleads while people fill the form:
 * - only json-logic-js's standard operators (no `log`, which writes to the console, no
 *   `method`, no dotted names, which reach into objects);
 * - every `var` names a field ("candidates", "address.city"), never a computed name;
 * - a condition reads only answers given before it: earlier steps, earlier fields of its step,
 *   earlier fields of its own group item. That is what lets one walk in reading order decide
 *   what is shown (conditions.ts), with no cycle possible.
 */

const operators = new Set([
  ...['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', 'and', 'or', 'if', '?:'],
  ...['+', '-', '*', '/', '%', 'min', 'max', 'in', 'cat', 'substr', 'merge'],
  ...['var', 'missing', 'missing_some', 'map', 'filter', 'reduce', 'all', 'none', 'some'],
]);
const overItems = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);
// Names that would read the prototype chain rather than an answer.
const forbidden = new Set(['__proto__', 'constructor', 'prototype']);

/** What a rule may read: `readable` fields by id; `all` tells an unknown name from a later one. */
export type Scope = { readable: ReadonlyMap<string, FieldEntry>; all: ReadonlyMap<string, FieldEntry> };

/** Returns why `name` may not be read here, or undefined. */
type Names = (name: string) => string | undefined;

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function namesOf(scope: Scope): Names {
  return (name) => {
    const id = name.split('.')[0]!;
    if (scope.readable.has(id)) return undefined;
    const entry = scope.all.get(id);
    if (!entry) return `"${id}" is not a field of this definition`;
    if (entry.group) {
      return `"${id}" is a field of the group "${entry.group.id}": read it through some, all, none, filter, map or reduce over {"var": "${entry.group.id}"}`;
    }
    return `"${id}" (step "${entry.step.id}") is not answered before this rule: a rule only reads answers given before it`;
  };
}

/** The names a rule applied to each item of `source` may read: the fields of a group's items. */
function itemNames(source: unknown, op: string, scope: Scope): Names {
  const id = (source as { var?: unknown } | null)?.var;
  const entry = typeof id === 'string' ? scope.readable.get(id) : undefined;
  const inner =
    entry?.field.type === 'group' ? new Set(entry.field.fields.map((f) => f.id)) : new Set<string>();
  return (name) => {
    const [first, second] = name.split('.');
    let field = first;
    // reduce gives each turn {current, accumulator}; the others give the item itself.
    if (op === 'reduce') {
      if (first === 'accumulator') return undefined;
      if (first !== 'current') return `reduce reads "current" and "accumulator", not "${name}"`;
      field = second;
    }
    if (field === undefined || inner.has(field)) return undefined;
    return entry?.field.type === 'group'
      ? `"${field}" is not a field of the items of "${entry.field.id}"`
      : `the items of this list have no field "${field}"`;
  };
}

function walk(node: unknown, at: string, names: Names, scope: Scope, problems: string[]): void {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walk(child, `${at}/${i}`, names, scope, problems);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    problems.push(
      `${at}: a JSON Logic rule has exactly one operator, not ${keys.length} keys (${keys.join(', ')})`,
    );
    return;
  }
  const op = keys[0]!;
  const opAt = `${at}/${escapeKey(op)}`;
  if (!operators.has(op)) {
    problems.push(`${opAt}: "${op}" is not a JSON Logic operator a definition may use`);
    return;
  }
  const raw = (node as Record<string, unknown>)[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const argAt = (i: number) => (Array.isArray(raw) ? `${opAt}/${i}` : opAt);
  const readName = (name: unknown, where: string) => {
    if (typeof name !== 'string' && typeof name !== 'number') {
      problems.push(`${where}: "${op}" must name a field, not compute its name`);
      return;
    }
    const text = String(name);
    if (text === '') return;
    const problem = text.split('.').some((s) => forbidden.has(s))
      ? `"${text}" is not a field name`
      : names(text);
    if (problem) problems.push(`${where}: ${problem}`);
  };
  if (op === 'var') {
    readName(args[0], argAt(0));
    for (const [i, arg] of args.slice(1).entries()) walk(arg, argAt(i + 1), names, scope, problems);
  } else if (op === 'missing') {
    const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    const listAt = (i: number) => (list === args ? argAt(i) : `${argAt(0)}/${i}`);
    for (const [i, name] of list.entries()) readName(name, listAt(i));
  } else if (op === 'missing_some') {
    walk(args[0], argAt(0), names, scope, problems);
    const list = Array.isArray(args[1]) ? args[1] : [];
    for (const [i, name] of list.entries()) readName(name, `${argAt(1)}/${i}`);
  } else if (overItems.has(op)) {
    walk(args[0], argAt(0), names, scope, problems);
    walk(args[1], argAt(1), itemNames(args[0], op, scope), scope, problems);
    for (const [i, arg] of args.slice(2).entries()) walk(arg, argAt(i + 2), names, scope, problems);
  } else {
    for (const [i, arg] of args.entries()) walk(arg, argAt(i), names, scope, problems);
  }
}

/** Problems of one rule at `pointer`, reading what `scope` allows. */
export function logicProblems(rule: unknown, pointer: string, scope: Scope): string[] {
  const problems: string[] = [];
  walk(rule, pointer, namesOf(scope), scope, problems);
  return problems;
}

/** Problems of every condition of a definition, each reading only the answers given before it. */
export function conditionProblems(definition: Definition, entries: readonly FieldEntry[]): string[] {
  const all = new Map(entries.map((entry) => [entry.field.id, entry]));
  const problems: string[] = [];
  const before = new Map<string, FieldEntry>();
  definition.steps.forEach((step, i) => {
    if (step.when) problems.push(...logicProblems(step.when, `/steps/${i}/when`, { readable: before, all }));
    for (const field of step.fields) {
      const entry = all.get(field.id)!;
      if (field.when)
        problems.push(...logicProblems(field.when, `${entry.pointer}/when`, { readable: before, all }));
      if (field.type === 'group') {
        const inItem = new Map(before);
        for (const inner of field.fields) {
          const innerEntry = all.get(inner.id)!;
          const scope = { readable: inItem, all };
          if (inner.when) problems.push(...logicProblems(inner.when, `${innerEntry.pointer}/when`, scope));
          inItem.set(inner.id, innerEntry);
        }
      }
      // Later fields of this step may read this one (a conditional reveal on the same page).
      before.set(field.id, entry);
    }
  });
  return problems;
}
