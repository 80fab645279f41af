import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fieldEntries } from '../definition/fields.ts';
import { catalogueFiles } from '../definition/testing.ts';
import type { Definition } from '../definition/types.ts';
import { checkDefinition } from '../definition/validate.ts';

/** The codes in the first column of a demo registry of the certification feature. */
function registryCodes(name: string): Set<string> {
  const csv = readFileSync(new URL(`../../certification/demo/${name}.csv`, import.meta.url), 'utf8');
  return new Set(
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]!),
  );
}

const context = { administrations: registryCodes('administrations'), scopes: registryCodes('scopes') };

function catalogue(): Map<string, Definition> {
  const checked = new Map<string, Definition>();
  for (const [name, json] of catalogueFiles()) {
    const result = checkDefinition(json, context);
    assert.ok(result.ok, `${name}:\n${result.ok ? '' : result.problems.join('\n')}`);
    checked.set(name, result.definition);
  }
  return checked;
}

describe('the demo catalogue', () => {
  it('passes checkDefinition against the demo registries, each file named after its code and version', () => {
    for (const [name, definition] of catalogue()) {
      assert.equal(name, `${definition.code.toLowerCase()}.v${definition.version}.json`);
    }
  });

  it('holds at least eight procedures of the seeds’ administrations, one with a fee rule and one for private eSpaces', () => {
    const definitions = [...catalogue().values()];
    assert.ok(new Set(definitions.map((d) => d.code)).size >= 8);
    assert.ok(definitions.some((d) => 'logic' in d.fee));
    assert.ok(definitions.some((d) => d.audience === 'private'));
  });

  it('asks ITM social elections procedures for ITM_ELECTIONS and MENJE training ones for MENJE_FORMATION', () => {
    const definitions = [...catalogue().values()];
    const scopes = (prefix: string) =>
      new Set(definitions.filter((d) => d.code.startsWith(prefix)).map((d) => d.certificationScope));
    assert.deepEqual(scopes('ITM-SE-'), new Set(['ITM_ELECTIONS']));
    assert.deepEqual(scopes('MENJE-FC-'), new Set(['MENJE_FORMATION']));
    for (const code of [
      'ITM-SE-ANNOUNCE',
      'ITM-SE-CANDIDATES',
      'ITM-SE-MINUTES',
      'ITM-SE-DEROGATION',
      'MENJE-FC-TEAM',
      'MENJE-FC-MANAGER',
    ]) {
      assert.ok(
        definitions.some((d) => d.code === code),
        code,
      );
    }
  });

  it('uses every kind of field, conditions, prefill from each source and an extra answers schema', () => {
    const definitions = [...catalogue().values()];
    const entries = definitions.flatMap((d) => fieldEntries(d));
    const types = new Set(entries.map((e) => e.field.type));
    for (const type of [
      'text',
      'textarea',
      'number',
      'amount',
      'date',
      'choice',
      'choices',
      'yesno',
      'email',
      'phone',
    ]) {
      assert.ok(types.has(type as never), type);
    }
    for (const type of ['address', 'iban', 'company-id', 'file', 'group'])
      assert.ok(types.has(type as never), type);
    assert.ok(
      entries.some((e) => e.field.when && e.group),
      'a condition inside a group',
    );
    assert.ok(
      entries.some((e) => e.field.when && e.field.type === 'group'),
      'a group shown on condition',
    );
    const sources = new Set(entries.map((e) => e.field.prefill?.split('.')[0]));
    for (const source of ['sheet', 'person', 'certified']) assert.ok(sources.has(source), source);
    assert.ok(entries.some((e) => e.field.certified));
    assert.ok(definitions.some((d) => d.answersSchema));
  });

  it('has two versions of the announcement of the elections, for version moves', () => {
    const files = [...catalogue().keys()];
    assert.ok(files.includes('itm-se-announce.v1.json') && files.includes('itm-se-announce.v2.json'));
  });
});
