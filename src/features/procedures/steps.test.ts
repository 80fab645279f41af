import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent, logOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { company, confirmCode, issueCode } from '../../../test/support/certification.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { ctxOf, entity } from '../../../test/support/procedures.ts';
import { join } from '../../../test/support/spaces.ts';
import { procedures as proceduresTable, spaces } from '../../db/schema/index.ts';
import { newOneTimeToken, ONE_TIME_FIELD } from '../../platform/http/idempotency.ts';
import { createPdf } from '../../platform/pdf/document.ts';
import type { SpaceCtx } from '../spaces/service.ts';
import { definitionFile, field, step, texts } from './definition/testing.ts';
import { startProcedure } from './service/drafts.ts';
import { closeVersion, publishDefinition } from './service/publish.ts';
import { transmit } from './service/transmit.ts';

/**
 * Filling a draft through its pages, as a browser does (app.inject): each widget's round trip,
 * errors with the values kept, groups without JavaScript, files, the guard against skipping
 * steps, stale saves, Back, Resume later, and resuming a draft whose version closed.
 */

const option = (value: string) => ({ value, label: texts(value) });
const many = Array.from({ length: 9 }, (_, i) => option(`canton-${i + 1}`));

/** One step with a field of every one-line and choice type. */
const widgets = definitionFile([
  step('all', [
    field('name', 'text', { required: true }),
    field('story', 'textarea'),
    field('count', 'number', { integer: true }),
    field('price', 'amount'),
    field('day', 'date'),
    field('colour', 'choice', { options: [option('red'), option('blue')] }),
    field('canton', 'choice', { options: many }),
    field('tags', 'choices', { options: [option('a'), option('b'), option('c')] }),
    field('agree', 'yesno'),
    field('mail', 'email'),
    field('tel', 'phone'),
    field('home', 'address'),
    field('account', 'iban'),
    field('company', 'company-id'),
  ]),
]);

/** Two steps, the second shown only when asked for, and a third. */
const twoSteps = (version = 1, extra: unknown[] = []) =>
  definitionFile(
    [
      step('about', [field('title', 'text', { required: true }), field('more', 'yesno')]),
      step('details', [field('detail', 'text', { required: true })], {
        when: { '==': [{ var: 'more' }, true] },
      }),
      step('end', [field('staff', 'number', { required: true }), ...extra]),
    ],
    { version },
  );

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; type: string; bytes: Uint8Array };

