import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { personLoggedOn } from '../../test/support/agent.ts';
import { type TestApp, testApp } from '../../test/support/app.ts';
import { confirmCode, issueCode } from '../../test/support/certification.ts';
import { freshDatabase } from '../../test/support/db.ts';
import { setUpBusinessSpace } from '../../test/support/spaces.ts';
import { terminal } from '../../test/support/terminal.ts';
import { runCommand } from '../cli/run.ts';
import { portalContext } from '../cli/support.ts';
import { administrations, auditEvents, mandates, procedureDefinitions, spaces } from '../db/schema/index.ts';
import { loadConfig } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { demoDataLoadedAt, holdsDemoData, loadDemoDataOnce } from '../platform/demo.ts';
import { DemoDataInProduction, startComptoir } from '../server.ts';
import { importRegistry } from './certification/service/registry.ts';
import { createPerson } from './identity/service/persons.ts';
import { demoRemovers, demoSeeders } from './index.ts';
import { demoCatalogueFiles } from './procedures/catalogue/files.ts';
import { publishDefinition } from './procedures/service/publish.ts';

const count = async (db: Db, query: string) =>
  ((await db.execute(sql.raw(query))) as unknown as { rows: { n: number }[] }).rows[0]!.n;

/** `comptoir …` as the portal runs it for an operator, on the app's database. */
async function comptoir(t: TestApp, ...argv: string[]) {
  const { io, printed } = terminal();
  const code = await runCommand(argv, portalContext(io, t.database, t.config));
  return { code, ...printed };
}

describe('comptoir demo remove', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('deletes exactly the demo data: what real use made stays', async () => {
    const db = t.database.db;
    // Real use beside the demo: a person the operator added, who sets up a business eSpace
    // and certifies it with a code on a demo company; the operator's own ITM and a scope of it.
    const added = await comptoir(
      t,
      'person',
      'add',
      '--surname',
      'Real',
      '--first-name',
      'Rita',
      '--email',
      'rita@example.lu',
    );
    assert.equal(added.code, 0, added.err);
    const real = await personLoggedOn(t, { surname: 'Weiss' });
    const identifier = await setUpBusinessSpace(real.agent, 'Weiss Logistics');
    const { code } = await issueCode(t, { entity: 'rcs:B100002' });
    assert.equal((await confirmCode(real.agent, code)).statusCode, 303);
    const ok = await importRegistry(
      db,
      'administrations',
      'code,name_fr,name_en,name_de,address,contact\nITM,ITM,Labour inspectorate,ITM,1 rue A,itm@example.lu\n',
    );
    assert.ok(ok.ok);
    await importRegistry(
      db,
      'scopes',
      'code,administration,category,name_fr,name_en,name_de,source_fr,source_en,source_de,valid_until\nITM_REAL,ITM,social_elections,R,R,R,R,R,R,\n',
    );
    // A visitor of the demo made an identity on the first visit page.
    const visit = await t.app.inject({ url: '/first-visit' });
    const csrf = visit.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const made = await t.app.inject({
      method: 'POST',
      url: '/first-visit',
      headers: { cookie: visit.cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      payload: {
        _csrf: csrf,
        _once: visit.body.match(/name="_once" value="([^"]+)"/)![1]!,
        surname: 'Visitor',
        firstName: 'Vic',
        email: 'vic@example.lu',
        device: 'token',
      },
    });
    assert.equal(made.statusCode, 200);
    const personsBefore = await count(db, 'select count(*)::int as n from persons');
    assert.equal(await count(db, 'select count(*)::int as n from procedure_definitions where demo'), 9);

    const removed = await comptoir(t, 'demo', 'remove');
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, /Demo data removed: .*\b5 persons\b/, 'the 4 demo identities and the visitor');
    assert.match(removed.out, /\b9 procedure versions\b/, 'the demo catalogue');
    assert.equal(await count(db, 'select count(*)::int as n from procedure_definitions'), 0);

    assert.equal(await count(db, 'select count(*)::int as n from persons'), personsBefore - 5);
    assert.equal(await count(db, 'select count(*)::int as n from persons where demo is not null'), 0);
    assert.equal(
      await count(db, "select count(*)::int as n from persons where email = 'rita@example.lu'"),
      1,
    );
    const [space] = await db.select().from(spaces).where(eq(spaces.identifier, identifier));
    assert.ok(space, 'the eSpace a real person set up stays');
    assert.equal(
      (await t.app.inject({ url: '/spaces', headers: { cookie: real.agent.cookie() } })).statusCode,
      200,
    );
    assert.match((await real.agent.get('/spaces')).body, /Weiss Logistics/);
    // Its certification was on a demo company: it goes with it.
    assert.equal((await db.select().from(mandates).where(eq(mandates.spaceId, space.id))).length, 0);
    assert.equal(await count(db, 'select count(*)::int as n from legal_entities'), 0);
    // The operator's ITM stays with its own scope; every demo scope and administration goes.
    assert.deepEqual(
      (await db.select({ code: administrations.code }).from(administrations)).map((a) => a.code),
      ['ITM'],
    );
    assert.equal(
      await count(db, "select count(*)::int as n from certification_scopes where code <> 'ITM_REAL'"),
      0,
    );
    assert.equal(await count(db, 'select count(*)::int as n from officers'), 0, 'the demo officer is gone');
    assert.equal((await t.app.inject({ url: '/demo-identities' })).body.includes('karine'), false);
    assert.equal(await demoDataLoadedAt(db), undefined);
    assert.equal(await holdsDemoData(db, demoRemovers), false);
    const [trail] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'demo.removed'));
    assert.equal(trail?.detail?.persons, 5);

    const again = await comptoir(t, 'demo', 'remove');
    assert.equal(again.code, 0);
    assert.match(again.out, /holds no demo data/);
    assert.equal((await comptoir(t, 'demo')).code, 2);
  });
});

