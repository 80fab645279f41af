import type { ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import schema from './definition.schema.json' with { type: 'json' };
import { type CheckContext, semanticProblems } from './semantics.ts';
import type { Definition } from './types.ts';

/**
 * `checkDefinition`: is this JSON a procedure definition that may be published? First its shape
 * (definition.schema.json, strict), then what a schema cannot say (semantics.ts). Problems are
 * sentences that start with the JSON pointer of the place at fault, for the CLI to print and an
 * author to find: `/steps/1/fields/2/options: is required`.
 */

const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is CommonJS: its plugin is the module's `default`.
ajvFormats.default(ajv, ['date']);
const validateShape = ajv.compile(schema);

export type { CheckContext };
export type CheckResult = { ok: true; definition: Definition } | { ok: false; problems: string[] };

export function checkDefinition(json: unknown, context: CheckContext = {}): CheckResult {
  if (!validateShape(json)) {
    const errors = validateShape.errors ?? [];
    const problems = errors.flatMap((error) =>
      isEcho(error, errors) ? [] : (shapeProblem(json, error) ?? []),
    );
    return { ok: false, problems: [...new Set(problems)] };
  }
  // `$schema` only helps editors; it is not part of what is published (nor of its hash).
  const { $schema: _, ...definition } = json as Definition & { $schema?: string };
  const problems = semanticProblems(definition, context);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition };
}

/**
 * A field whose type-specific part fails (a choice without options) also has that part's other
 * properties reported as "not a property": an echo of the real problem, left out.
 */
const isEcho = (error: ErrorObject, errors: readonly ErrorObject[]) =>
  error.keyword === 'unevaluatedProperties' &&
  errors.some(
    (other) =>
      other !== error &&
      other.keyword !== 'if' &&
      other.keyword !== 'unevaluatedProperties' &&
      (other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`)),
  );

function valueAt(json: unknown, pointer: string): unknown {
  let value = json;
  for (const segment of pointer.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** One ajv error as a sentence, or nothing for the noise of composed schemas. */
function shapeProblem(json: unknown, error: ErrorObject): string | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      // "must match then": the failing rule of the "then" is reported on its own.
      return undefined;
    case 'required':
      return `${at}/${params.missingProperty}: is required`;
    case 'additionalProperties':
      return `${at}/${params.additionalProperty}: unknown property`;
    case 'unevaluatedProperties': {
      const type = (valueAt(json, at) as { type?: unknown } | undefined)?.type;
      const where = typeof type === 'string' ? ` of a ${type} field` : '';
      return `${at}/${params.unevaluatedProperty}: not a property${where}`;
    }
    case 'enum':
      return `${at || '/'}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${at}: ${JSON.stringify(valueAt(json, at))} does not match ${params.pattern}`;
    case 'minProperties':
    case 'maxProperties':
      if (at === '/fee') return `${at}: give either "cents" or "logic", not both nor none`;
      return `${at}: ${error.message}`;
    default:
      return `${at || '/'}: ${error.message}`;
  }
}
