import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type Agent, logOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { company } from '../../../test/support/certification.ts';
import { ctxOf, fillAndTransmit, mandateOn, memberOf, onePagePdf } from '../../../test/support/procedures.ts';
import { memberships } from '../../db/schema/index.ts';
import type { SpaceCtx } from '../spaces/service.ts';
import { definitionFile, field, step } from './definition/testing.ts';
import { attachFile } from './service/attachments.ts';
import { renameProcedure, saveStep, startProcedure } from './service/drafts.ts';
import { publishDefinition } from './service/publish.ts';

let minute = 0;
/** Each action a minute after the last: "last change" orders them without waiting. */
const later = (ctx: SpaceCtx): SpaceCtx => ({ ...ctx, now: new Date(Date.UTC(2029, 0, 10, 8, minute++)) });

/** A filled draft of ITM-SE-ANNOUNCE, transmitted: its id and reference. */
async function transmitted(ctx: SpaceCtx, spaceId: string, subjectEntityId: string, name: string) {
  const draft = await startProcedure(later(ctx), spaceId, { code: 'ITM-SE-ANNOUNCE', subjectEntityId });
  await renameProcedure(later(ctx), spaceId, draft.id, name);
  return { id: draft.id, reference: await fillAndTransmit(ctx, spaceId, draft.id, later) };
}

/** The rows' names of a list page, in order. */
const namesOn = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="\/procedures\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]!);
const linkOn = (html: string, rel: 'next' | 'prev') =>
  html.match(new RegExp(`<a href="([^"]+)" rel="${rel}"`))?.[1]?.replaceAll('&amp;', '&');