describe('production and the demo data', () => {
  const production = loadConfig({ MODE: 'production', LOG_LEVEL: 'silent' });
  /** A database as a demo start leaves it (the test runner's copy has the demo in already). */
  const demoDatabase = async () => {
    const database = await freshDatabase({ demo: true });
    await loadDemoDataOnce(database.db, loadConfig({ MODE: 'demo' }), demoSeeders);
    return database;
  };

  it('refuses to start on a database that holds the demo data, and says how to clean it', async () => {
    const database = await demoDatabase();
    await assert.rejects(startComptoir(production, { database }), (error: unknown) => {
      assert.ok(error instanceof DemoDataInProduction);
      assert.match(error.message, /comptoir demo remove/);
      return true;
    });
  });

  it('refuses a demo identity left without the marker; starts once the demo is removed', async () => {
    const database = await freshDatabase();
    try {
      const config = loadConfig({ MODE: 'demo' });
      await createPerson(
        { db: database.db, config },
        { surname: 'V', firstName: 'V', email: 'v@example.lu' },
        'visitor',
      );
      assert.equal(await holdsDemoData(database.db, demoRemovers), true);
    } finally {
      await database.close();
    }
    const cleaned = await demoDatabase();
    assert.equal(await runCommand(['demo', 'remove'], portalContext(terminal().io, cleaned, production)), 0);
    assert.equal(await holdsDemoData(cleaned.db, demoRemovers), false);
    const comptoir = await startComptoir(production, { database: cleaned });
    await comptoir.close();
  });

  it("refuses to remove the registry rows the operator's procedures use, until the operator imports them", async () => {
    const database = await demoDatabase();
    try {
      const config = loadConfig({ MODE: 'demo' });
      const remove = () => {
        const { io, printed } = terminal();
        return runCommand(['demo', 'remove'], portalContext(io, database, config)).then((code) => ({
          code,
          ...printed,
        }));
      };
      // The operator publishes the demo's bicycle aid as theirs: it stands on the demo's AEV.
      const bike = demoCatalogueFiles().get('aev-bike-aid.v1.json');
      assert.equal((await publishDefinition({ db: database.db }, bike)).status, 'already');
      const refused = await remove();
      assert.equal(refused.code, 1);
      assert.match(
        refused.err,
        /procedures you published use the demo's administrations or certification scopes: AEV-BIKE-AID v1 \(AEV\)/,
      );
      assert.match(refused.err, /comptoir import administrations\|scopes FILE\.csv makes them yours/);
      assert.equal(await holdsDemoData(database.db, demoRemovers), true, 'nothing was removed');
      assert.equal(
        await count(database.db, 'select count(*)::int as n from procedure_definitions where demo'),
        8,
      );

      await importRegistry(
        database.db,
        'administrations',
        'code,name_fr,name_en,name_de,address,contact\nAEV,AEV,Environment Agency,AEV,1 rue A,aev@example.lu\n',
      );
      assert.equal((await remove()).code, 0);
      assert.deepEqual(
        await database.db
          .select({ code: procedureDefinitions.code, demo: procedureDefinitions.demo })
          .from(procedureDefinitions),
        [{ code: 'AEV-BIKE-AID', demo: false }],
      );
    } finally {
      await database.close();
    }
  });

  it("the demo never makes an operator's registry row its own", async () => {
    const database = await freshDatabase();
    try {
      const config = loadConfig({ MODE: 'demo' });
      await importRegistry(
        database.db,
        'administrations',
        'code,name_fr,name_en,name_de,address,contact\nMENJE,Menje,Menje,Menje,1 rue A,menje@example.lu\n',
      );
      // The operator tried the demo on their database after importing their registry.
      await loadDemoDataOnce(database.db, config, demoSeeders);
      const [menje] = await database.db
        .select()
        .from(administrations)
        .where(eq(administrations.code, 'MENJE'));
      assert.equal(menje?.demo, false);
      await runCommand(['demo', 'remove'], portalContext(terminal().io, database, config));
      assert.deepEqual(
        (await database.db.select({ code: administrations.code }).from(administrations)).map((a) => a.code),
        ['MENJE'],
      );
      assert.equal(await count(database.db, 'select count(*)::int as n from persons'), 0);
    } finally {
      await database.close();
    }
  });
});
