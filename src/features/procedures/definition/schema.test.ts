import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogues, languages } from '../../../platform/i18n/index.ts';
import schema from './definition.schema.json' with { type: 'json' };
import { audiences, companyIdSchemes, fieldTypes, signaturePolicies, themes } from './types.ts';

describe('the definition schema and the types that mirror it', () => {
  it('list the same field types, themes, audiences, signature policies and identifier schemes', () => {
    const { properties, $defs } = schema;
    assert.deepEqual($defs.field.properties.type.enum, [...fieldTypes]);
    assert.deepEqual(properties.theme.enum, [...themes]);
    assert.deepEqual(properties.audience.enum, [...audiences]);
    assert.deepEqual(properties.signature.properties.policy.enum, [...signaturePolicies]);
    const companyId = $defs.field.allOf.find((rule) => rule.if.properties.type.const === 'company-id');
    const schemes = (companyId!.then.properties as { schemes: { items: { enum: string[] } } }).schemes;
    assert.deepEqual(schemes.items.enum, [...companyIdSchemes]);
  });

  it('has a label for every theme in French, English and German', () => {
    for (const lang of languages) {
      const labels = (catalogues[lang].procedures as { theme: Record<string, string> }).theme;
      assert.deepEqual(Object.keys(labels).sort(), [...themes].sort(), lang);
    }
  });
});
