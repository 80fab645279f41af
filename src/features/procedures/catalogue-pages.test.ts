import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { Agent, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { certifiedCompany, company } from '../../../test/support/certification.ts';
import { join } from '../../../test/support/spaces.ts';
import { changedTables, snapshotTables } from '../../../test/support/tables.ts';
import { legalEntities, mandates, procedures } from '../../db/schema/index.ts';
import { newOneTimeToken, ONE_TIME_FIELD } from '../../platform/http/idempotency.ts';
import { closeVersion } from './service/publish.ts';

/**
 * "New procedure" through HTTP: the catalogue's search and filters, each eSpace's kind, the
 * certification each procedure needs, the sheet with "For which company?" for a fiduciary with a
 * thousand clients, and "Create" (one draft per form, for a company the eSpace may act for).
 */

const ITM = ['ITM-SE-ANNOUNCE', 'ITM-SE-CANDIDATES', 'ITM-SE-DEROGATION', 'ITM-SE-MINUTES'];
const MENJE = ['MENJE-FC-MANAGER', 'MENJE-FC-TEAM'];
const CLIENTS = 1000;

/** The procedures a catalogue page links to, in page order. */
const codesOn = (html: string) =>
  [...html.matchAll(/href="\/procedures\/new\/([A-Z0-9-]+)"/g)].map((m) => m[1]!);
/** The companies offered as radios on a sheet: their entity ids. */
const choicesOn = (html: string) =>
  [...html.matchAll(/name="subject" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
/** The text of a page without its tags, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** Gives the eSpace an agent mandate on `count` new companies from the `first`th ("Client 0001 SARL", RCS B400001…), set-based. */
async function clientsOf(t: TestApp, spaceId: string, count: number, first = 1): Promise<void> {
  await t.database.db.execute(sql`
    with scope as (select id, valid_until from certification_scopes where code = 'ITM_ELECTIONS'),
         entities as (
           insert into legal_entities (scheme, value, name, address, lang, attributes)
           select 'rcs', 'B' || (400000 + i), 'Client ' || lpad(i::text, 4, '0') || ' SARL',
                  '{"street":"1, rue de la Gare","postcode":"L-1611","city":"Luxembourg","country":"Luxembourg"}'::jsonb,
                  'fr', '{}'::jsonb
             from generate_series(${first}::int, ${first + count - 1}::int) i
           returning id, name, value),
         codes as (
           insert into access_codes (reference, code_hash, scope_id, entity_id, kind, status, used_at, used_by_space_id)
           select 'TEST-' || e.value, md5(e.value || random()::text), scope.id, e.id, 'agent', 'used', now(), ${spaceId}::uuid
             from entities e, scope
           returning id, entity_id, scope_id)
    insert into mandates (space_id, scope_id, entity_id, kind, sort_name, access_code_id, valid_until)
    select ${spaceId}::uuid, codes.scope_id, codes.entity_id, 'agent', lower(e.name), codes.id, scope.valid_until
      from codes join entities e on e.id = codes.entity_id, scope`);
}

const entityId = async (t: TestApp, value: string) =>
  (await t.database.db.select().from(legalEntities).where(eq(legalEntities.value, value)))[0]!.id;

const draftsOf = (t: TestApp, spaceId: string) =>
  t.database.db.select().from(procedures).where(eq(procedures.spaceId, spaceId));

describe('New procedure: the catalogue, a sheet and Create', () => {
  let t: TestApp;
  let certified: { agent: Agent; spaceId: string };
  let uncertified: { agent: Agent; spaceId: string };
  let fiduciary: { agent: Agent; spaceId: string; identifier: string };
  let citizen: Agent;

  before(async () => {
    t = await testApp();
    certified = await certifiedCompany(t, 'Maitry Élections', 'rcs:B100001');
    uncertified = await company(t, 'Sans Certification');
    fiduciary = await certifiedCompany(t, 'Fiduciaire de l’Est', 'rcs:B100002');
    await clientsOf(t, fiduciary.spaceId, CLIENTS);
    citizen = (await personLoggedOn(t)).agent;
    const privateId = (await citizen.get('/spaces')).body.match(/PP-[A-NP-Z1-9]{6}/)?.[0];
    assert.ok(privateId);
    assert.equal((await citizen.post('/spaces/select', { identifier: privateId })).statusCode, 303);
  });
  after(() => t.close());

  // What a business eSpace finds for each search, in any language or case, accents or not.
  const searches: [string, string[]][] = [
    ['ITM', ITM],
    ['itm', ITM],
    ['elect', ITM],
    ['élect', ITM],
    ['ÉLECTIONS', ITM],
    ['Wahl', ['ITM-SE-ANNOUNCE', 'ITM-SE-DEROGATION', 'ITM-SE-MINUTES']],
    ['formation continue', MENJE],
  ];
  for (const [q, expected] of searches) {
    it(`"${q}" finds ${expected.join(', ')}`, async () => {
      const res = await certified.agent.get(`/procedures/new?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(codesOn(res.body).sort(), expected);
      assert.match(textOf(res.body), new RegExp(`${expected.length} procedures`));
      assert.match(res.body, new RegExp(`value="${q}"`), 'the search stays in its box');
    });
  }

  it('shows every procedure of the kind by administration and theme, titled in the reader’s language, with the menu entry', async () => {
    const res = await certified.agent.get('/procedures/new');
    assert.equal(res.statusCode, 200);
    // Administrations in code order; in a theme, procedures by title (Announcement, Minutes, Request, Submission).
    assert.deepEqual(codesOn(res.body), [
      'ALVA-EXPORT-CERT',
      'ITM-SE-ANNOUNCE',
      'ITM-SE-MINUTES',
      'ITM-SE-DEROGATION',
      'ITM-SE-CANDIDATES',
      ...MENJE,
    ]);
    const text = textOf(res.body);
    assert.match(text, /Inspectorate of Labour and Mines \(ITM\) Social elections/);
    assert.match(text, /Announcement of the social elections/);
    assert.match(text, /7 procedures/);
    assert.match(res.body, /<a href="\/procedures\/new" aria-current="page">New procedure<\/a>/);
    const french = new Agent(t, 'fr');
    french.setCookie(certified.agent.cookie());
    const fr = textOf((await french.get('/procedures/new')).body);
    assert.match(fr, /Annonce des élections sociales/);
    assert.match(fr, /Inspection du travail et des mines \(ITM\) Élections sociales/);
    assert.match(fr, /Nouvelle démarche/);
  });

  it('filters by administration and by theme, and says when nothing matches', async () => {
    const menje = await certified.agent.get('/procedures/new?administration=MENJE');
    assert.deepEqual(codesOn(menje.body), MENJE);
    assert.match(menje.body, /<option value="MENJE" selected>/);
    const theme = await certified.agent.get('/procedures/new?theme=food-safety&q=');
    assert.deepEqual(codesOn(theme.body), ['ALVA-EXPORT-CERT']);
    const both = await certified.agent.get('/procedures/new?administration=ITM&theme=education');
    assert.deepEqual(codesOn(both.body), []);
    const text = textOf(both.body);
    assert.match(text, /No procedure matches your search\./);
    assert.match(both.body, /<a href="\/procedures\/new">Clear the search and filters<\/a>/);
    assert.doesNotMatch(text, /0 procedures/);
    for (const nonsense of ['administration=NOPE', 'theme=%3Cscript%3E', 'q=xqzzy', `q=${'x'.repeat(500)}`]) {
      const res = await certified.agent.get(`/procedures/new?${nonsense}`);
      assert.equal(res.statusCode, 200, nonsense);
      assert.deepEqual(codesOn(res.body), [], nonsense);
    }
  });

  it('shows a private eSpace the citizen procedure only, and none of the business ones', async () => {
    const res = await citizen.get('/procedures/new');
    assert.deepEqual(codesOn(res.body), ['AEV-BIKE-AID']);
    assert.doesNotMatch(res.body, /Certification/);
    assert.deepEqual(codesOn((await citizen.get('/procedures/new?q=ITM')).body), []);
    assert.deepEqual(codesOn((await citizen.get('/procedures/new?q=v%C3%A9lo')).body), ['AEV-BIKE-AID']);
    assert.equal((await citizen.get('/procedures/new/ITM-SE-ANNOUNCE')).statusCode, 404);
    assert.equal((await citizen.post('/procedures/new/ITM-SE-ANNOUNCE')).statusCode, 404);
    assert.equal((await certified.agent.get('/procedures/new/AEV-BIKE-AID')).statusCode, 404);
    const sheet = await citizen.get('/procedures/new/AEV-BIKE-AID');
    assert.equal(sheet.statusCode, 200);
    assert.match(textOf(sheet.body), /Fee Free of charge/);
  });

  it('says which certification each procedure needs and whether this eSpace has it', async () => {
    const held = textOf((await certified.agent.get('/procedures/new?q=ITM')).body);
    assert.equal(held.match(/Certification ITM_ELECTIONS needed: this eSpace has it\./g)?.length, 4);
    const menje = await certified.agent.get('/procedures/new?q=MENJE');
    assert.match(
      textOf(menje.body),
      /Certification MENJE - Professional development - Continuing training needed: this eSpace does not have it\. Go to Certifications/,
    );
    assert.match(menje.body, /href="\/space\/certifications\?open=MENJE_FORMATION#scope-MENJE_FORMATION"/);
    const missing = await uncertified.agent.get('/procedures/new?q=ITM');
    assert.equal(
      textOf(missing.body).match(/Certification ITM_ELECTIONS needed: this eSpace does not have it\./g)
        ?.length,
      4,
    );
    // An eSpace holding mandates obtained only has it too, and chooses among its clients.
    const agentOnly = await company(t, 'Mandataire seul');
    await clientsOf(t, agentOnly.spaceId, 2, 5001);
    const agentOnlyPage = textOf((await agentOnly.agent.get('/procedures/new?q=ITM')).body);
    assert.equal(agentOnlyPage.match(/this eSpace has it\./g)?.length, 4);
    const sheet = await agentOnly.agent.get('/procedures/new/ITM-SE-ANNOUNCE');
    assert.deepEqual(choicesOn(sheet.body), [await entityId(t, 'B405001'), await entityId(t, 'B405002')]);
    // Sent with a search that offers no company: the error stands alone at the top.
    const lost = await agentOnly.agent.post('/procedures/new/ITM-SE-ANNOUNCE?q=xqzzy', {});
    assert.equal(lost.statusCode, 400);
    assert.match(
      lost.body,
      /<div class="error-summary"[^>]*><h2>[^<]+<\/h2><p>Choose the company this procedure is for\.<\/p>/,
    );
    assert.deepEqual(await draftsOf(t, agentOnly.spaceId), []);
  });

  it('shows the sheet: what the procedure is, its fee, signature and certification, and Create', async () => {
    const res = await certified.agent.get('/procedures/new/ITM-SE-DEROGATION');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /Request for a derogation concerning the social elections/);
    assert.match(text, /Administration Inspectorate of Labour and Mines \(ITM\)/);
    assert.match(text, /Procedure ITM-SE-DEROGATION, version 1/);
    assert.match(text, /Target processing time 21 calendar days/);
    assert.match(text, /Fee Free of charge/);
    assert.match(text, /Signature No signature needed/);
    assert.match(text, /Certification needed ITM_ELECTIONS: this eSpace has it/);
    assert.match(text, /For which company\?/);
    assert.match(res.body, /name="_once"/);
    assert.match(res.body, /<button type="submit" class="button">Create<\/button>/);
    const own = await entityId(t, 'B100001');
    assert.deepEqual(choicesOn(res.body), [own]);
    // A procedure without certification has no question; one with a fee rule says how it is reckoned.
    const alva = textOf((await certified.agent.get('/procedures/new/ALVA-EXPORT-CERT')).body);
    assert.match(alva, /Fee Calculated from your answers/);
    assert.match(alva, /Certification needed None/);
    assert.doesNotMatch(alva, /For which company/);
    for (const url of [
      '/procedures/new/NO-SUCH-CODE',
      '/procedures/new/itm-se-announce',
      `/procedures/new/${'A'.repeat(60)}`,
    ]) {
      assert.equal((await certified.agent.get(url)).statusCode, 404, url);
    }
  });

  it('tells an eSpace without the certification where to get it, with no Create button, and creates nothing', async () => {
    const res = await uncertified.agent.get('/procedures/new/ITM-SE-ANNOUNCE');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(
      text,
      /This procedure needs the certification ITM_ELECTIONS, which this eSpace does not have/,
    );
    assert.match(res.body, /href="\/space\/certifications\?open=ITM_ELECTIONS#scope-ITM_ELECTIONS"/);
    assert.doesNotMatch(res.body, />Create<\/button>/);
    const refused = await uncertified.agent.post('/procedures/new/ITM-SE-ANNOUNCE', {
      subject: await entityId(t, 'B100001'),
    });
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /This eSpace holds no valid certification for this company/);
    assert.deepEqual(await draftsOf(t, uncertified.spaceId), []);
  });

  it('offers a fiduciary with a thousand clients its own company and a page of clients, searchable and paged', async () => {
    const res = await fiduciary.agent.get('/procedures/new/ITM-SE-ANNOUNCE');
    assert.equal(res.statusCode, 200);
    const first = choicesOn(res.body);
    assert.equal(first.length, 21, 'its own company and 20 clients');
    assert.equal(first[0], await entityId(t, 'B100002'));
    const text = textOf(res.body);
    assert.match(text, /Boulangerie Hoffmann SA RCS B100002 · company of this eSpace \(main mandate\)/);
    assert.match(text, /Client 0001 SARL RCS B400001 · company represented \(mandate obtained\)/);
    assert.match(text, /1000 companies represented/);
    assert.match(text, /Page 1 of 50/);
    // "Next" starts after the last client shown (keyset), and keeps the search.
    const next = res.body.match(/href="([^"]+)" rel="next"/)?.[1]?.replace(/&amp;/g, '&');
    if (!next?.includes('after=')) assert.fail(`no keyset link to the next page: ${next}`);
    const second = await fiduciary.agent.get(next);
    assert.match(textOf(second.body), /Client 0021 SARL .* Client 0040 SARL/);
    assert.match(textOf(second.body), /Page 2 of 50/);
    assert.equal(choicesOn(second.body).length, 21);
    // The client searched by name, and by identifier.
    for (const q of ['client 0777', 'B400777']) {
      const found = await fiduciary.agent.get(`/procedures/new/ITM-SE-ANNOUNCE?q=${encodeURIComponent(q)}`);
      const clients = choicesOn(found.body).slice(1);
      assert.deepEqual(clients, [await entityId(t, 'B400777')], q);
      assert.match(textOf(found.body), /1 company found/);
      assert.match(found.body, /action="\/procedures\/new\/ITM-SE-ANNOUNCE\?q=/, 'the form keeps the search');
    }
    const none = await fiduciary.agent.get('/procedures/new/ITM-SE-ANNOUNCE?q=xqzzy');
    assert.match(textOf(none.body), /No company represented matches this search\. Show all companies/);
    assert.equal(choicesOn(none.body).length, 1, 'its own company still');
  });

  it('creates a draft for its own company or for a client, and opens its first step', async () => {
    const own = await entityId(t, 'B100002');
    const client = await entityId(t, 'B400777');
    for (const subject of [own, client]) {
      const res = await fiduciary.agent.post('/procedures/new/ITM-SE-ANNOUNCE', { subject });
      assert.equal(res.statusCode, 303);
      const [, id, step] =
        res.headers.location?.match(/^\/procedures\/([0-9a-f-]{36})\/steps\/([a-zA-Z0-9]+)$/) ?? [];
      assert.ok(id, res.headers.location);
      assert.equal(step, 'company');
      const [draft] = await t.database.db.select().from(procedures).where(eq(procedures.id, id));
      assert.equal(draft?.subjectEntityId, subject);
      assert.equal(draft?.status, 'draft');
      assert.equal(draft?.spaceId, fiduciary.spaceId);
    }
    const [row] = await t.database.db
      .select()
      .from(procedures)
      .where(and(eq(procedures.spaceId, fiduciary.spaceId), eq(procedures.subjectEntityId, client)));
    assert.equal(row?.answers.companyName, 'Client 0777 SARL', 'prefilled from the client’s data');
  });

  it('refuses no company, a company it has no mandate on, and a revoked mandate, with the sheet again and nothing saved', async () => {
    const revoked = await entityId(t, 'B400123');
    await t.database.db
      .update(mandates)
      .set({ endedAt: new Date(), endReason: 'revoked_by_holder' })
      .where(and(eq(mandates.spaceId, fiduciary.spaceId), eq(mandates.entityId, revoked)));
    assert.match(
      textOf((await fiduciary.agent.get('/procedures/new/ITM-SE-ANNOUNCE')).body),
      /999 companies represented/,
    );
    await t.mail.runOnce();
    const before = await snapshotTables(t);
    const missing = await fiduciary.agent.post('/procedures/new/ITM-SE-ANNOUNCE?q=client+0777', {});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /<a href="#subject">Choose the company this procedure is for\.<\/a>/);
    assert.match(missing.body, /<fieldset class="field field-error" id="subject"/);
    assert.equal(choicesOn(missing.body).length, 2, 'the sheet comes back with its search');
    const foreign = await fiduciary.agent.post('/procedures/new/ITM-SE-ANNOUNCE', {
      subject: await entityId(t, 'B100009'),
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(textOf(foreign.body), /This eSpace holds no valid certification for this company/);
    const late = await fiduciary.agent.post('/procedures/new/ITM-SE-ANNOUNCE', { subject: revoked });
    assert.equal(late.statusCode, 400);
    assert.match(textOf(late.body), /This eSpace holds no valid certification for this company/);
    const nonsense = await fiduciary.agent.post('/procedures/new/ITM-SE-ANNOUNCE', { subject: 'not-an-id' });
    assert.equal(nonsense.statusCode, 400);
    const twice = await fiduciary.agent.post('/procedures/new/ITM-SE-ANNOUNCE', {
      subject: [revoked, revoked],
    });
    assert.equal(twice.statusCode, 400);
    assert.equal((await fiduciary.agent.post('/procedures/new/NO-SUCH-CODE', {})).statusCode, 404);
    assert.deepEqual(changedTables(before, await snapshotTables(t)), []);
  });

  it('changes nothing when the catalogue and a sheet are shown', async () => {
    await t.mail.runOnce();
    const sessionsOnly = new Set(['sessions']);
    const before = await snapshotTables(t, sessionsOnly);
    for (const url of [
      '/procedures/new',
      '/procedures/new?q=elect&administration=ITM',
      '/procedures/new/ITM-SE-ANNOUNCE',
      '/procedures/new/ITM-SE-ANNOUNCE?q=client&page=2',
    ]) {
      assert.equal((await fiduciary.agent.get(url)).statusCode, 200, url);
    }
    assert.deepEqual(changedTables(before, await snapshotTables(t, sessionsOnly)), []);
  });

  it('creates one draft for a form posted twice', async () => {
    const before = (await draftsOf(t, certified.spaceId)).length;
    const form = { subject: await entityId(t, 'B100001'), [ONE_TIME_FIELD]: newOneTimeToken() };
    const [a, b] = await Promise.all([
      certified.agent.post('/procedures/new/ITM-SE-MINUTES', form),
      certified.agent.post('/procedures/new/ITM-SE-MINUTES', form),
    ]);
    const again = await certified.agent.post('/procedures/new/ITM-SE-MINUTES', form);
    assert.deepEqual([a.statusCode, b.statusCode, again.statusCode], [303, 303, 303]);
    assert.equal(a.headers.location, b.headers.location);
    assert.equal(a.headers.location, again.headers.location);
    assert.match(a.headers.location ?? '', /\/steps\/ballot$/);
    assert.equal((await draftsOf(t, certified.spaceId)).length, before + 1);
  });

  it('lets a Manager without signature create (every role creates), a procedure without certification needing no company', async () => {
    const member = await personLoggedOn(t);
    await join(t, certified.agent, member.person, member.agent, { role: 'manager_no_signature' });
    const identifier = (await certified.agent.get('/space/profile')).body.match(/PM-[A-NP-Z1-9]{6}/)?.[0];
    assert.equal((await member.agent.post('/spaces/select', { identifier: identifier! })).statusCode, 303);
    assert.equal((await member.agent.get('/procedures/new')).statusCode, 200);
    const res = await member.agent.post('/procedures/new/ALVA-EXPORT-CERT', { subject: 'ignored' });
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location ?? '', /\/steps\/exporter$/);
    const scoped = await member.agent.post('/procedures/new/ITM-SE-ANNOUNCE', {
      subject: await entityId(t, 'B100001'),
    });
    assert.equal(scoped.statusCode, 303);
  });

  // Last: it closes a procedure of the shared catalogue.
  it('takes a closed procedure out of the catalogue: its sheet and Create are not found', async () => {
    const now = new Date();
    const outcome = await closeVersion(
      { db: t.database.db, now },
      { code: 'ITM-SE-DEROGATION', version: 1, at: now },
    );
    assert.equal(outcome.status, 'set');
    assert.deepEqual(codesOn((await certified.agent.get('/procedures/new?q=ITM')).body).sort(), [
      'ITM-SE-ANNOUNCE',
      'ITM-SE-CANDIDATES',
      'ITM-SE-MINUTES',
    ]);
    assert.equal((await certified.agent.get('/procedures/new/ITM-SE-DEROGATION')).statusCode, 404);
    const subject = await entityId(t, 'B100001');
    assert.equal(
      (await certified.agent.post('/procedures/new/ITM-SE-DEROGATION', { subject })).statusCode,
      404,
    );
  });
});
