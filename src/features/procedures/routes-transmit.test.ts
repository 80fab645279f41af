import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq, sql } from 'drizzle-orm';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { type Agent, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { activeMandates, certifiedCompany, endPeriodOf } from '../../../test/support/certification.ts';
import { announceSteps, ctxOf } from '../../../test/support/procedures.ts';
import { join } from '../../../test/support/spaces.ts';
import { changedTables, snapshotTables } from '../../../test/support/tables.ts';
import { files, procedures, procedureTransmissions } from '../../db/schema/index.ts';
import { newOneTimeToken, ONE_TIME_FIELD } from '../../platform/http/idempotency.ts';
import type { SpaceCtx } from '../spaces/service.ts';
import { saveStep, startProcedure } from './service/drafts.ts';

/**
 * "Check your answers", "Read and approved", "Transmit" and `/verify`, through HTTP as a browser
 * sends them (issue 14, point 7): one transmission whatever the clicks, tabs and members.
 */
describe('checking the answers and transmitting', () => {
  let t: TestApp;
  let head: Agent;
  let headCtx: SpaceCtx;
  let spaceId: string;
  let entityId: string;
  let member: Agent;

  /** A draft of the announcement for the eSpace's company, with its first `filled` steps saved. */
  async function draftWith(filled = announceSteps.length, ctx = headCtx, space = spaceId, entity = entityId) {
    const row = await startProcedure(ctx, space, { code: 'ITM-SE-ANNOUNCE', subjectEntityId: entity });
    let revision = row.revision;
    for (const [stepId, values] of announceSteps.slice(0, filled)) {
      const saved = await saveStep(ctx, space, row.id, { stepId, values, revision });
      assert.ok(saved.ok, `step ${stepId} saved`);
      revision = saved.procedure.revision;
    }
    return row.id;
  }

  const transmissionsOf = async (id: string) =>
    t.database.db.select().from(procedureTransmissions).where(eq(procedureTransmissions.procedureId, id));
  const statusOf = async (id: string) =>
    (await t.database.db.select().from(procedures).where(eq(procedures.id, id)))[0]!.status;
  const formOf = (body: string) =>
    body.match(/<form method="post" action="\/procedures\/[^"]+\/transmit">[\s\S]*?<\/form>/)?.[0];
  const fieldOf = (form: string, name: string) =>
    form.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];

  before(async () => {
    t = await testApp();
    const made = await certifiedCompany(t, 'Transmit Bâtiment', 'rcs:B100001');
    head = made.agent;
    spaceId = made.spaceId;
    entityId = (await activeMandates(t, spaceId))[0]!.entityId;
    headCtx = await ctxOf(t, made.person.personId, made.person.deviceId);
    const other = await personLoggedOn(t);
    await join(t, head, other.person, other.agent, { role: 'manager_no_signature' });
    assert.equal((await other.agent.post('/spaces/select', { identifier: made.identifier })).statusCode, 303);
    member = other.agent;
  });
  after(() => t.close());

  it('lists every step with its answers and a change link, and offers "Read and approved" and "Transmit"', async () => {
    const id = await draftWith();
    await t.mail.runOnce();
    const tables = await snapshotTables(t, new Set(['sessions']));
    const page = await head.get(`/procedures/${id}/check`);
    assert.deepEqual(
      changedTables(tables, await snapshotTables(t, new Set(['sessions']))),
      [],
      'a GET saves nothing',
    );
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Check your answers<\/h1>/);
    for (const answer of [
      '(B100001)',
      '12/03/2029',
      'Karine Maitry',
      'rh@maitry.lu',
      '+352 621 123 456',
      '48',
    ])
      assert.ok(page.body.includes(answer), `shows ${answer}`);
    for (const step of ['company', 'elections', 'contact'])
      assert.match(
        page.body,
        new RegExp(
          `<a href="/procedures/${id}/steps/${step}\\?from=check">Change<span class="visually-hidden"> the answers of the step “[^”]+”</span></a>`,
        ),
      );
    assert.doesNotMatch(page.body, /Changed in the new version/);
    const form = formOf(page.body);
    assert.ok(form, 'a plain HTML form');
    assert.match(form, /type="checkbox" id="approved" name="approved" value="yes"/);
    assert.match(form, /<label for="approved">Read and approved/);
    assert.ok(fieldOf(form, '_csrf') && fieldOf(form, ONE_TIME_FIELD), 'CSRF and one-time tokens');
    assert.equal(fieldOf(form, 'revision'), '4');
    assert.match(form, /<button type="submit" class="button">Transmit<\/button>/);

    // Marked as a move to a newer version names them; ids of no step are ignored.
    const moved = await head.get(`/procedures/${id}/check?changed=elections,nosuchstep,${'x'.repeat(300)}`);
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.body.match(/Changed in the new version — check these answers/g)?.length, 1);
    const elections = moved.body.indexOf('id="step-elections"');
    const marked = moved.body.indexOf('Changed in the new version');
    assert.ok(elections > 0 && marked > elections && marked < moved.body.indexOf('id="step-contact"'));
    assert.match(moved.body, /The steps marked below changed/);
  });

  it('says which step of an incomplete draft needs attention, links it, and offers no Transmit', async () => {
    const id = await draftWith(1);
    const page = await head.get(`/procedures/${id}/check`);
    assert.equal(page.statusCode, 200);
    assert.equal(formOf(page.body), undefined, 'no Transmit');
    assert.match(page.body, /Some answers are missing or wrong/);
    assert.match(
      page.body,
      new RegExp(`<a href="/procedures/${id}/steps/elections\\?from=check">Go to the step “Elections”</a>`),
    );
    // The step not reached yet has no change link: its page would not open.
    assert.doesNotMatch(page.body, /steps\/contact\?from=check/);
    // Posted anyway (an old tab), nothing is transmitted and the page says why.
    const res = await head.post(`/procedures/${id}/transmit`, { approved: 'yes' });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Some answers are missing or wrong/);
    assert.equal(await statusOf(id), 'draft');
  });

  it('refuses a transmission not "Read and approved" with 400 and an error summary', async () => {
    const id = await draftWith();
    const res = await head.post(`/procedures/${id}/transmit`, { revision: '3' });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /class="error-summary"[\s\S]*<a href="#approved">Tick “Read and approved” to transmit the procedure.<\/a>/,
    );
    assert.match(res.body, /aria-invalid="true"/);
    assert.ok(formOf(res.body), 'the form comes back');
    assert.equal(await statusOf(id), 'draft');
    assert.equal((await transmissionsOf(id)).length, 0);
  });

  it('transmits once, then sends the person to the detail; the check page of a transmitted procedure too', async () => {
    const id = await draftWith();
    const page = await head.get(`/procedures/${id}/check`);
    const form = formOf(page.body)!;
    const res = await head.post(`/procedures/${id}/transmit`, {
      approved: 'yes',
      revision: fieldOf(form, 'revision')!,
      [ONE_TIME_FIELD]: fieldOf(form, ONE_TIME_FIELD)!,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/procedures/${id}?done=transmitted`);
    assert.equal(await statusOf(id), 'transmitted');
    assert.equal((await transmissionsOf(id)).length, 1);
    const again = await member.post(`/procedures/${id}/transmit`, { approved: 'yes' });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `/procedures/${id}`, 'already transmitted: nothing new');
    assert.equal((await transmissionsOf(id)).length, 1);
    const check = await head.get(`/procedures/${id}/check`);
    assert.equal(check.statusCode, 303);
    assert.equal(check.headers.location, `/procedures/${id}`);
  });

  it('refuses answers changed since they were checked, and a mandate ended meanwhile, keeping the draft', async () => {
    const id = await draftWith();
    const stale = await head.post(`/procedures/${id}/transmit`, { approved: 'yes', revision: '3' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone changed the answers after you checked them/);
    assert.equal(fieldOf(formOf(stale.body)!, 'revision'), '4', 'the page shows the answers as they are now');

    const other = await certifiedCompany(t, 'Ended Bâtiment', 'rcs:B100002');
    const ctx = await ctxOf(t, other.person.personId, other.person.deviceId);
    const entity = (await activeMandates(t, other.spaceId))[0]!.entityId;
    const ended = await draftWith(announceSteps.length, ctx, other.spaceId, entity);
    await endPeriodOf(t, other.spaceId);
    const res = await other.agent.post(`/procedures/${ended}/transmit`, { approved: 'yes' });
    assert.equal(res.statusCode, 409);
    assert.match(
      res.body,
      /no longer holds a valid certification for [^.]+\. The procedure was not transmitted/,
    );
    assert.equal(await statusOf(ended), 'draft');
  });

  it('hides a procedure of another eSpace, and a malformed id, as not found', async () => {
    const id = await draftWith();
    const outsider = await certifiedCompany(t, 'Outsider SARL', 'rcs:B100003');
    assert.equal((await outsider.agent.get(`/procedures/${id}/check`)).statusCode, 404);
    assert.equal(
      (await outsider.agent.post(`/procedures/${id}/transmit`, { approved: 'yes' })).statusCode,
      404,
    );
    assert.equal((await head.get('/procedures/not-an-id/check')).statusCode, 404);
    assert.equal(await statusOf(id), 'draft');
  });

  it('makes one transmission of 10 posts of one form and 10 of two members at once', async () => {
    const id = await draftWith();
    const once = newOneTimeToken();
    const sameForm = Array.from({ length: 10 }, () =>
      head.post(`/procedures/${id}/transmit`, { approved: 'yes', [ONE_TIME_FIELD]: once }),
    );
    const twoMembers = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? member : head).post(`/procedures/${id}/transmit`, { approved: 'yes' }),
    );
    const answers = await Promise.all([...sameForm, ...twoMembers]);
    for (const res of answers) {
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.match(String(res.headers.location), new RegExp(`^/procedures/${id}(\\?done=transmitted)?$`));
    }
    const kept = await transmissionsOf(id);
    assert.equal(kept.length, 1, 'one transmission');
    const [slips] = await t.database.db
      .select({ n: count() })
      .from(files)
      .where(sql`${files.owner} = ${id} and ${files.purpose} = 'procedure.slip'`);
    assert.equal(slips!.n, 1, 'one slip');
    const [refs] = await t.database.db
      .select({ n: count() })
      .from(procedureTransmissions)
      .where(eq(procedureTransmissions.reference, kept[0]!.reference));
    assert.equal(refs!.n, 1, 'its reference given once');
    // The posts of the one form all got the first answer.
    const firsts = (await Promise.all(sameForm)).map((res) => res.headers.location);
    assert.equal(new Set(firsts).size, 1);
  });

  it('verifies a real slip at /verify, by token or pasted address, and refuses a tampered one', async () => {
    const id = await draftWith();
    assert.equal((await head.post(`/procedures/${id}/transmit`, { approved: 'yes' })).statusCode, 303);
    const [kept] = await transmissionsOf(id);
    const visitor = (url: string, lang = 'en') => t.app.inject({ url, headers: { 'accept-language': lang } });

    const form = await visitor('/verify');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<textarea id="token" name="token"/);
    assert.match(form.body, /<a href="[^"]*\/\.well-known\/jwks\.json">/);

    await t.mail.runOnce();
    const tables = await snapshotTables(t, new Set(['sessions']));
    const genuine = await visitor(`/verify?token=${kept!.token}`);
    assert.deepEqual(
      changedTables(tables, await snapshotTables(t, new Set(['sessions']))),
      [],
      'a GET saves nothing',
    );
    assert.equal(genuine.statusCode, 200);
    assert.match(genuine.body, /This slip is genuine/);
    assert.ok(genuine.body.includes(kept!.reference));
    assert.ok(genuine.body.includes(kept!.sha256));
    assert.match(genuine.body, /Inspectorate|Inspection/);

    const pasted = await visitor(
      `/verify?token=${encodeURIComponent(`${t.config.baseUrl}/verify?token=${kept!.token}`)}`,
      'de',
    );
    assert.match(pasted.body, /Diese Bestätigung ist echt/);

    const [header, payload, signature] = kept!.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'ITM-2026-999999' })).toString('base64url');
    for (const bad of [`${header}.${forged}.${signature}`, 'garbage', `${kept!.token}x`]) {
      const res = await visitor(`/verify?token=${encodeURIComponent(bad)}`, 'fr');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Cet accusé n’a pas pu être confirmé/);
      assert.ok(!res.body.includes(kept!.sha256));
    }
    const empty = await visitor('/verify?token=%20');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<a href="#token">Enter the address or the code/);
  });

  it('publishes the keys as a JWKS that checks a slip offline with jose', async () => {
    const id = await draftWith();
    assert.equal((await head.post(`/procedures/${id}/transmit`, { approved: 'yes' })).statusCode, 303);
    const [kept] = await transmissionsOf(id);
    const res = await t.app.inject({ url: '/.well-known/jwks.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/jwk-set\+json/);
    assert.match(String(res.headers['cache-control']), /public, max-age=\d+/);
    const jwks = res.json() as JSONWebKeySet;
    assert.ok(
      jwks.keys.every((key) => !('d' in key)),
      'public halves only',
    );
    const { payload } = await jwtVerify(kept!.token, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA'],
      typ: 'comptoir-slip+jwt',
    });
    assert.equal(payload.sub, kept!.reference);
    assert.equal(payload.sha256, kept!.sha256);
  });
});
