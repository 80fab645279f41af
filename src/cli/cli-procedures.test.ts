import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { databaseWithRegistries } from '../../test/support/certification.ts';
import { commandsOn } from '../../test/support/terminal.ts';
import { loadConfig } from '../platform/config.ts';
import type { Database } from '../platform/db.ts';

const catalogue = (name: string) =>
  path.resolve(import.meta.dirname, '../features/procedures/catalogue', name);

/**
 * `comptoir procedures publish|close|list` as the portal runs them for an operator (the same
 * commands, on the database of the engine under test), files named relative to the operator's folder.
 * As processes on the embedded database, handed to a running portal: cli-portal.test.ts.
 */
describe('comptoir procedures', () => {
  let dir: string;
  let database: Database;
  const config = loadConfig({ MODE: 'production', LOG_LEVEL: 'silent' });
  const cli = commandsOn(
    () => database,
    config,
    () => dir,
  );
  const file = async (name: string, json: unknown) => {
    await writeFile(path.join(dir, name), typeof json === 'string' ? json : JSON.stringify(json, null, 2));
    return name;
  };
  const announce = async (version: 1 | 2) =>
    JSON.parse(await readFile(catalogue(`itm-se-announce.v${version}.json`), 'utf8')) as Record<
      string,
      unknown
    >;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comptoir-procedures-'));
    database = await databaseWithRegistries();
  });
  after(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the public keys of the slips, the same key each time, made at first need', async () => {
    const first = await cli('procedures', 'keys');
    assert.equal(first.code, 0, first.stderr);
    const jwks = JSON.parse(first.stdout) as { keys: Record<string, string>[] };
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.deepEqual(
      { kty: key!.kty, crv: key!.crv, alg: key!.alg, use: key!.use },
      { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' },
    );
    assert.equal(key!.d, undefined, 'no private part');
    assert.match(key!.kid!, /^[\w-]{43}$/);
    assert.equal((await cli('procedures', 'keys')).stdout, first.stdout);
  });

  it('publishes files in version order, then says they are already published', async () => {
    // Version 2 named first: a code's versions are published in turn whatever the order given.
    const files = [catalogue('itm-se-announce.v2.json'), catalogue('itm-se-announce.v1.json')];
    let result = await cli('procedures', 'publish', ...files, catalogue('menje-fc-team.v1.json'));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      `${files[1]}: published ITM-SE-ANNOUNCE v1`,
      `${files[0]}: published ITM-SE-ANNOUNCE v2`,
      `${catalogue('menje-fc-team.v1.json')}: published MENJE-FC-TEAM v1`,
    ]);
    result = await cli('procedures', 'publish', files[1]!);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${files[1]}: ITM-SE-ANNOUNCE v1 already published (same content)\n`);
  });

  it('refuses a changed file under a published version, and files with problems, each at its JSON pointer', async () => {
    const changed = await file('changed.json', { ...(await announce(1)), processingDays: 16 });
    let result = await cli('procedures', 'publish', changed);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^changed\.json: \/version: ITM-SE-ANNOUNCE v1 is already published with other content; a published version never changes: publish it as version 3\n/,
    );
    assert.match(result.stderr, /changed\.json: not published \(1 problem\(s\)\)/);

    const { title: _, ...untitled } = await announce(1);
    const broken = await file('broken.json', {
      ...untitled,
      code: 'ITM-BROKEN',
      administration: 'ITM',
      certificationScope: 'NO_SUCH_SCOPE',
      steps: [
        { id: 'one', title: { fr: 'Un', en: 'One', de: 'Eins' }, fields: [{ id: 'x', type: 'colour' }] },
      ],
    });
    const unreadable = await file('notjson.json', '{ "code": "ITM-X", ');
    const good = catalogue('itm-se-minutes.v1.json');
    result = await cli('procedures', 'publish', broken, unreadable, 'missing.json', good);
    assert.equal(result.code, 1, 'one file with a problem fails the command');
    assert.match(result.stderr, /^broken\.json: \/title: is required$/m);
    assert.match(result.stderr, /^broken\.json: \/steps\/0\/fields\/0\/type: must be one of "text", /m);
    assert.match(result.stderr, /^notjson\.json: not JSON: /m);
    assert.match(result.stderr, /^missing\.json: cannot be read: /m);
    assert.equal(result.stdout, `${good}: published ITM-SE-MINUTES v1\n`, 'the good file is published');

    const scope = await file('scope.json', {
      ...(await announce(1)),
      code: 'ITM-SCOPED',
      certificationScope: 'NO_SUCH_SCOPE',
    });
    result = await cli('procedures', 'publish', scope);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^scope\.json: \/certificationScope: no certification scope has the code "NO_SUCH_SCOPE"$/m,
    );
    assert.equal((await cli('procedures', 'publish')).code, 2);
  });

  it('closes a version at a day, later or now; never in the past, and a closed version never reopens', async () => {
    let result = await cli('procedures', 'close', 'itm-se-announce', '1', '--at', '2099-01-01');
    assert.equal(result.code, 0, result.stderr);
    // The first minute of that day in Luxembourg (winter time: UTC+1).
    assert.equal(result.stdout, 'ITM-SE-ANNOUNCE v1 closes at 01/01/2099, 00:00 (Luxembourg time).\n');
    result = await cli('procedures', 'close', 'ITM-SE-ANNOUNCE', '1', '--at', '2099-07-01T12:00+02:00');
    assert.equal(
      result.stdout,
      'ITM-SE-ANNOUNCE v1 closes at 01/07/2099, 12:00 (Luxembourg time) (was 01/01/2099, 00:00 (Luxembourg time)).\n',
    );
    result = await cli('procedures', 'close', 'ITM-SE-ANNOUNCE', '1', '--at', '2020-01-01');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /That moment is past: a version closes now at the earliest \(--at now\)/);

    result = await cli('procedures', 'close', 'ITM-SE-ANNOUNCE', '1', '--at', 'now');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'ITM-SE-ANNOUNCE v1 is closed now.\n');
    result = await cli('procedures', 'close', 'ITM-SE-ANNOUNCE', '1', '--at', '2099-01-01');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ITM-SE-ANNOUNCE v1 closed at .*: a closed version never reopens/);

    assert.equal((await cli('procedures', 'close', 'ITM-SE-NONE', '1', '--at', 'now')).code, 1);
    for (const args of [
      ['ITM-SE-ANNOUNCE', '1', '--at', 'tomorrow'],
      ['ITM-SE-ANNOUNCE', '1', '--at', '2099-02-30'],
      ['ITM-SE-ANNOUNCE', '1', '--at', '2099-01-01T10:00'],
      ['ITM-SE-ANNOUNCE', 'one', '--at', 'now'],
      ['ITM-SE-ANNOUNCE', '1'],
    ]) {
      assert.equal((await cli('procedures', 'close', ...args)).code, 2, args.join(' '));
    }
  });

  it('lists every published version with its state', async () => {
    const result = await cli('procedures', 'list');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((line) => line.split('\t').slice(0, 4).join(' ')),
      [
        'ITM-SE-ANNOUNCE v1 ITM business',
        'ITM-SE-ANNOUNCE v2 ITM business',
        'ITM-SE-MINUTES v1 ITM business',
        'MENJE-FC-TEAM v1 MENJE business',
      ],
    );
    assert.match(lines[0]!, /\tclosed \d\d\/\d\d\/\d{4}, \d\d:\d\d \(Luxembourg time\)\tpublished /);
    assert.match(lines[1]!, /\topen\tpublished .*\tsha256:[0-9a-f]{16}$/);
  });
});