describe('My procedures: the list, a procedure, its slip and files, rename and delete', () => {
  let t: TestApp;
  let head: { agent: Agent; ctx: SpaceCtx; spaceId: string; identifier: string };
  let entityId: string;
  let sent: { id: string; reference: string };
  let draftId: string;

  before(async () => {
    t = await testApp();
    const made = await company(t, 'Maitry Bâtiment');
    const ctx = await ctxOf(t, made.person.personId, made.person.deviceId);
    head = { agent: made.agent, ctx, spaceId: made.spaceId, identifier: made.identifier };
    entityId = (await mandateOn(t, ctx, made.spaceId, 'B100001')).entityId;
    sent = await transmitted(ctx, made.spaceId, entityId, 'Élections Maitry 2029');
    const draft = await startProcedure(later(ctx), made.spaceId, {
      code: 'ITM-SE-ANNOUNCE',
      subjectEntityId: entityId,
    });
    await renameProcedure(later(ctx), made.spaceId, draft.id, 'Brouillon Maitry');
    draftId = draft.id;
  });
  after(() => t.close());

  it('is in the eSpace menu and lists name, procedure, company, reference, status and last change by whom', async () => {
    const res = await head.agent.get('/procedures');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<a href="\/procedures"[^>]*>My procedures/);
    assert.deepEqual(namesOn(res.body), ['Brouillon Maitry', 'Élections Maitry 2029']);
    assert.match(res.body, /Announcement of the social elections/);
    assert.match(res.body, /ITM-SE-ANNOUNCE · v2/);
    assert.match(res.body, /Maitry Bâtiment SARL|B100001/);
    assert.ok(res.body.includes(sent.reference));
    assert.match(res.body, /In preparation/);
    assert.match(res.body, /Transmitted/);
    const person = head.ctx.current.person;
    assert.ok(res.body.includes(`by ${person.firstName} ${person.surname}`));
    assert.match(res.body, /href="\/procedures\/new"/);
    // The filters with the eSpace's counts.
    assert.match(res.body, /All <span class="muted">\(2\)<\/span>/);
    assert.match(res.body, /In preparation <span class="muted">\(1\)<\/span>/);
  });

  it('filters by status, searches and shows the confirmation of what was done', async () => {
    const drafts = await head.agent.get('/procedures?status=draft&done=saved');
    assert.deepEqual(namesOn(drafts.body), ['Brouillon Maitry']);
    assert.match(drafts.body, /Your answers have been saved/);
    const found = await head.agent.get(`/procedures?q=${encodeURIComponent(sent.reference)}`);
    assert.deepEqual(namesOn(found.body), ['Élections Maitry 2029']);
    const none = await head.agent.get('/procedures?q=nothing-like-it');
    assert.deepEqual(namesOn(none.body), []);
    assert.match(none.body, /No procedure matches/);
    const unknown = await head.agent.get('/procedures?status=nonsense&order=nonsense&done=nonsense');
    assert.equal(unknown.statusCode, 200);
    assert.equal(namesOn(unknown.body).length, 2);
  });

  it('answers a forged cursor with a page, never an error of the database (a date it cannot read: the first page)', async () => {
    const cursor = (key: unknown, id: unknown) =>
      Buffer.from(JSON.stringify([key, id])).toString('base64url');
    const zeros = '00000000-0000-0000-0000-000000000000';
    for (const forged of [
      cursor('1', zeros),
      cursor('May 1', zeros),
      cursor('2026-11-28T10:00:00.000Z', '-'.repeat(36)),
      cursor('2026-11-28T10:00:00.000Z', '0'.repeat(36)),
      cursor(7, zeros),
      'not-base64-json',
    ]) {
      for (const order of ['changed', 'name', 'reference']) {
        for (const side of ['after', 'before']) {
          const res = await head.agent.get(`/procedures?order=${order}&${side}=${forged}`);
          assert.equal(res.statusCode, 200, `${order} ${side} ${forged}`);
          // A name or a reference is any text: a cursor of the right shape is read as one.
          if (order === 'changed') assert.equal(namesOn(res.body).length, 2, `${side} ${forged}`);
        }
      }
    }
  });

  it('shows a procedure: summary, answers by step, history and slip; a draft offers Resume, Rename, Delete', async () => {
    const res = await head.agent.get(`/procedures/${sent.id}?done=transmitted`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Your procedure has been transmitted/);
    assert.ok(res.body.includes(`<strong class="reference-large mono">${sent.reference}</strong>`));
    assert.ok(res.body.includes(`href="/procedures/${sent.id}/slip.pdf"`));
    assert.match(res.body, /<h3>Company<\/h3>/);
    assert.match(res.body, /<dt>Headcount on the reference date<\/dt><dd>48<\/dd>/);
    const person = head.ctx.current.person;
    const name = `${person.firstName} ${person.surname}`;
    assert.ok(res.body.includes(`${name} created the procedure`));
    assert.ok(res.body.includes(`${name} renamed it from`));
    assert.ok(res.body.includes(`${name} transmitted it: reference ${sent.reference}`));
    assert.doesNotMatch(res.body, /\/resume"|\/delete"/);
    const draft = await head.agent.get(`/procedures/${draftId}`);
    assert.ok(draft.body.includes(`action="/procedures/${draftId}/resume"`));
    assert.ok(draft.body.includes(`href="/procedures/${draftId}/rename"`));
    assert.ok(draft.body.includes(`href="/procedures/${draftId}/delete"`));
    assert.doesNotMatch(draft.body, /slip\.pdf/);
  });

  it('gives the slip as a PDF', async () => {
    const res = await head.agent.get(`/procedures/${sent.id}/slip.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), new RegExp(`${sent.reference}\\.pdf`));
    assert.equal(res.rawPayload.subarray(0, 4).toString(), '%PDF');
    assert.equal((await head.agent.get(`/procedures/${draftId}/slip.pdf`)).statusCode, 404);
  });

  it('renames: a name too long comes back with its value and "at most 200 characters"', async () => {
    const form = await head.agent.get(`/procedures/${draftId}/rename`);
    assert.match(form.body, /maxlength="200"/);
    assert.match(form.body, /value="Brouillon Maitry"/);
    const long = `Client ${'x'.repeat(200)}`;
    const refused = await head.agent.post(`/procedures/${draftId}/rename`, { name: long });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Name of the procedure: at most 200 characters/);
    assert.ok(refused.body.includes(`value="${long}"`));
    const blank = await head.agent.post(`/procedures/${draftId}/rename`, { name: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /Enter a name of 1 to 200 characters/);
    const done = await head.agent.post(`/procedures/${draftId}/rename`, {
      name: 'Weber Transports – annonce',
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/procedures/${draftId}?done=renamed`);
    const page = await head.agent.get(done.headers.location!);
    assert.match(page.body, /<h1>Weber Transports – annonce<\/h1>/);
    assert.match(page.body, /The procedure has been renamed/);
  });

  it('deletes a draft after asking, and the list counts one less; a transmitted one cannot be deleted', async () => {
    const doomed = await startProcedure(later(head.ctx), head.spaceId, {
      code: 'ITM-SE-ANNOUNCE',
      subjectEntityId: entityId,
    });
    assert.match((await head.agent.get('/procedures')).body, /All <span class="muted">\(3\)<\/span>/);
    const ask = await head.agent.get(`/procedures/${doomed.id}/delete`);
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /Delete this procedure in preparation\?/);
    assert.match(ask.body, /Delete the procedure<\/button>/);
    assert.equal(
      (await head.agent.get(`/procedures/${doomed.id}`)).statusCode,
      200,
      'asking changed nothing',
    );
    const done = await head.agent.post(`/procedures/${doomed.id}/delete`);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/procedures?done=deleted');
    const list = await head.agent.get(done.headers.location!);
    assert.match(list.body, /The procedure in preparation has been deleted/);
    assert.match(list.body, /All <span class="muted">\(2\)<\/span>/);
    assert.equal((await head.agent.get(`/procedures/${doomed.id}`)).statusCode, 404);

    const refused = await head.agent.get(`/procedures/${sent.id}/delete`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Only a procedure in preparation can be deleted/);
    assert.doesNotMatch(refused.body, /button-warning/);
    const posted = await head.agent.post(`/procedures/${sent.id}/delete`);
    assert.equal(posted.headers.location, `/procedures/${sent.id}/delete`);
    assert.equal((await head.agent.get(`/procedures/${sent.id}`)).statusCode, 200);
  });

  it('gives an attachment of this procedure only; other eSpaces get not found for everything', async () => {
    const json = definitionFile([
      step('documents', [
        field('letter', 'file', { required: true, accept: ['application/pdf'], maxBytes: 20_000 }),
      ]),
    ]);
    assert.equal((await publishDefinition({ db: t.database.db }, json)).status, 'published');
    const bytes = await onePagePdf();
    const draft = await startProcedure(head.ctx, head.spaceId, { code: json.code as string });
    const file = await attachFile(head.ctx, head.spaceId, draft.id, {
      fieldId: 'letter',
      bytes,
      filename: 'Lettre.pdf',
    });
    const saved = await saveStep(head.ctx, head.spaceId, draft.id, {
      stepId: 'documents',
      values: { letter: file },
      revision: draft.revision,
    });
    assert.ok(saved.ok);
    const page = await head.agent.get(`/procedures/${draft.id}`);
    const href = `/procedures/${draft.id}/files/${file.fileId}`;
    assert.ok(page.body.includes(`href="${href}"`));
    const download = await head.agent.get(href);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.deepEqual(new Uint8Array(download.rawPayload), bytes);
    // Another procedure's path, a slip's id, or a made-up id: not this procedure's attachment.
    const slipId = (await t.database.db.query.procedureTransmissions.findFirst())!.slipFileId;
    for (const url of [
      `/procedures/${draftId}/files/${file.fileId}`,
      `/procedures/${sent.id}/files/${slipId}`,
      `/procedures/${draft.id}/files/00000000-0000-4000-8000-000000000000`,
      `/procedures/${draft.id}/files/not-an-id`,
    ])
      assert.equal((await head.agent.get(url)).statusCode, 404, url);

    // Another eSpace's member: the same addresses are not found.
    const other = await company(t, 'Weber Transports');
    for (const url of [
      `/procedures/${sent.id}`,
      `/procedures/${sent.id}/slip.pdf`,
      href,
      `/procedures/${draftId}/rename`,
      `/procedures/${draftId}/delete`,
    ])
      assert.equal((await other.agent.get(url)).statusCode, 404, url);
    assert.equal((await other.agent.post(`/procedures/${draftId}/delete`)).statusCode, 404);
    assert.equal((await other.agent.post(`/procedures/${draftId}/rename`, { name: 'Mine' })).statusCode, 404);
    assert.deepEqual(namesOn((await other.agent.get('/procedures')).body), []);
    assert.match((await other.agent.get('/procedures')).body, /No procedure yet/);
  });

  it('sends a deactivated member to choose an eSpace, as every page of the eSpace does', async () => {
    const member = await memberOf(t, head.spaceId, 'manager_no_signature');
    const agent = await logOn(t, member.person);
    assert.equal((await agent.post('/spaces/select', { identifier: head.identifier })).statusCode, 303);
    assert.equal((await agent.get(`/procedures/${sent.id}`)).statusCode, 200, 'an active member reads it');
    const [membership] = await t.database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.spaceId, head.spaceId), eq(memberships.personId, member.person.personId)));
    assert.equal((await head.agent.post(`/space/users/m/${membership!.id}/deactivate`)).statusCode, 303);
    for (const url of ['/procedures', `/procedures/${sent.id}`, `/procedures/${sent.id}/slip.pdf`]) {
      const res = await agent.get(url);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, '/spaces?notice=select');
    }
  });
});

