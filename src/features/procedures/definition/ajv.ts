import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { isCompanyId, isIban, isPhone } from './formats.ts';
import { type CompanyIdScheme, companyIdSchemes } from './types.ts';

/**
 * The ajv that validates answers: JSON Schema 2020-12 with the formats answers use (date, email,
 * uuid from ajv-formats; iban and phone here), date bounds (formatMinimum/formatMaximum, which
 * may compare two answers through `$data`: "the minutes are dated on or after the election"),
 * and the `companyId` keyword (the identifier schemes a company-id field accepts).
 *
 * Strict: an extra `answersSchema` with an unknown keyword or a typo is refused when the
 * definition is checked, not silently ignored.
 */
// `required` may name answers another subschema defines ("email or phone": anyOf of two requireds).
export const answersAjv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  $data: true,
});
// ajv-formats is CommonJS: its plugin is the module's `default`.
ajvFormats.default(answersAjv, { formats: ['date', 'email', 'uuid'], keywords: true });
answersAjv.addFormat('iban', { type: 'string', validate: isIban });
answersAjv.addFormat('phone', { type: 'string', validate: isPhone });
answersAjv.addKeyword({
  keyword: 'companyId',
  type: 'string',
  schemaType: 'array',
  metaSchema: { type: 'array', minItems: 1, items: { enum: [...companyIdSchemes] } },
  validate: (schemes: CompanyIdScheme[], value: string) => isCompanyId(value, schemes),
});
