import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { confirmCode } from '../../../test/support/certification.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { readPdf } from '../../../test/support/pdf.ts';
import { setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { accessCodes, auditEvents, mandates } from '../../db/schema/index.ts';
import type { OfficerRole } from '../authorities/permissions.ts';
import { grantOfficer } from '../authorities/service.ts';

/** A person made an officer of `administration` with `role`, logged on. */
async function officer(t: TestApp, administration = 'ITM', role: OfficerRole = 'officer'): Promise<Agent> {
  const person = await newOtpPerson(t);
  assert.equal(
    await grantOfficer(
      { db: t.database.db, config: t.config },
      { person: person.personId, administration, role },
    ),
    'granted',
  );
  return logOn(t, person);
}

const issue = (agent: Agent, fields: Record<string, string>) =>
  agent.post('/backoffice/ITM/codes/new', {
    scope: 'ITM_ELECTIONS',
    kind: 'holder',
    expiresOn: '',
    ...fields,
  });

/** The codes and ids of the page that shows codes just issued, in its order. */
function issuedOn(body: string) {
  return {
    ids: [...body.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!),
    codes: [...body.matchAll(/<td class="mono nowrap" data-code[^>]*>([0-9A-Z-]{19})</g)].map((m) => m[1]!),
  };
}

describe('back office: access codes and their letters', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it("is not found for anyone but the administration's officers", async () => {
    const { agent } = await personLoggedOn(t);
    for (const url of ['/backoffice', '/backoffice/ITM/codes', '/backoffice/ITM/codes/new']) {
      const res = await agent.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /ITM-/);
    }
    assert.equal((await issue(agent, { entities: 'rcs:B100001' })).statusCode, 404);
    const menje = await officer(t, 'MENJE');
    assert.equal((await menje.get('/backoffice/ITM/codes')).statusCode, 404, 'another administration');
    assert.equal((await menje.get('/backoffice')).statusCode, 303, 'straight to its own codes');
    const anonymous = new Agent(t);
    assert.equal((await anonymous.get('/backoffice/ITM/codes')).statusCode, 303, 'to the log on page');
  });

  it('is offered to the roles that manage codes: a supervisor works there, a catalogue editor may not', async () => {
    const supervisor = await officer(t, 'ITM', 'supervisor');
    const home = await supervisor.get('/backoffice');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/backoffice/ITM/codes');
    assert.equal((await supervisor.get('/backoffice/ITM/codes')).statusCode, 200);
    const editor = await officer(t, 'ITM', 'catalogue_editor');
    assert.equal((await editor.get('/backoffice')).statusCode, 404, 'no page of theirs yet');
    for (const url of ['/backoffice/ITM/codes', '/backoffice/ITM/codes/new']) {
      const res = await editor.get(url);
      assert.equal(res.statusCode, 403, url);
      assert.doesNotMatch(res.body, /ITM-/);
    }
    assert.equal((await issue(editor, { entities: 'rcs:B100001' })).statusCode, 403);
  });

  it("issues a batch: codes shown once, letters one page each, in each company's language", async () => {
    const paul = await officer(t);
    const res = await issue(paul, {
      entities: 'rcs:B100001\nRCS B100003\n\nstructure:S10003',
      expiresOn: '2099-06-30',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /3 access codes issued/);
    const { ids, codes } = issuedOn(res.body);
    assert.equal(codes.length, 3);
    const rows = await t.database.db.select().from(accessCodes).where(sql`${accessCodes.id} in ${ids}`);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.equal(row.status, 'issued');
      assert.doesNotMatch(
        JSON.stringify(row),
        new RegExp(codes.map((c) => c.replace(/-/g, '')).join('|')),
        'no code in clear',
      );
    }
    const letters = await paul.post('/backoffice/ITM/letters', { id: ids, code: codes });
    assert.equal(letters.statusCode, 200);
    assert.equal(letters.headers['content-type'], 'application/pdf');
    const pdf = await readPdf(letters.rawPayload);
    assert.equal(pdf.pages.length, 3);
    assert.match(pdf.pages[0]!.text, /Maitry Bâtiment SARL/);
    assert.match(pdf.pages[0]!.text, /Code d'accès Titulaire/, 'French for a French company');
    assert.match(pdf.pages[1]!.text, /Weber Transports SARL/);
    assert.match(pdf.pages[1]!.text, /Zugangscode Inhaber/, 'German for a German-speaking one');
    for (const [i, page] of pdf.pages.entries())
      assert.ok(page.text.includes(codes[i]!), `page ${i} carries its code`);
    // A letter only for the very codes issued: one wrong code is left out, all wrong is not found.
    const forged = await paul.post('/backoffice/ITM/letters', {
      id: ids,
      code: ['ABCDEFGHJKMNPQRS', ...codes.slice(1)],
    });
    assert.equal((await readPdf(forged.rawPayload)).pages.length, 2);
    assert.equal(
      (await paul.post('/backoffice/ITM/letters', { id: ids[0]!, code: 'ABCDEFGHJKMNPQRS' })).statusCode,
      404,
    );
    const list = await paul.get('/backoffice/ITM/codes?state=issued');
    assert.match(list.body, /Maitry Bâtiment SARL/);
    assert.match(list.body, /until/);
  });

  it('refuses a batch with an unknown company, keeps what was typed, and issues nothing', async () => {
    const paul = await officer(t);
    const before = (await t.database.db.select().from(accessCodes)).length;
    const res = await issue(paul, { entities: 'rcs:B100001\nrcs:B999999\nnonsense' });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /No code was issued: no company is known under rcs:B999999, nonsense \(2 line\(s\)\)/,
    );
    assert.match(res.body, /<a href="#entities">/);
    assert.match(res.body, />rcs:B100001\nrcs:B999999\nnonsense<\/textarea>/);
    const past = await issue(paul, { entities: 'rcs:B100001', expiresOn: '2020-01-01' });
    assert.match(past.body, /The date must be in the future/);
    const empty = await issue(paul, { entities: '', kind: '' });
    assert.match(empty.body, /Enter at least one company identifier/);
    assert.match(empty.body, /Choose the kind of code/);
    const otherScope = await issue(paul, { scope: 'MENJE_FORMATION', entities: 'structure:S10001' });
    assert.match(otherScope.body, /Choose one of this administration's certifications/);
    assert.equal((await t.database.db.select().from(accessCodes)).length, before);
  });

  it('warns when it issues a holder code for a company whose main mandate an eSpace holds', async () => {
    const paul = await officer(t);
    const head = await personLoggedOn(t);
    await setUpBusinessSpace(head.agent, 'Kieffer – certified');
    const first = issuedOn((await issue(paul, { entities: 'rcs:B100005' })).body);
    assert.equal((await confirmCode(head.agent, first.codes[0]!)).statusCode, 303);
    const again = await issue(paul, { entities: 'rcs:B100005\nrcs:B100007' });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /An eSpace already holds the main mandate of these companies/);
    const warned = again.body.match(/<ul><li>([^<]*)<\/li><\/ul>/)?.[1] ?? '';
    assert.match(warned, /Kieffer Informatique SA \(RCS B100005\) – ITM-/);
    assert.doesNotMatch(again.body, /<li>Schroeder/);
    const agents = await issue(paul, { entities: 'rcs:B100005', kind: 'agent' });
    assert.doesNotMatch(agents.body, /already holds the main mandate/, 'agent codes are many per company');
  });

  it('revokes an issued code (it is refused) and a used one (its mandate ends at once)', async () => {
    const paul = await officer(t);
    const res = await issue(paul, { entities: 'rcs:B100004\nrcs:B100006' });
    const { ids, codes } = issuedOn(res.body);
    const head = await personLoggedOn(t);
    await setUpBusinessSpace(head.agent, 'Thill – Élections');
    assert.equal((await confirmCode(head.agent, codes[1]!)).statusCode, 303);

    for (const id of ids) {
      const confirm = await paul.get(`/backoffice/ITM/codes/${id}/revoke`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Revoke this access code\?/);
      const done = await paul.post(`/backoffice/ITM/codes/${id}/revoke`);
      assert.equal(done.statusCode, 303);
      assert.match(String(done.headers.location), /done=revoked/);
    }
    const other = await personLoggedOn(t);
    await setUpBusinessSpace(other.agent, 'Too late');
    assert.match((await confirmCode(other.agent, codes[0]!)).body, /This access code cannot be used/);
    const [mandate] = await t.database.db.select().from(mandates).where(eq(mandates.accessCodeId, ids[1]!));
    assert.equal(mandate?.endReason, 'revoked_by_administration');
    assert.match(
      (await head.agent.get('/space/certifications')).body,
      /name="code"/,
      'the eSpace asks for a code again',
    );
    assert.equal((await paul.get(`/backoffice/ITM/codes/${ids[0]}/revoke`)).statusCode, 404, 'revoked once');
    const list = await paul.get('/backoffice/ITM/codes?state=revoked');
    assert.match(list.body, /Thill/);
    const trail = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'backoffice.code_revoked')));
    assert.ok(trail.length >= 2);
  });
  it('revoking a used holder code also revokes the agent codes its eSpace generated, and the accesses they gave', async () => {
    const paul = await officer(t);
    const { ids, codes } = issuedOn((await issue(paul, { entities: 'rcs:B100013' })).body);
    const holder = await personLoggedOn(t);
    await setUpBusinessSpace(holder.agent, 'Certified with a stolen letter');
    assert.equal((await confirmCode(holder.agent, codes[0]!)).statusCode, 303);
    const generate = async () => {
      const page = await holder.agent.post('/space/certifications/ITM_ELECTIONS/agent-code');
      return page.body.match(/class="access-code mono"[^>]*>([0-9A-Z-]{19})</)![1]!;
    };
    const [used, unused] = [await generate(), await generate()];
    const fiduciary = await personLoggedOn(t);
    await setUpBusinessSpace(fiduciary.agent, 'Fiduciary let in');
    assert.equal((await confirmCode(fiduciary.agent, used, 'agent')).statusCode, 303);

    assert.equal((await paul.post(`/backoffice/ITM/codes/${ids[0]}/revoke`)).statusCode, 303);
    const given = await t.database.db
      .select({ status: accessCodes.status, endReason: mandates.endReason })
      .from(accessCodes)
      .leftJoin(mandates, eq(mandates.accessCodeId, accessCodes.id))
      .where(sql`${accessCodes.issuedBySpaceId} is not null and ${accessCodes.entityId} =
        (select entity_id from access_codes where id = ${ids[0]})`);
    assert.deepEqual(given.map((g) => `${g.status}:${g.endReason}`).sort(), [
      'revoked:null',
      'revoked:revoked_by_administration',
    ]);
    const other = await personLoggedOn(t);
    await setUpBusinessSpace(other.agent, 'Too late for the second');
    assert.match((await confirmCode(other.agent, unused, 'agent')).body, /This access code cannot be used/);
    assert.doesNotMatch((await fiduciary.agent.get('/business-data/ITM_ELECTIONS')).body, /Nowak/);
    assert.match(
      (await fiduciary.agent.get('/space/certifications')).body,
      /You currently do not have any access mandates\./,
    );
  });
});
