import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import forge from 'node-forge';
import { freshDatabase } from '../../test/support/db.ts';
import { commandsOn } from '../../test/support/terminal.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import type { Database } from '../platform/db.ts';

/**
 * `comptoir ca|person|device`, on the database of the engine under test, with the certificate
 * authority in the data folder as on a new installation. Handed to a running portal by a real
 * process: cli-portal.test.ts.
 */
describe('comptoir CLI: certificate authority, persons and devices', () => {
  let dir: string;
  let database: Database;
  let config: Config;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comptoir-cli-identity-'));
    config = loadConfig({ MODE: 'production', LOG_LEVEL: 'silent', DATA_DIR: dir });
    database = await freshDatabase();
  });
  after(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    commandsOn(
      () => database,
      config,
      () => dir,
    )(...args);

  it('`ca init` creates the CA in CA_DIR once, then leaves it alone', async () => {
    const first = await cli('ca', 'init');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Certificate authority created in .*ca/);
    const caFile = path.join(dir, 'ca', 'ca.crt');
    const before = await readFile(caFile, 'utf8');
    assert.match(before, /BEGIN CERTIFICATE/);
    assert.equal((await stat(path.join(dir, 'ca', 'ca.key'))).mode & 0o077, 0, 'the key is private');
    const second = await cli('ca', 'init');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /already exists/);
    assert.equal(await readFile(caFile, 'utf8'), before);
  });

  it('`person add` prints the id; `device add` gives an OTP token and a certificate', async () => {
    const added = await cli(
      'person',
      'add',
      '--surname',
      'Muller',
      '--first-name',
      'Anne',
      '--email',
      'anne.muller@example.lu',
      '--national-id',
      '1980010112345',
      '--lang',
      'en',
    );
    assert.equal(added.code, 0, added.stderr);
    const personId = added.stdout.trim();
    assert.match(personId, /^[0-9a-f-]{36}$/);

    const otp = await cli('device', 'add', '--person', personId, '--kind', 'otp');
    assert.equal(otp.code, 0, otp.stderr);
    assert.match(otp.stdout, /User ID: u\d{7}/);
    assert.match(otp.stdout, /Password: \S{14}/);
    assert.match(otp.stdout, /Secret: [A-Z2-7]{32}/);

    const out = path.join(dir, 'anne.p12');
    const cert = await cli(
      'device',
      'add',
      '--person',
      '1980010112345',
      '--kind',
      'certificate',
      '--label',
      'eid',
      '--out',
      out,
    );
    assert.equal(cert.code, 0, cert.stderr);
    const password = cert.stdout.match(/Password: (\S+)/)?.[1];
    const number = cert.stdout.match(/Certificate number: ([\d ]+)/)?.[1]?.replace(/ /g, '');
    assert.ok(password && number, cert.stdout);
    const p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer((await readFile(out)).toString('binary'))),
      password,
    );
    const bags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
    const serials = bags.map((bag) => bag.cert?.subject.getField({ type: '2.5.4.5' })?.value);
    assert.ok(serials.includes(number), 'the certificate carries its number');
  });

  it('fails clearly on an unknown person or missing options', async () => {
    const unknown = await cli('device', 'add', '--person', '9999999999999', '--kind', 'otp');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No person/);
    const missing = await cli('person', 'add', '--surname', 'X');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Usage: comptoir person add/);
  });
});
