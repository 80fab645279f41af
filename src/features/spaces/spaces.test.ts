import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { assertCountsRight } from '../../../test/support/counts.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import {
  confirmNotificationEmail,
  invite,
  join,
  lastMail,
  setUpBusinessSpace,
} from '../../../test/support/spaces.ts';
import { outboxMails, spaces } from '../../db/schema/index.ts';
import { generateCertificateNumber } from '../identity/rules.ts';

const newSpace = (agent: Agent, name = 'Formation structure A') =>
  agent.post('/spaces/new', { name, companyName: 'Crèche Mausi SARL', email: 'pierre.dupont@xy.lu' });

const mailsTo = async (t: TestApp, to: string) =>
  (await t.database.db.select().from(outboxMails).where(eq(outboxMails.recipient, to))).map((m) => m);

describe('eSpaces: private and business, selection, information sheet', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { MAX_BUSINESS_SPACES: '2', EMAIL_CHANGE_HOURS: '48' } });
  });
  after(() => t.close());

  it('gives every person exactly one private eSpace, with a PP- identifier', async () => {
    const { agent, person } = await personLoggedOn(t);
    const [first, second] = await Promise.all([agent.get('/spaces'), agent.get('/spaces')]);
    assert.equal(first.statusCode, 200);
    assert.equal(second.statusCode, 200);
    const rows = await t.database.db.select().from(spaces).where(eq(spaces.createdBy, person.personId));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'private');
    assert.match(rows[0]!.identifier, /^PP-[A-NP-Z1-9]{6}$/);
    assert.match(first.body, /Manage my eSpaces/);
    assert.match(first.body, /No eSpace selected/);
  });

  it('sets up a business eSpace whose creator is Administrator, and selects it', async () => {
    const { agent, person } = await personLoggedOn(t);
    const form = await agent.get('/spaces/new');
    assert.match(form.body, /Setting up a business eSpace/);
    assert.match(form.body, new RegExp(`value="${person.email.replace('.', '\\.')}"`), 'e-mail pre-filled');
    const created = await newSpace(agent);
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/space/profile?done=created');
    const profile = await agent.get('/space/profile?done=created');
    assert.match(profile.body, /The business eSpace has been created/);
    assert.match(profile.body, /class="space-indicator">Formation structure A</);
    const identifier = profile.body.match(/PM-[A-NP-Z1-9]{6}/)?.[0];
    assert.ok(identifier, 'PM- identifier in the user menu');
    assert.match(profile.body, /only Administrator of this eSpace/, 'recommends a second Administrator');
    const list = await agent.get('/spaces');
    assert.match(list.body, new RegExp(`${identifier}[\\s\\S]*?Selected`));
    assert.match(list.body, /Administrator/);
  });

  it('asks the language of all procedures, starting from the one the person reads; the mails of the eSpace are in it', async () => {
    // Her stored preference is French; she reads the portal in English.
    const { agent, person } = await personLoggedOn(t, { lang: 'fr' });
    const form = await agent.get('/spaces/new');
    assert.match(form.body, /<legend>Language of all procedures/);
    assert.match(form.body, /name="proceduresLang" value="en" checked/);
    assert.doesNotMatch(form.body, /name="proceduresLang" value="fr" checked/);
    const setUp = (proceduresLang: string) =>
      agent.post('/spaces/new', {
        name: 'English',
        companyName: 'English SA',
        email: person.email,
        proceduresLang,
      });
    const wrong = await setUp('xx');
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Choose the language of all procedures/);
    assert.match(wrong.body, /value="English SA"/);
    assert.equal((await setUp('en')).statusCode, 303);
    assert.match((await agent.get('/space/profile')).body, /Language of all procedures<\/dt><dd>English/);
    // The confirmation of a notification e-mail, and the invitation, are written in English first.
    await agent.post('/space/profile/edit', {
      name: 'English',
      proceduresLang: 'en',
      notificationEmail: 'info@english.lu',
    });
    assert.equal(
      (await lastMail(t, 'info@english.lu'))?.subject,
      'Confirm the notification e-mail of your eSpace',
    );
    await invite(agent, {
      surname: 'Weber',
      firstName: 'Luc',
      email: 'luc@english.lu',
      certificateNumber: generateCertificateNumber(),
    });
    assert.equal(
      (await lastMail(t, 'luc@english.lu'))?.subject,
      'Business eSpace - Invitation to join the Business eSpace',
    );

    // Another language may be chosen than the one read; without the field, the one read is taken.
    const other = await personLoggedOn(t, { lang: 'fr' });
    assert.equal((await newSpace(other.agent, 'Unasked')).statusCode, 303);
    const german = await other.agent.post('/spaces/new', {
      name: 'Deutsch',
      companyName: 'Deutsch AG',
      email: other.person.email,
      proceduresLang: 'de',
    });
    assert.equal(german.statusCode, 303);
    const langOf = async (name: string) =>
      (await t.database.db.select().from(spaces).where(eq(spaces.name, name)))[0]?.proceduresLang;
    assert.deepEqual(
      [await langOf('English'), await langOf('Unasked'), await langOf('Deutsch')],
      ['en', 'en', 'de'],
    );
  });

  it('refuses a business eSpace past MAX_BUSINESS_SPACES with a clear message, keeping what was typed', async () => {
    const { agent } = await personLoggedOn(t);
    assert.equal((await newSpace(agent, 'One')).statusCode, 303);
    assert.equal((await newSpace(agent, 'Two')).statusCode, 303);
    const third = await newSpace(agent, 'Three');
    assert.equal(third.statusCode, 409);
    assert.match(third.body, /already set up 2 business eSpaces/);
    assert.match(third.body, /value="Three"/);
    const list = await agent.get('/spaces');
    assert.doesNotMatch(list.body, />Three</);
  });

  it('re-renders the form with errors for missing fields', async () => {
    const { agent } = await personLoggedOn(t);
    const res = await agent.post('/spaces/new', { name: '', companyName: '', email: 'not-an-address' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Enter the name of the business eSpace/);
    assert.match(res.body, /Enter the company name/);
    assert.match(res.body, /Enter an e-mail address like/);
  });

  it('selects an eSpace only for its members; anyone else gets 404', async () => {
    const owner = await personLoggedOn(t);
    await newSpace(owner.agent, 'Mine');
    const identifier = (await owner.agent.get('/space/profile')).body.match(/PM-[A-NP-Z1-9]{6}/)![0];
    const stranger = await personLoggedOn(t);
    const res = await stranger.agent.post('/spaces/select', { identifier });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /Mine/);
    assert.equal((await stranger.agent.get('/space/profile')).statusCode, 303, 'no eSpace selected');
  });

  it('lets Administrators edit the information sheet; a notification e-mail waits for its link', async () => {
    const { agent } = await personLoggedOn(t);
    await newSpace(agent, 'Sheet');
    const saved = await agent.post('/space/profile/edit', {
      name: 'Sheet renamed',
      companyName: 'Crèche Mausi SARL',
      proceduresLang: 'de',
      notificationEmail: 'info@mausicreche.lu',
      officePhone: '+352 247 82000',
      mobilePhone: '',
      function: 'Gérante',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/space/profile?done=emailPending');
    // An emptied company name is asked for, and nothing of the form is lost.
    const emptied = await agent.post('/space/profile/edit', {
      name: 'Sheet renamed',
      companyName: ' ',
      function: 'CEO',
    });
    assert.equal(emptied.statusCode, 400);
    assert.match(emptied.body, /Enter the company name/);
    assert.match(emptied.body, /value="CEO"/);
    const sheet = await agent.get('/space/profile');
    assert.match(sheet.body, /Sheet renamed/);
    assert.match(sheet.body, /Deutsch/);
    assert.match(
      sheet.body,
      /valid until \d\d\/\d\d\/\d{4}, \d\d:\d\d, that was sent to info@mausicreche\.lu/,
    );
    assert.match(sheet.body, /Notification e-mail<\/dt><dd>Not specified/, 'old value kept meanwhile');
    const [mail] = await mailsTo(t, 'info@mausicreche.lu');
    assert.ok(mail, 'a link went to the new address');
    const link = mail.text.match(/\/email-change\/([\w-]+)/)?.[1];
    assert.ok(link);

    // A new request replaces the pending one: the first link stops working.
    await agent.post('/space/profile/edit', {
      name: 'Sheet renamed',
      notificationEmail: 'contact@mausicreche.lu',
    });
    const second = (await mailsTo(t, 'contact@mausicreche.lu'))[0]!;
    const secondLink = second.text.match(/\/email-change\/([\w-]+)/)![1]!;
    const stale = await new Agent(t).get(`/email-change/${link}`);
    assert.equal(stale.statusCode, 410);
    assert.match(stale.body, /no longer valid/);

    // Whoever reads the new mailbox confirms it, without logging on; a scanner opening the link changes nothing.
    const reader = new Agent(t);
    const page = await reader.get(`/email-change/${secondLink}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /contact@mausicreche\.lu/);
    assert.match((await agent.get('/space/profile')).body, /Notification e-mail<\/dt><dd>Not specified/);
    const confirmed = await reader.post(`/email-change/${secondLink}`);
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /contact@mausicreche\.lu is now the notification e-mail/);
    const after = await agent.get('/space/profile');
    assert.match(after.body, /Notification e-mail<\/dt><dd>contact@mausicreche\.lu/);
    assert.doesNotMatch(after.body, /waiting for validation/);
    const again = await reader.post(`/email-change/${secondLink}`);
    assert.equal(again.statusCode, 410, 'a used link gets a clear page');
  });

  it('expires the notification e-mail link after EMAIL_CHANGE_HOURS', async () => {
    const { agent } = await personLoggedOn(t);
    await newSpace(agent, 'Expiry');
    await agent.post('/space/profile/edit', { name: 'Expiry', notificationEmail: 'late@example.lu' });
    const mail = (await mailsTo(t, 'late@example.lu'))[0]!;
    const token = mail.text.match(/\/email-change\/([\w-]+)/)![1]!;
    // The page was opened in time; the person confirms after the deadline.
    const reader = new Agent(t);
    assert.equal((await reader.get(`/email-change/${token}`)).statusCode, 200);
    await t.database.db
      .update(spaces)
      .set({ pendingEmailExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(spaces.pendingEmail, 'late@example.lu'));
    assert.equal((await new Agent(t).get(`/email-change/${token}`)).statusCode, 410);
    const res = await reader.post(`/email-change/${token}`);
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /has expired/);
    const sheet = await agent.get('/space/profile');
    assert.doesNotMatch(sheet.body, /late@example\.lu<\/dd>/);
  });

  /** The link of the newest confirmation mailed to `to`. */
  const linkTo = async (to: string) => {
    const mails = await mailsTo(t, to);
    return mails
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!
      .text.match(/\/email-change\/([\w-]+)/)![1]!;
  };
  const linkWorks = async (token: string) => (await new Agent(t).get(`/email-change/${token}`)).statusCode;

  it('asks again for an address whose request expired: a new link goes out', async () => {
    const { agent } = await personLoggedOn(t);
    await newSpace(agent, 'Again');
    await agent.post('/space/profile/edit', { name: 'Again', notificationEmail: 'again@example.lu' });
    await t.database.db
      .update(spaces)
      .set({ pendingEmailExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(spaces.pendingEmail, 'again@example.lu'));
    assert.match(
      (await agent.get('/space/profile/edit')).body,
      /name="notificationEmail" type="email" value aria/,
      'none pending',
    );
    const res = await agent.post('/space/profile/edit', {
      name: 'Again',
      notificationEmail: 'again@example.lu',
    });
    assert.equal(res.headers.location, '/space/profile?done=emailPending');
    assert.equal((await mailsTo(t, 'again@example.lu')).length, 2);
    assert.equal(await linkWorks(await linkTo('again@example.lu')), 200);
    assert.match((await agent.get('/space/profile')).body, /that was sent to again@example\.lu/);
  });

  it('cancels the pending request when the current address is typed back or the field is emptied', async () => {
    const { agent } = await personLoggedOn(t);
    await newSpace(agent, 'Cancel');
    await confirmNotificationEmail(t, agent, 'current@example.lu', 'Cancel');
    await agent.post('/space/profile/edit', { name: 'Cancel', notificationEmail: 'next@example.lu' });
    const first = await linkTo('next@example.lu');
    const back = await agent.post('/space/profile/edit', {
      name: 'Cancel',
      notificationEmail: 'current@example.lu',
    });
    assert.equal(back.headers.location, '/space/profile?done=emailCancelled');
    assert.equal(await linkWorks(first), 410, 'the link stops working');
    const sheet = await agent.get('/space/profile?done=emailCancelled');
    assert.match(sheet.body, /The request to change the notification e-mail has been cancelled/);
    assert.match(sheet.body, /Notification e-mail<\/dt><dd>current@example\.lu/);
    assert.doesNotMatch(sheet.body, /data-pending-email/);

    await agent.post('/space/profile/edit', { name: 'Cancel', notificationEmail: 'next@example.lu' });
    const second = await linkTo('next@example.lu');
    await agent.post('/space/profile/edit', { name: 'Cancel', notificationEmail: '' });
    assert.equal(await linkWorks(second), 410);
    const emptied = await agent.get('/space/profile');
    assert.match(emptied.body, /Notification e-mail<\/dt><dd>Not specified/);
    assert.doesNotMatch(emptied.body, /data-pending-email/);
  });

  it('"Cancel this request" ends the pending request and its link; only Administrators have it', async () => {
    const { agent } = await personLoggedOn(t);
    await newSpace(agent, 'Button');
    const managerPerson = await newOtpPerson(t);
    const manager = await logOn(t, managerPerson);
    await join(t, agent, managerPerson, manager, { role: 'manager' });
    await agent.post('/space/profile/edit', { name: 'Button', notificationEmail: 'button@example.lu' });
    const token = await linkTo('button@example.lu');
    const seen = await manager.get('/space/profile');
    assert.match(seen.body, /data-pending-email/);
    assert.doesNotMatch(seen.body, /Cancel this request/);
    assert.equal((await manager.post('/space/profile/email-change/cancel')).statusCode, 403);
    assert.equal(await linkWorks(token), 200);

    const sheet = await agent.get('/space/profile');
    assert.match(sheet.body, /<form method="post" action="\/space\/profile\/email-change\/cancel">/);
    assert.match(sheet.body, /Cancel this request/);
    const res = await agent.post('/space/profile/email-change/cancel');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/space/profile?done=emailCancelled');
    assert.equal(await linkWorks(token), 410);
    assert.doesNotMatch((await agent.get('/space/profile')).body, /data-pending-email/);
    assert.match((await agent.get('/space/activity')).body, /Notification e-mail change cancelled/);
  });

  it('words the name of a business eSpace as the seed does: "Intitulé de l\'espace professionnel"', async () => {
    const { agent } = await personLoggedOn(t);
    await newSpace(agent, 'Libellé');
    agent.setCookie('lang=fr');
    assert.match(
      (await agent.get('/space/profile')).body,
      /<dt>Intitulé de l'espace professionnel<\/dt><dd>Libellé/,
    );
    assert.match(
      (await agent.get('/space/profile/edit')).body,
      /<label for="name">Intitulé de l'espace professionnel/,
    );
  });

  it('"Manage my eSpaces" counts the business eSpaces set up as the limit does, also those left since', async () => {
    const { agent } = await personLoggedOn(t);
    assert.equal((await newSpace(agent, 'Kept')).statusCode, 303);
    const identifier = await setUpBusinessSpace(agent, 'Left');
    const other = await newOtpPerson(t);
    await join(t, agent, other, await logOn(t, other), { role: 'administrator' });
    await agent.post('/spaces/select', { identifier });
    assert.equal((await agent.post('/space/leave')).statusCode, 303);
    assert.doesNotMatch((await agent.get('/spaces')).body, new RegExp(identifier), 'no longer a member');
    const list = await agent.get('/spaces');
    assert.match(list.body, /You have set up 2 of the 2 business eSpaces/);
    assert.doesNotMatch(list.body, /href="\/spaces\/new"/, 'no "Set up" the form would refuse');
    assert.match(list.body, /already set up 2 business eSpaces/);
    assert.equal((await newSpace(agent, 'Third')).statusCode, 409);
  });

  it('keeps the selection in the session: a new log on starts with no eSpace selected', async () => {
    const { agent, person } = await personLoggedOn(t);
    await newSpace(agent, 'Session');
    assert.match((await agent.get('/spaces')).body, /class="space-indicator">Session</);
    const other = await logOn(t, person, 30_000);
    assert.match((await other.get('/spaces')).body, /class="space-indicator">No eSpace selected</);
  });
  it('keeps the list counts right through every change above (eSpaces set up and left)', async () => {
    await assertCountsRight(t.database.db);
  });
});