describe('My procedures: 60 procedures by keyset pages of 25', () => {
  let t: TestApp;
  let agent: Agent;
  const all: string[] = [];

  before(async () => {
    t = await testApp();
    const made = await company(t, 'Fiduciaire Ettelbruck');
    agent = made.agent;
    const ctx = await ctxOf(t, made.person.personId, made.person.deviceId);
    const entityId = (await mandateOn(t, ctx, made.spaceId, 'B100002')).entityId;
    for (let i = 1; i <= 60; i++) {
      const name = `Client ${String(i).padStart(2, '0')}`;
      const draft = await startProcedure(later(ctx), made.spaceId, {
        code: 'ITM-SE-ANNOUNCE',
        subjectEntityId: entityId,
      });
      await renameProcedure(later(ctx), made.spaceId, draft.id, name);
      all.push(name);
    }
  });
  after(() => t.close());

  for (const [order, expected] of [
    ['changed', () => [...all].reverse()],
    ['name', () => all],
    ['reference', undefined],
  ] as const) {
    it(`by ${order}: Next goes through every procedure once, Previous comes back to the same pages`, async () => {
      const pages: string[][] = [];
      const urls: string[] = [];
      let url: string | undefined = `/procedures?order=${order}`;
      while (url) {
        const res = await agent.get(url);
        assert.equal(res.statusCode, 200);
        pages.push(namesOn(res.body));
        urls.push(url);
        url = linkOn(res.body, 'next');
      }
      assert.deepEqual(
        pages.map((p) => p.length),
        [25, 25, 10],
      );
      const seen = pages.flat();
      assert.equal(new Set(seen).size, 60, 'no procedure twice');
      if (expected) assert.deepEqual(seen, expected());
      // Back from the last page: the same second and first pages, the first without "Previous".
      const last = await agent.get(urls[2]!);
      const second = await agent.get(linkOn(last.body, 'prev')!);
      assert.deepEqual(namesOn(second.body), pages[1]);
      const first = await agent.get(linkOn(second.body, 'prev')!);
      assert.deepEqual(namesOn(first.body), pages[0]);
      assert.equal(linkOn(first.body, 'prev'), undefined);
      assert.ok(linkOn(first.body, 'next'));
    });
  }

  it('pages a search the same way, counting nothing', async () => {
    const first = await agent.get('/procedures?q=client&order=name');
    assert.equal(namesOn(first.body).length, 25);
    assert.match(first.body, /Procedures found for &quot;client&quot;|Procedures found for "client"/);
    const next = linkOn(first.body, 'next')!;
    assert.match(next, /q=client/);
    assert.deepEqual(namesOn((await agent.get(next)).body), all.slice(25, 50));
  });
});
