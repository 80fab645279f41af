import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson, pageCsrf, postFirstVisit } from '../../../test/support/identity.ts';
import { setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { grantOfficer } from '../../features/authorities/service.ts';

const TEXT_TYPES = new Set(['text', 'email', 'password', 'tel', 'search', 'url']);

/** Every field of a page where text is typed (text-like inputs, textareas), with its maxlength. */
function textFields(html: string): { name: string; maxlength: number | undefined }[] {
  const tags = [...html.matchAll(/<(input|textarea)\b[^>]*>/g)].map((m) => m[0]);
  return tags
    .filter(
      (tag) => tag.startsWith('<textarea') || TEXT_TYPES.has(tag.match(/ type="([^"]+)"/)?.[1] ?? 'text'),
    )
    .map((tag) => {
      const max = tag.match(/ maxlength="(\d+)"/)?.[1];
      return { name: tag.match(/ name="([^"]+)"/)?.[1] ?? '?', maxlength: max ? Number(max) : undefined };
    });
}

/** Asserts the page's text fields all have a maxlength, and those named have the one given. */
function assertLimits(res: LightMyRequestResponse, expected: Record<string, number>): void {
  assert.equal(res.statusCode, 200, res.body.slice(0, 200));
  const fields = textFields(res.body);
  const unlimited = fields.filter((f) => f.maxlength === undefined).map((f) => f.name);
  assert.deepEqual(unlimited, [], 'every text field has a maxlength');
  for (const [name, max] of Object.entries(expected)) {
    assert.equal(fields.find((f) => f.name === name)?.maxlength, max, name);
  }
}

const long = (n: number, c = 'x') => c.repeat(n);

describe('text fields: a maxlength on every one, and "at most N characters" past it', () => {
  let t: TestApp;
  let head: Agent;
  before(async () => {
    t = await testApp();
    head = (await personLoggedOn(t)).agent;
  });
  after(() => t.close());

  it('log on with a token', async () => {
    assertLimits(await t.app.inject({ url: '/logon/token' }), { login: 64, password: 128, code: 10 });
    const form = await pageCsrf(t, '/logon/token');
    const res = await t.app.inject({
      method: 'POST',
      url: '/logon/token',
      headers: { cookie: form.cookie, 'accept-language': 'en' },
      payload: { _csrf: form.csrf, login: long(65), password: long(129), code: '123456' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /User ID: at most 64 characters/);
    assert.match(res.body, /Password: at most 128 characters/);
    assert.doesNotMatch(res.body, /Enter your user ID|incorrect/);
    assert.match(res.body, new RegExp(`value="${long(65)}"`), 'the user ID typed is kept');
  });

  it('first visit (demo)', async () => {
    assertLimits(await t.app.inject({ url: '/first-visit' }), { surname: 100, firstName: 100, email: 254 });
    const surname = long(10_000, 'S');
    const res = await postFirstVisit(t, { surname, email: `${long(250, 'a')}@example.lu` });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Surname: at most 100 characters/);
    assert.match(res.body, /E-mail: at most 254 characters/);
    assert.doesNotMatch(res.body, /Enter your surname/);
    assert.match(res.body, new RegExp(`value="${surname}"`));
  });

  it('set up a business eSpace, and its information sheet', async () => {
    assertLimits(await head.get('/spaces/new'), { name: 120, companyName: 200, email: 254 });
    const name = long(10_000, 'N');
    const refused = await head.post('/spaces/new', {
      name,
      companyName: long(201, 'C'),
      email: 'head@example.lu',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Name of the business eSpace: at most 120 characters/);
    assert.match(refused.body, /Company name \/ Corporate name: at most 200 characters/);
    assert.doesNotMatch(refused.body, /Enter the name of the business eSpace|Enter the company name/);
    assert.match(refused.body, new RegExp(`value="${name}"`));
    // Exactly at the limit is fine.
    assert.equal(
      (await head.post('/spaces/new', { name: long(120, 'N'), companyName: 'C SA', email: 'h@example.lu' }))
        .statusCode,
      303,
    );

    assertLimits(await head.get('/space/profile/edit'), {
      name: 120,
      companyName: 200,
      notificationEmail: 254,
      officePhone: 30,
      mobilePhone: 30,
      function: 120,
    });
    const sheet = await head.post('/space/profile/edit', {
      name: 'Sheet',
      companyName: 'C SA',
      function: long(121, 'F'),
      officePhone: `+352 ${long(30, '1')}`,
    });
    assert.equal(sheet.statusCode, 400);
    assert.match(sheet.body, /Function: at most 120 characters/);
    assert.match(sheet.body, /Office phone: at most 30 characters/);
    assert.match(sheet.body, new RegExp(`value="${long(121, 'F')}"`));
  });

  it('add a user, the users list, and the codes of the Certifications tab', async () => {
    await setUpBusinessSpace(head, 'Limits SARL');
    assertLimits(await head.get('/space/users/new'), { surname: 100, firstName: 100, email: 254 });
    const step1 = await head.post('/space/users/new', {
      step: '1',
      go: 'next',
      surname: long(10_000, 'S'),
      firstName: 'Anne',
      email: 'anne@example.lu',
    });
    assert.equal(step1.statusCode, 400);
    assert.match(step1.body, /Surname: at most 100 characters/);
    assert.doesNotMatch(step1.body, /Enter the surname/);
    const blank = await head.post('/space/users/new', {
      step: '1',
      go: 'next',
      surname: '   ',
      firstName: 'Anne',
      email: 'anne@example.lu',
    });
    assert.match(blank.body, /Enter the surname/, 'spaces only is missing, not too long');
    const step2 = await head.post('/space/users/new', {
      step: '1',
      go: 'next',
      surname: 'Muller',
      firstName: 'Anne',
      email: 'anne@example.lu',
    });
    assertLimits(step2, { certificateNumber: 40 });
    const number = await head.post('/space/users/new', {
      step: '2',
      go: 'next',
      surname: 'Muller',
      firstName: 'Anne',
      email: 'anne@example.lu',
      certificateNumber: long(41, '1'),
      restricted: 'all',
    });
    assert.equal(number.statusCode, 400);
    assert.match(number.body, /Certificate number: at most 40 characters/);

    assertLimits(await head.get('/space/users'), { q: 100 });
    assertLimits(await head.get('/space/certifications'), { code: 40 });
    assertLimits(await head.get('/space/certifications/ITM_ELECTIONS'), { code: 40, q: 100 });
    const code = `${long(37, 'A')}-BCD`;
    const typed = await head.post('/space/certifications/ITM_ELECTIONS/holder', { code });
    assert.equal(typed.statusCode, 400);
    assert.match(typed.body, /Holder access code: at most 40 characters/);
    assert.match(typed.body, new RegExp(`value="${code}"`));
  });

  it("the back office's issue form and list", async () => {
    const person = await newOtpPerson(t);
    await grantOfficer(
      { db: t.database.db, config: t.config },
      { person: person.personId, administration: 'ITM' },
    );
    const officer = await logOn(t, person);
    assertLimits(await officer.get('/backoffice/ITM/codes'), { q: 100 });
    assertLimits(await officer.get('/backoffice/ITM/codes/new'), { entities: 100_000 });
    const entities = 'rcs:B100001\n'.repeat(9000);
    const res = await officer.post('/backoffice/ITM/codes/new', {
      scope: 'ITM_ELECTIONS',
      kind: 'holder',
      expiresOn: '',
      entities,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Companies: at most 100,000 characters/);
    assert.ok(res.body.includes(`${entities.trimEnd()}`), 'the list typed is kept, not cut');
  });

  it('says it in the reader’s language', async () => {
    for (const [lang, text] of [
      ['fr', /Intitulé de l'espace professionnel : 120 caractères au plus/],
      ['de', /Bezeichnung des geschäftlichen eSpace: höchstens 120 Zeichen/],
    ] as const) {
      const reader = new Agent(t, lang);
      reader.setCookie((await personLoggedOn(t)).agent.cookie());
      const res = await reader.post('/spaces/new', {
        name: long(121),
        companyName: 'C',
        email: 'a@example.lu',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body.replaceAll('&#39;', "'"), text);
    }
  });
});
