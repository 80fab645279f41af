import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshDatabase } from '../../test/support/db.ts';
import { readPdf } from '../../test/support/pdf.ts';
import { commandsOn } from '../../test/support/terminal.ts';
import { loadConfig } from '../platform/config.ts';
import type { Database } from '../platform/db.ts';

/**
 * The operator's registries and codes: `comptoir import`, `comptoir codes issue` and `comptoir
 * officer add`, on the database of the engine under test, files named relative to the
 * operator's folder. The same commands as processes on the embedded database, handed to a
 * running portal: cli-portal.test.ts.
 */
describe('comptoir import, codes and officer', () => {
  let dir: string;
  let database: Database;
  const config = loadConfig({
    MODE: 'production',
    LOG_LEVEL: 'silent',
    BASE_URL: 'https://comptoir.example.lu',
  });
  const cli = commandsOn(
    () => database,
    config,
    () => dir,
  );
  const file = async (name: string, text: string) => {
    await writeFile(path.join(dir, name), text);
    return name;
  };
  const count = async (table: string) => {
    const result = await database.db.execute(`select count(*)::int as n from ${table}` as never);
    return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
  };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comptoir-registry-'));
    database = await freshDatabase();
  });
  after(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the registries; a file with a bad row is reported by line and nothing of it is imported', async () => {
    const administrations = await file(
      'administrations.csv',
      'code,name_fr,name_en,name_de,address,contact\nITM,Inspection du travail,Labour inspectorate,Gewerbeinspektion,"3, rue des Primeurs | L-2361 Strassen",Tél. +352 247-76100\n',
    );
    let result = await cli('import', 'administrations', administrations);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Imported 1 administrations/);
    const scopes = await file(
      'scopes.csv',
      'code,administration,category,name_fr,name_en,name_de,source_fr,source_en,source_de,valid_until\n' +
        'ITM_ELECTIONS,ITM,social_elections,ITM_ELECTIONS,ITM_ELECTIONS,ITM_ELECTIONS,Codes,Codes,Codes,2029-12-31\n',
    );
    result = await cli('import', 'scopes', scopes);
    assert.equal(result.code, 0, result.stderr);

    const bad = await file(
      'bad-entities.csv',
      'scheme,value,name,street,postcode,city,country,lang,employees\n' +
        'rcs,B1,Good SARL,1 rue A,L-1111,Luxembourg,Luxembourg,fr,12\n' +
        'xyz,B2,Bad scheme,1 rue A,L-1111,Luxembourg,Luxembourg,fr,\n' +
        'rcs,B3,,1 rue A,L-1111,Luxembourg,Luxembourg,it,\n' +
        'rcs,B1,Twice,1 rue A,L-1111,Luxembourg,Luxembourg,fr,\n',
    );
    result = await cli('import', 'entities', bad);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad-entities\.csv:3: scheme must be one of rcs, structure, vat, other/);
    assert.match(result.stderr, /bad-entities\.csv:4: name is empty/);
    assert.match(result.stderr, /bad-entities\.csv:4: lang must be fr, en or de/);
    assert.match(result.stderr, /bad-entities\.csv:5: rcs:B1 already appears on line 2/);
    assert.match(result.stderr, /Nothing was imported/);
    assert.equal(await count('legal_entities'), 0, 'not even the good row');

    const missing = await file('missing.csv', 'scheme,value,name\nrcs,B1,Good\n');
    result = await cli('import', 'entities', missing);
    assert.match(result.stderr, /missing\.csv:1: missing column\(s\): street, postcode, city, country, lang/);

    const good = await file(
      'entities.csv',
      'scheme,value,name,street,postcode,city,country,lang,employees,sector\n' +
        'rcs,b 100 001,Maitry Bâtiment SARL,"12, rue de Hollerich",L-1740,Luxembourg,Luxembourg,fr,48,Construction\n' +
        'structure,S10001,Crèche Mausi,"14, rue des Écoles",L-7220,Walferdange,Luxembourg,de,,\n',
    );
    result = await cli('import', 'entities', good);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Imported 2 entities/);
    // Importing again updates by identifier (the value as written: spaces dropped, capitals).
    result = await cli('import', 'entities', good);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await count('legal_entities'), 2);
    assert.equal((await cli('import', 'nonsense', good)).code, 2);
  });

  it('issues one code with its letter, or a batch whose codes are only in the letters', async () => {
    let result = await cli(
      'codes',
      'issue',
      '--scope',
      'ITM_ELECTIONS',
      '--entity',
      'rcs:B100001',
      '--kind',
      'holder',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^ITM-[A-NP-Z1-9]{6}\t[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\tholder\trcs:B100001\tMaitry Bâtiment SARL\n$/,
    );

    const letter = path.join(dir, 'one.pdf');
    result = await cli(
      'codes',
      'issue',
      '--scope',
      'ITM_ELECTIONS',
      '--entity',
      'structure:S10001',
      '--kind',
      'agent',
      '--expires',
      '2099-12-31',
      '--letter',
      letter,
    );
    assert.equal(result.code, 0, result.stderr);
    const code = result.stdout.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];
    const one = await readPdf(await readFile(letter));
    assert.equal(one.pages.length, 1);
    assert.ok(one.pages[0]!.text.includes(code));
    assert.match(one.pages[0]!.text, /Zugangscode Bevollmächtigter/, 'the structure writes in German');
    assert.match(one.pages[0]!.text, /31\.12\.2099/);

    const batch = await file(
      'batch.csv',
      'scope,entity,kind,expires\nITM_ELECTIONS,rcs:B100001,holder,\nITM_ELECTIONS,structure:S10001,holder,2099-01-31\n',
    );
    const letters = path.join(dir, 'batch.pdf');
    result = await cli('codes', 'issue', '--csv', batch, '--letters', letters);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(
      result.stdout,
      /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/,
      'no code on the terminal',
    );
    assert.match(result.stdout, /Letters written to .*batch\.pdf \(2 page\(s\)\)/);
    assert.equal((await readPdf(await readFile(letters))).pages.length, 2);

    const before = await count('access_codes');
    const wrong = await file(
      'wrong.csv',
      'scope,entity,kind,expires\nITM_ELECTIONS,rcs:B100001,holder,\nNOPE,rcs:B100001,holder,\nITM_ELECTIONS,rcs:B9,owner,2001-01-01\n',
    );
    result = await cli('codes', 'issue', '--csv', wrong, '--letters', path.join(dir, 'wrong.pdf'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /wrong\.csv:3: scope NOPE is unknown/);
    assert.match(result.stderr, /wrong\.csv:4: entity rcs:B9 is unknown/);
    assert.match(result.stderr, /wrong\.csv:4: kind must be holder or agent/);
    assert.match(result.stderr, /wrong\.csv:4: expires must be a future date/);
    assert.equal(await count('access_codes'), before, 'nothing issued');
    assert.equal((await cli('codes', 'issue', '--csv', batch)).code, 2, 'a batch needs its letters');
  });

  it('makes a person an officer of an administration', async () => {
    const person = await cli(
      'person',
      'add',
      '--surname',
      'Schmit',
      '--first-name',
      'Paul',
      '--email',
      'paul@example.lu',
    );
    const id = person.stdout.trim();
    let result = await cli('officer', 'add', '--person', id, '--administration', 'ITM');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /is now an officer of ITM/);
    result = await cli('officer', 'add', '--person', id, '--administration', 'ITM');
    assert.match(result.stdout, /already was an officer of ITM/);
    result = await cli('officer', 'add', '--person', id, '--administration', 'ITM', '--role', 'supervisor');
    assert.match(result.stdout, /is now an officer of ITM \(supervisor\)/);
    result = await cli('officer', 'add', '--person', id, '--administration', 'ITM', '--role', 'chief');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--role officer\|supervisor\|catalogue_editor/);
    result = await cli('officer', 'add', '--person', id, '--administration', 'NOPE');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No administration NOPE/);
    assert.equal((await cli('officer', 'add', '--person', id)).code, 2);
  });
});