describe('filling a draft, one step per page', () => {
  let t: TestApp;
  let head: { agent: Agent; spaceId: string; identifier: string; ctx: SpaceCtx };
  let subject: string;
  const widgetCode = widgets.code as string;

  before(async () => {
    t = await testApp();
    const made = await company(t, 'Steps SARL');
    head = { ...made, ctx: await ctxOf(t, made.person.personId, made.person.deviceId) };
    assert.equal(
      (await confirmCode(made.agent, (await issueCode(t, { entity: 'rcs:B100001' })).code)).statusCode,
      303,
    );
    subject = (await entity(t, 'B100001')).id;
    assert.equal((await publishDefinition({ db: t.database.db }, widgets)).status, 'published');
  });
  after(() => t.close());

  const draftOf = async (code: string, subjectEntityId?: string) =>
    (await startProcedure(head.ctx, head.spaceId, { code, subjectEntityId })).id;
  const saved = async (id: string) =>
    (await t.database.db.select().from(proceduresTable).where(eq(proceduresTable.id, id)))[0]!;
  const url = (id: string, stepId: string) => `/procedures/${id}/steps/${stepId}`;
  /** The value an input of the page shows. */
  const inputValue = (body: string, name: string) =>
    body.match(new RegExp(`name="${name.replace(/\./g, '\\.')}"[^>]*value="([^"]*)"`))?.[1] ??
    body.match(new RegExp(`value="([^"]*)"[^>]*name="${name.replace(/\./g, '\\.')}"`))?.[1];
  const revisionOf = (body: string) => inputValue(body, 'revision')!;

  /** A multipart post, as a browser sends a form with files. */
  async function postFiles(agent: Agent, target: string, parts: Part[]) {
    const page = await agent.get(target);
    const form = new FormData();
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    for (const part of [
      { name: '_csrf', value: csrf },
      { name: ONE_TIME_FIELD, value: newOneTimeToken() },
      ...parts,
    ]) {
      if ('value' in part) form.append(part.name, part.value);
      else form.append(part.name, new Blob([new Uint8Array(part.bytes)], { type: part.type }), part.filename);
    }
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return t.app.inject({
      method: 'POST',
      url: target,
      headers: { cookie: agent.cookie(), 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  }

  it('shows every widget, saves the typed answers and shows them again', async () => {
    const id = await draftOf(widgetCode);
    const page = await head.agent.get(url(id, 'all'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Step all<\/h1>/);
    assert.match(page.body, /Step 1 of 1/);
    for (const input of [
      'name="name" type="text"',
      '<textarea id="story"',
      'name="count" type="text"',
      'type="date"',
      'type="radio" id="colour-red"',
      '<select id="canton" name="canton"',
      'type="checkbox" id="tags-a"',
      'id="agree-yes"',
      'type="email"',
      'type="tel"',
      'id="home.postcode"',
      'name="account"',
      'name="company"',
    ])
      assert.ok(page.body.includes(input), input);

    const posted = await head.agent.post(url(id, 'all'), {
      revision: revisionOf(page.body),
      go: 'next',
      name: 'Maitry',
      story: 'One\r\nTwo',
      count: '12',
      price: '1.250,50',
      day: '2026-03-27',
      colour: 'blue',
      canton: 'canton-9',
      tags: ['a', 'c'],
      agree: 'yes',
      mail: 'office@maitry.lu',
      tel: '+352 247 76100',
      'home.street': '3, rue des Primeurs',
      'home.postcode': 'L-2361',
      'home.city': 'Strassen',
      'home.country': 'Luxembourg',
      account: 'lu28 0019 4006 4475 0000',
      company: 'rcs b 123.456',
      unknown: 'ignored',
    });
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 2000));
    assert.equal(posted.headers.location, `/procedures/${id}/check`, 'the last step leads to the check');
    assert.deepEqual((await saved(id)).answers, {
      name: 'Maitry',
      story: 'One\nTwo',
      count: 12,
      price: 125050,
      day: '2026-03-27',
      colour: 'blue',
      canton: 'canton-9',
      tags: ['a', 'c'],
      agree: true,
      mail: 'office@maitry.lu',
      tel: '+352 24 77 61 00',
      home: { street: '3, rue des Primeurs', postcode: 'L-2361', city: 'Strassen', country: 'Luxembourg' },
      account: 'LU280019400644750000',
      company: 'B123456',
    });

    const again = (await head.agent.get(url(id, 'all'))).body;
    assert.equal(inputValue(again, 'price'), '1250.50', 'an amount in euros, as written in English');
    assert.equal(inputValue(again, 'home.city'), 'Strassen');
    assert.match(again, /<textarea[^>]*>One\nTwo<\/textarea>/);
    assert.match(again, /id="colour-blue" name="colour" value="blue" checked/);
    assert.match(again, /value="canton-9" selected/);
    assert.match(again, /id="tags-c" name="tags" value="c" checked/);
    assert.match(again, /id="agree-yes" name="agree" value="yes" checked/);
    assert.equal(inputValue(again, 'account'), 'LU280019400644750000');
    const french = new Agent(t, 'fr');
    french.setCookie(head.agent.cookie());
    assert.equal(
      inputValue((await french.get(url(id, 'all'))).body, 'price'),
      '1250,50',
      'in French: a comma',
    );
  });

  it('shows the errors in a summary linking to the fields, with the values as typed (400)', async () => {
    const id = await draftOf(widgetCode);
    const page = await head.agent.get(url(id, 'all'));
    const res = await head.agent.post(url(id, 'all'), {
      revision: revisionOf(page.body),
      go: 'next',
      name: '',
      count: '12 apples',
      price: '12,5x',
      'home.street': 'Rue 1',
      mail: 'not an e-mail',
    });
    assert.equal(res.statusCode, 400);
    const summary = res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? '';
    assert.match(summary, /href="#name">Field name: This field is required\./);
    assert.match(summary, /href="#count">Field count: Enter a whole number\./);
    assert.match(summary, /href="#price">Field price: Enter an amount in euros/);
    assert.match(summary, /href="#home\.postcode">Field home – Postcode: This field is required\./);
    assert.match(summary, /href="#mail">Field mail: Enter an e-mail address/);
    assert.equal(inputValue(res.body, 'count'), '12 apples');
    assert.equal(inputValue(res.body, 'price'), '12,5x');
    assert.equal(inputValue(res.body, 'mail'), 'not an e-mail');
    assert.match(res.body, /id="price-error"/, 'the message beside its field');
    assert.deepEqual((await saved(id)).answers, {}, 'nothing saved');
  });

  it('adds and removes candidates without JavaScript, keeping what was typed, and saves them', async () => {
    const id = await draftOf('ITM-SE-CANDIDATES', subject);
    // The company's certified data are shown read-only, the rest is filled step by step.
    const first = await head.agent.get(url(id, 'company'));
    assert.match(first.body, /From your certified data/);
    assert.doesNotMatch(first.body, /name="companyName"/, 'a certified value is no input');
    assert.equal(
      (
        await head.agent.post(url(id, 'company'), {
          revision: revisionOf(first.body),
          go: 'next',
          electionDate: '2026-11-12',
        })
      ).headers.location,
      url(id, 'list'),
    );
    const list = await head.agent.get(url(id, 'list'));
    assert.match(list.body, /Step 2 of 4/);
    const listed = await head.agent.post(url(id, 'list'), {
      revision: revisionOf(list.body),
      go: 'next',
      listName: 'Liste indépendante',
      listType: 'union',
      unionName: 'OGBL',
      // Hidden by the answer "union": its value is not validated, and not an error.
      supportersCount: 'many',
    });
    assert.equal(listed.statusCode, 303, listed.body.slice(0, 1500));
    assert.doesNotMatch((await head.agent.get(url(id, 'list'))).body, /name="supportersCount"/);

    const page = await head.agent.get(url(id, 'candidates'));
    assert.match(page.body, /Candidate 1/);
    const typed = {
      revision: revisionOf(page.body),
      'candidates.items': '1',
      'candidates.0.surname': 'Maitry',
      'candidates.0.firstName': 'Karine',
      'candidates.0.birthDate': '1984-05-02',
      'candidates.0.jobTitle': 'Welder',
      'candidates.0.hiredOn': '2015-09-01',
    };
    const added = await head.agent.post(url(id, 'candidates'), { ...typed, go: 'add:candidates' });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /Candidate 2/);
    assert.equal(inputValue(added.body, 'candidates.items'), '2');
    assert.equal(inputValue(added.body, 'candidates.0.surname'), 'Maitry', 'what was typed stays');
    assert.equal((await saved(id)).answers.candidates, undefined, 'adding saves nothing');

    const two = {
      ...typed,
      'candidates.items': '3',
      'candidates.1.surname': 'Removed',
      'candidates.2.surname': 'Weber',
      'candidates.2.firstName': 'Paul',
      'candidates.2.birthDate': '1990-01-31',
      'candidates.2.jobTitle': 'Clerk',
      'candidates.2.hiredOn': '2020-02-01',
    };
    const removed = await head.agent.post(url(id, 'candidates'), { ...two, go: 'remove:candidates:1' });
    assert.equal(removed.statusCode, 200);
    assert.equal(inputValue(removed.body, 'candidates.items'), '2');
    assert.equal(inputValue(removed.body, 'candidates.1.surname'), 'Weber', 'the third moved up');
    assert.doesNotMatch(removed.body, /Removed/);
    assert.match(removed.body, /name="go" value="next" class="visually-hidden"/, 'Enter saves, not "Remove"');

    // An item left empty is no item: it goes, and the errors name the items as the page shows them.
    const gap = await head.agent.post(url(id, 'candidates'), {
      ...typed,
      'candidates.items': '3',
      'candidates.2.surname': 'Weber',
      go: 'next',
    });
    assert.equal(gap.statusCode, 400);
    assert.equal(inputValue(gap.body, 'candidates.items'), '2');
    assert.equal(inputValue(gap.body, 'candidates.1.surname'), 'Weber');
    assert.match(gap.body, /href="#candidates\.1\.firstName">Candidate 2 – [^<:]+: This field is required/);

    const fields = Object.fromEntries(
      [...removed.body.matchAll(/name="(candidates\.[^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    const next = await head.agent.post(url(id, 'candidates'), {
      ...fields,
      revision: typed.revision,
      go: 'next',
    });
    assert.equal(next.statusCode, 303, next.body.slice(0, 1500));
    assert.equal(next.headers.location, url(id, 'documents'));
    assert.deepEqual(
      ((await saved(id)).answers.candidates as { surname: string }[]).map((c) => c.surname),
      ['Maitry', 'Weber'],
    );
  });

  it('marks prefilled values with where they came from, editable, until the step is saved', async () => {
    await t.database.db
      .update(spaces)
      .set({ notificationEmail: 'office@steps.lu' })
      .where(eq(spaces.id, head.spaceId));
    const id = await draftOf('ITM-SE-ANNOUNCE', subject);
    await t.database.db
      .update(proceduresTable)
      .set({ currentStep: 'contact' })
      .where(eq(proceduresTable.id, id));
    const page = await head.agent.get(url(id, 'contact'));
    assert.match(page.body, /From your personal details/);
    assert.match(page.body, /From the information sheet/);
    assert.equal(inputValue(page.body, 'contactEmail'), 'office@steps.lu');
    const name = inputValue(page.body, 'contactName');
    assert.ok(name, 'an input, not read-only text');
    const res = await head.agent.post(url(id, 'contact'), {
      revision: revisionOf(page.body),
      go: 'next',
      contactName: 'Someone Else',
      contactEmail: inputValue(page.body, 'contactEmail')!,
      contactTelephone: '+352 247 76100',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
    assert.equal((await saved(id)).answers.contactName, 'Someone Else');
    assert.doesNotMatch((await head.agent.get(url(id, 'contact'))).body, /From your personal details/);
  });

  it('attaches a real PDF, shows it with its name and size, and refuses another type', async () => {
    const id = await draftOf('ITM-SE-CANDIDATES', subject);
    await t.database.db
      .update(proceduresTable)
      .set({ currentStep: 'documents', answers: { listType: 'union' } })
      .where(eq(proceduresTable.id, id));
    const target = url(id, 'documents');
    const doc = await createPdf({ title: 'Liste', author: 'Test', lang: 'fr', createdAt: new Date(0) });
    doc.addPage();
    const pdf = await doc.save();
    const page = await head.agent.get(target);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /Accepted formats: PDF; 10 MB at most/);

    const refused = await postFiles(head.agent, target, [
      { name: 'revision', value: revisionOf(page.body) },
      { name: 'go', value: 'next' },
      {
        name: 'signedList',
        filename: 'list.png',
        type: 'image/png',
        bytes: new TextEncoder().encode('not a pdf'),
      },
    ]);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /href="#signedList"/);

    const res = await postFiles(head.agent, target, [
      { name: 'revision', value: revisionOf(page.body) },
      { name: 'go', value: 'next' },
      { name: 'signedList', filename: 'Liste signée.pdf', type: 'application/pdf', bytes: pdf },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
    const answer = (await saved(id)).answers.signedList as { name: string; size: number; type: string };
    assert.deepEqual(
      { name: answer.name, size: answer.size, type: answer.type },
      {
        name: 'Liste signée.pdf',
        size: pdf.length,
        type: 'application/pdf',
      },
    );
    const again = await head.agent.get(target);
    assert.match(again.body, /File attached: Liste signée\.pdf \(\d+ KB\)/);
    // Saved again without choosing a file: the attached one stays; "Remove" takes it away.
    const kept = await head.agent.post(target, {
      revision: revisionOf(again.body),
      go: 'next',
      'signedList.file': inputValue(again.body, 'signedList.file')!.replace(/&quot;/g, '"'),
    });
    assert.equal(kept.statusCode, 303);
    assert.equal(((await saved(id)).answers.signedList as { name: string }).name, 'Liste signée.pdf');
  });

  it('sends a step typed ahead, or hidden, to the furthest step reached; a step of no such name is not found', async () => {
    const { code } = { code: (await publish(twoSteps())).code };
    const id = await draftOf(code);
    const ahead = await head.agent.get(url(id, 'end'));
    assert.equal(ahead.statusCode, 303);
    assert.equal(ahead.headers.location, url(id, 'about'));
    const page = await head.agent.get(url(id, 'about'));
    const skipped = await head.agent.post(url(id, 'end'), {
      revision: revisionOf(page.body),
      go: 'next',
      staff: '3',
    });
    assert.equal(skipped.headers.location, url(id, 'about'), 'nor by posting to it');
    assert.equal((await saved(id)).answers.staff, undefined);
    assert.equal((await head.agent.get(url(id, 'nothing'))).statusCode, 404);
    // "details" is shown only when asked for: "Step 1 of 2", then straight to "end".
    assert.match(page.body, /Step 1 of 2/);
    const next = await head.agent.post(url(id, 'about'), {
      revision: revisionOf(page.body),
      go: 'next',
      title: 'T',
      more: 'no',
    });
    assert.equal(next.headers.location, url(id, 'end'));
    assert.equal(
      (await head.agent.get(url(id, 'details'))).headers.location,
      url(id, 'end'),
      'a hidden step',
    );
  });

  it('shows a question its answer reveals before saving, rather than an error', async () => {
    const code = (
      await publish(
        twoSteps(1, [field('why', 'text', { required: true, when: { '>': [{ var: 'staff' }, 10] } })]),
      )
    ).code;
    const id = await draftOf(code);
    await t.database.db.update(proceduresTable).set({ currentStep: 'end' }).where(eq(proceduresTable.id, id));
    const page = await head.agent.get(url(id, 'end'));
    assert.doesNotMatch(page.body, /name="why"/);
    const res = await head.agent.post(url(id, 'end'), {
      revision: revisionOf(page.body),
      shown: inputValue(page.body, 'shown')!,
      go: 'next',
      staff: '25',
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Your answers ask for more details/);
    assert.match(res.body, /name="why"/);
    assert.doesNotMatch(res.body, /error-summary/);
    assert.equal(inputValue(res.body, 'staff'), '25');
  });

  it('refuses a stale save by another member (409), showing the current values, overwriting nothing', async () => {
    const code = (await publish(twoSteps())).code;
    const id = await draftOf(code);
    const manager = await newOtpPerson(t);
    const theirs = await logOn(t, manager);
    await join(t, head.agent, manager, theirs, { role: 'manager_no_signature' });
    assert.equal((await theirs.post('/spaces/select', { identifier: head.identifier })).statusCode, 303);

    const mine = await head.agent.get(url(id, 'about'));
    const seen = await theirs.get(url(id, 'about'));
    assert.equal(seen.statusCode, 200, "every member fills the eSpace's drafts");
    const first = await head.agent.post(url(id, 'about'), {
      revision: revisionOf(mine.body),
      go: 'next',
      title: 'Mine',
      more: 'no',
    });
    assert.equal(first.statusCode, 303);
    const late = await theirs.post(url(id, 'about'), {
      revision: revisionOf(seen.body),
      go: 'next',
      title: 'Theirs',
      more: 'yes',
    });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /Someone else changed this step/);
    assert.equal(inputValue(late.body, 'title'), 'Mine', 'the current values');
    assert.match(late.body, /id="more-no" name="more" value="no" checked/);
    const row = await saved(id);
    assert.equal(inputValue(late.body, 'revision'), String(row.revision), 'and the current revision');
    assert.deepEqual(row.answers, { title: 'Mine', more: false }, 'nothing overwritten');
    const again = await theirs.post(url(id, 'about'), {
      revision: inputValue(late.body, 'revision')!,
      go: 'next',
      title: 'Theirs',
      more: 'no',
    });
    assert.equal(again.statusCode, 303, 'saved once they have seen the current values');
    assert.equal((await saved(id)).answers.title, 'Theirs');
  });

  it('goes Back saving nothing, and saves for later (or shows the errors)', async () => {
    const code = (await publish(twoSteps())).code;
    const id = await draftOf(code);
    const page = await head.agent.get(url(id, 'about'));
    const later = await head.agent.post(url(id, 'about'), {
      revision: revisionOf(page.body),
      go: 'later',
      title: 'Later',
      more: 'yes',
    });
    assert.equal(later.statusCode, 303);
    assert.equal(later.headers.location, '/procedures?done=saved');
    assert.deepEqual((await saved(id)).answers, { title: 'Later', more: true });
    const invalid = await head.agent.post(url(id, 'about'), {
      revision: revisionOf(page.body),
      go: 'later',
      title: '',
    });
    assert.equal(invalid.statusCode, 409, 'a page read before the save is stale');

    const details = await head.agent.get(url(id, 'details'));
    assert.equal(details.statusCode, 200, 'shown and reached once "more" is yes');
    const empty = await head.agent.post(url(id, 'details'), {
      revision: revisionOf(details.body),
      go: 'later',
      detail: '',
    });
    assert.equal(empty.statusCode, 400, 'Resume later saves only what is valid');
    const back = await head.agent.post(url(id, 'details'), {
      revision: revisionOf(details.body),
      go: 'back',
      detail: 'Typed',
    });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, url(id, 'about'));
    assert.equal((await saved(id)).answers.detail, undefined, 'Back saves nothing');
    const toCheck = await head.agent.post(`${url(id, 'details')}?from=check`, {
      revision: revisionOf(details.body),
      go: 'next',
      detail: 'Changed from the check',
    });
    assert.equal(toCheck.headers.location, `/procedures/${id}/check`, 'back to "Check your answers"');
    const backToCheck = await head.agent.post(`${url(id, 'about')}?from=check`, {
      revision: revisionOf((await head.agent.get(url(id, 'about'))).body),
      go: 'back',
    });
    assert.equal(backToCheck.headers.location, `/procedures/${id}/check`);
  });

  it('resumes a draft at its step, moves one whose version closed and lands on the check with the changed steps', async () => {
    const v1 = twoSteps(1);
    const code = v1.code as string;
    await publish(v1);
    const id = await draftOf(code);
    const page = await head.agent.get(url(id, 'about'));
    await head.agent.post(url(id, 'about'), {
      revision: revisionOf(page.body),
      go: 'next',
      title: 'T',
      more: 'no',
    });
    const resumed = await head.agent.post(`/procedures/${id}/resume`);
    assert.equal(resumed.statusCode, 303);
    assert.equal(resumed.headers.location, url(id, 'end'));

    const v2 = { ...twoSteps(2, [field('email', 'email', { required: true })]), code };
    await publish(v2);
    const closing = new Date(Date.now() + 200);
    assert.equal(
      (await closeVersion({ db: t.database.db }, { code, version: 1, at: closing })).status,
      'set',
    );
    await new Promise((resolve) => setTimeout(resolve, closing.getTime() - Date.now() + 10));
    const moved = await head.agent.post(`/procedures/${id}/resume`);
    assert.equal(moved.statusCode, 303);
    assert.equal(moved.headers.location, `/procedures/${id}/check?changed=end`);

    // With no open version left, the page says why it cannot be resumed.
    const lone = twoSteps(1);
    await publish(lone);
    const stuck = await draftOf(lone.code as string);
    const ends = new Date(Date.now() + 200);
    await closeVersion({ db: t.database.db }, { code: lone.code as string, version: 1, at: ends });
    await new Promise((resolve) => setTimeout(resolve, ends.getTime() - Date.now() + 10));
    const refused = await head.agent.post(`/procedures/${stuck}/resume`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /This procedure is no longer offered/);

    const other = await draftOf(widgetCode);
    await head.agent.post(url(other, 'all'), {
      revision: revisionOf((await head.agent.get(url(other, 'all'))).body),
      go: 'next',
      name: 'Done',
    });
    await transmit(head.ctx, head.spaceId, other);
    assert.equal(
      (await head.agent.post(`/procedures/${other}/resume`)).headers.location,
      `/procedures/${other}`,
    );
    assert.equal(
      (await head.agent.get(url(other, 'all'))).headers.location,
      `/procedures/${other}`,
      'nothing to fill',
    );
  });

  /** Publishes a definition file made by the test. */
  async function publish(json: Record<string, unknown>) {
    assert.equal((await publishDefinition({ db: t.database.db }, json)).status, 'published');
    return { code: json.code as string };
  }
});
