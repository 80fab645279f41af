import { demoCatalogueFiles } from '../catalogue/files.ts';
import type { Definition, Field, Step } from './types.ts';
import { checkDefinition } from './validate.ts';

/** Helpers for the procedures' tests: small definitions built in code, and the demo catalogue's files. */

export const texts = (s: string) => ({ fr: `${s} (fr)`, en: s, de: `${s} (de)` });

let serial = 0;

/**
 * A definition file (unchecked JSON) with the given steps. Each call gets its own code: compiled
 * validators are kept per code and version, as published versions never change.
 */
export function definitionFile(
  steps: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  serial += 1;
  return {
    code: `ITM-TEST-${serial}`,
    version: 1,
    administration: 'ITM',
    theme: 'social-elections',
    title: texts('Test procedure'),
    description: texts('A procedure made by a test.'),
    keywords: { fr: [], en: [], de: [] },
    audience: 'business',
    signature: { policy: 'none' },
    fee: { cents: 0 },
    processingDays: 30,
    steps,
    ...extra,
  };
}

export const step = (id: string, fields: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  title: texts(`Step ${id}`),
  ...extra,
  fields,
});

export const field = (id: string, type: string, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  label: texts(`Field ${id}`),
  ...extra,
});

/** A checked definition, failing the test with the problems when it is not one. */
export function defined(
  steps: (Step | ReturnType<typeof step>)[],
  extra: Record<string, unknown> = {},
): Definition {
  const result = checkDefinition(definitionFile(steps, extra));
  if (!result.ok) throw new Error(`not a definition:\n${result.problems.join('\n')}`);
  return result.definition;
}

/** A definition of one step holding `fields`. */
export const oneStep = (fields: (Field | ReturnType<typeof field>)[], extra: Record<string, unknown> = {}) =>
  defined([step('only', fields)], extra);

/** One catalogue file, checked. */
export function catalogueDefinition(name: string): Definition {
  const result = checkDefinition(demoCatalogueFiles().get(name));
  if (!result.ok) throw new Error(`${name}: ${result.problems.join('\n')}`);
  return result.definition;
}
