import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runEntry } from '../../test/support/cli.ts';
import { readPdf } from '../../test/support/pdf.ts';
import { Browser, type Portal, refusedStart, startPortal } from '../../test/support/portal.ts';
import { terminal } from '../../test/support/terminal.ts';
import { handOver } from '../platform/command-channel.ts';
import { openDatabase } from '../platform/db.ts';

/**
 * The operator's commands on the embedded database while the portal runs on it, both as real
 * processes: before, each command opened a second PGlite on the folder and what it wrote was
 * never seen by the portal, even after a restart.
 */
describe('comptoir commands while a portal runs on the data folder', () => {
  let dir: string;
  let portal: Portal | undefined;
  const dataDir = () => path.join(dir, 'data');
  // Run from the test's folder: relative file names are the caller's, not the portal's.
  const cli = (...args: string[]) => runEntry('src/cli/main.ts', args, { DATA_DIR: dataDir() }, { cwd: dir });
  // What the command above does once it finds the folder held: the hand-over, from this process
  // (a process costs seconds to start; a few commands run as real ones).
  const handed = async (...args: string[]) => {
    const { io, printed } = terminal(dir);
    const code = await handOver(dataDir(), args, io);
    return { code: code ?? null, stdout: printed.out, stderr: printed.err };
  };
  const ok = (result: { code: number | null; stdout: string; stderr: string }) => {
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  const token = { login: '', password: '', secret: '' };
  let reference = '';

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comptoir-portal-'));
    portal = await startPortal({ DATA_DIR: dataDir(), MODE: 'demo' });
  });
  after(async () => {
    await portal?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a second portal on the same folder refuses to start and names the process holding it', async () => {
    const second = await refusedStart({ DATA_DIR: dataDir(), MODE: 'demo' });
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`data folder .* is in use by process ${portal!.pid}\\b`));
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'a message, not a stack');
    assert.equal((await fetch(`${portal!.url}/healthz`)).status, 200, 'the first one runs on');
    const socket = await stat(path.join(dataDir(), 'comptoir.sock'));
    assert.equal(socket.mode & 0o777, 0o600, "the command socket is the owner's only");
  });

  it('every command that writes is carried out by the portal and seen at once', async () => {
    await writeFile(
      path.join(dir, 'administrations.csv'),
      'code,name_fr,name_en,name_de,address,contact\nZZT,Zed,Zed Authority,Zed,"1 rue Z | L-1111 Luxembourg",zed@example.lu\n',
    );
    await writeFile(
      path.join(dir, 'scopes.csv'),
      'code,administration,category,name_fr,name_en,name_de,source_fr,source_en,source_de,valid_until\n' +
        'ZZT_TEST,ZZT,social_elections,Zed test,Zed test,Zed test,Zed,Zed,Zed,\n',
    );
    await writeFile(
      path.join(dir, 'entities.csv'),
      'scheme,value,name,street,postcode,city,country,lang\nrcs,B999001,Zed Tools SARL,1 rue Z,L-1111,Luxembourg,Luxembourg,en\n',
    );
    // Commands arrive together: the portal carries them out side by side on its one database.
    const [administrations, entities, person] = await Promise.all([
      cli('import', 'administrations', 'administrations.csv'),
      cli('import', 'entities', 'entities.csv'),
      cli('person', 'add', '--surname', 'Weber', '--first-name', 'Lena', '--email', 'lena.weber@example.lu'),
    ]);
    assert.match(ok(administrations), /Imported 1 administrations/);
    assert.match(ok(entities), /Imported 1 entities/);
    const personId = ok(person).trim();
    assert.match(personId, /^[0-9a-f-]{36}$/);

    const [scopes, otp, certificate, officer] = await Promise.all([
      handed('import', 'scopes', 'scopes.csv'),
      handed('device', 'add', '--person', personId, '--kind', 'otp'),
      handed('device', 'add', '--person', personId, '--kind', 'certificate', '--out', 'lena.p12'),
      handed('officer', 'add', '--person', personId, '--administration', 'ZZT'),
    ]);
    assert.match(ok(scopes), /Imported 1 scopes/);
    token.login = ok(otp).match(/User ID: (\S+)/)![1]!;
    token.password = otp.stdout.match(/Password: (\S+)/)![1]!;
    token.secret = otp.stdout.match(/Secret: (\S+)/)![1]!;
    assert.match(ok(certificate), new RegExp(`File: ${path.join(dir, 'lena.p12')}`));
    assert.ok((await stat(path.join(dir, 'lena.p12'))).size > 0, 'written in the caller’s folder');
    assert.match(ok(officer), /is now an officer of ZZT/);

    const issued = await handed(
      'codes',
      'issue',
      ...['--scope', 'ZZT_TEST', '--entity', 'rcs:B999001', '--kind', 'holder', '--letter', 'letter.pdf'],
    );
    reference = ok(issued).match(/^(ZZT-\S+)\t/)![1]!;
    const code = issued.stdout.match(/\t([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\t/)![1]!;
    const letter = await readPdf(await readFile(path.join(dir, 'letter.pdf')));
    assert.ok(letter.pages[0]!.text.includes(code), 'the letter carries the code');

    // A procedure of the imported administration, published from the caller's folder.
    const announce = JSON.parse(
      await readFile(
        new URL('../features/procedures/catalogue/itm-se-announce.v1.json', import.meta.url),
        'utf8',
      ),
    );
    await writeFile(
      path.join(dir, 'zzt.json'),
      JSON.stringify({
        ...announce,
        code: 'ZZT-ANNOUNCE',
        administration: 'ZZT',
        certificationScope: 'ZZT_TEST',
      }),
    );
    assert.equal(
      ok(await handed('procedures', 'publish', 'zzt.json')),
      'zzt.json: published ZZT-ANNOUNCE v1\n',
    );
    assert.match(ok(await handed('procedures', 'list')), /^ZZT-ANNOUNCE\tv1\tZZT\tbusiness\topen\t/m);

    // The portal sees it all at once: the person logs on with the token and, as an officer of
    // the imported administration, finds the code on the imported company and scope.
    const browser = new Browser(portal!.url);
    assert.ok(await browser.logOnWithToken(token), 'the token the command made opens a session');
    const codes = await browser.get(`/backoffice/ZZT/codes?q=${reference}`);
    assert.equal(codes.status, 200);
    assert.ok(codes.body.includes(reference), 'the code is in the back office');
    assert.match(codes.body, /Zed Tools SARL/);
    assert.match(codes.body, /ZZT_TEST/);
  });

  it('a production start refuses the folder while it holds the demo data, and says how to clean it', async () => {
    assert.equal((await portal!.stop()).code, 0);
    portal = undefined;
    const production = await refusedStart({ DATA_DIR: dataDir(), MODE: 'production' });
    assert.equal(production.code, 1);
    assert.match(production.stderr, /holds demo data/);
    assert.match(production.stderr, /comptoir demo remove/);
    portal = await startPortal({ DATA_DIR: dataDir(), MODE: 'demo' });
  });

  it('`demo remove` through the portal: the demo is gone at once, and production then starts', async () => {
    const browser = new Browser(portal!.url);
    assert.match((await browser.get('/demo-identities')).body, /karine/);
    assert.match(ok(await cli('demo', 'remove')), /Demo data removed: .*4 persons/);
    assert.doesNotMatch((await browser.get('/demo-identities')).body, /karine/);

    assert.equal((await portal!.stop()).code, 0);
    portal = await startPortal({ DATA_DIR: dataDir(), MODE: 'production' });
    // After the restart, everything the commands wrote is still there.
    const officer = new Browser(portal.url);
    assert.ok(await officer.logOnWithToken(token, 30_000), 'the person and the token are still there');
    const codes = await officer.get(`/backoffice/ZZT/codes?q=${reference}`);
    assert.equal(codes.status, 200);
    assert.ok(codes.body.includes(reference));
    assert.equal((await officer.get('/demo-identities')).status, 404);
    assert.equal((await portal.stop()).code, 0);
    portal = undefined;

    // Stopped, the folder is free again, and holds what the commands wrote and no demo row.
    const database = await openDatabase({ dataDir: dataDir() });
    try {
      const count = async (query: string) =>
        ((await database.db.execute(query as never)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
      assert.equal(
        await count("select count(*)::int as n from persons where email = 'lena.weber@example.lu'"),
        1,
      );
      assert.equal(await count('select count(*)::int as n from persons where demo is not null'), 0);
      assert.equal(
        await count("select count(*)::int as n from devices where kind in ('otp', 'certificate')"),
        2,
      );
      assert.equal(await count('select count(*)::int as n from officers'), 1);
      assert.equal(
        await count(`select count(*)::int as n from access_codes where reference = '${reference}'`),
        1,
      );
      assert.equal(await count('select count(*)::int as n from administrations'), 1, 'ZZT only');
    } finally {
      await database.close();
    }
  });
});
