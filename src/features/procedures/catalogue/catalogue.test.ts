import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateAll } from '../definition/answers.ts';
import { fieldEntries } from '../definition/fields.ts';
import { type Definition, fieldTypes } from '../definition/types.ts';
import { checkDefinition } from '../definition/validate.ts';
import { demoCatalogueFiles } from './files.ts';

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
  for (const [name, json] of demoCatalogueFiles()) {
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
    assert.deepEqual(
      fieldTypes.filter((type) => !types.has(type)),
      [],
    );
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

  it('can be filled in: complete answers of the candidates list and the bicycle aid pass validation', () => {
    const definitions = catalogue();
    const pdf = {
      fileId: '3f0c8a3e-2b7d-4c1a-9e5f-6a7b8c9d0e1f',
      name: 'liste.pdf',
      size: 183204,
      type: 'application/pdf',
    };
    const candidates = {
      companyName: 'Maitry Bâtiment SARL',
      companyId: 'B100001',
      electionDate: '2029-03-12',
      listName: 'Liste indépendante',
      listType: 'employees',
      supportersCount: 12,
      candidates: [
        {
          surname: 'Maitry',
          firstName: 'Karine',
          birthDate: '1984-05-02',
          jobTitle: 'Cheffe de chantier',
          hiredOn: '2010-09-01',
        },
        {
          surname: 'Thill',
          firstName: 'Marc',
          birthDate: '1991-11-23',
          jobTitle: 'Maçon',
          hiredOn: '2015-02-16',
          email: 'marc.thill@maitry.lu',
        },
      ],
      signedList: pdf,
      supportSignatures: { ...pdf, name: 'signatures.pdf' },
    };
    assert.deepEqual(validateAll(definitions.get('itm-se-candidates.v1.json')!, candidates), {
      ok: true,
      answers: candidates,
    });
    const bike = {
      surname: 'Schmit',
      firstName: 'Paul',
      birthDate: '1979-06-30',
      homeAddress: {
        street: '15, avenue de la Gare',
        postcode: 'L-9233',
        city: 'Diekirch',
        country: 'Luxembourg',
      },
      email: 'paul.schmit@example.lu',
      bikeType: 'pedelec',
      purchaseDate: '2026-04-18',
      price: 249900,
      newBike: true,
      invoice: { ...pdf, name: 'facture.pdf' },
      iban: 'LU280019400644750000',
      accountHolder: 'Paul Schmit',
      declaration: ['truthful'],
    };
    assert.deepEqual(validateAll(definitions.get('aev-bike-aid.v1.json')!, bike), {
      ok: true,
      answers: bike,
    });
  });

  it('has two versions of the announcement of the elections, for version moves', () => {
    const files = [...catalogue().keys()];
    assert.ok(files.includes('itm-se-announce.v1.json') && files.includes('itm-se-announce.v2.json'));
  });
});
