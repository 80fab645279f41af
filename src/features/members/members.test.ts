import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { assertCountsRight } from '../../../test/support/counts.ts';
import { newOtpPerson, secondToken } from '../../../test/support/identity.ts';
import {
  confirmNotificationEmail,
  invitationToken,
  invite,
  join,
  lastMail,
  membershipOf,
  readCommunications,
  setUpBusinessSpace,
  unreadCount,
} from '../../../test/support/spaces.ts';
import { invitations, outboxMails } from '../../db/schema/index.ts';
import { formatCertificateNumber, generateCertificateNumber } from '../identity/rules.ts';

describe('users of a business eSpace: invitations, roles, at least one Administrator', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { INVITATION_DAYS: '14' } });
  });
  after(() => t.close());

  it('"Add a user" in three steps: each step checks its fields and "Back" keeps what was typed', async () => {
    const { agent } = await personLoggedOn(t);
    await setUpBusinessSpace(agent);
    const step1 = await agent.get('/space/users/new');
    assert.match(step1.body, /Step 1\/3/);
    const empty = await agent.post('/space/users/new', {
      step: '1',
      go: 'next',
      surname: '',
      firstName: 'Marc',
      email: 'x',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the surname/);
    assert.match(empty.body, /Enter an e-mail address like/);
    assert.match(empty.body, /value="Marc"/);
    const step2 = await agent.post('/space/users/new', {
      step: '1',
      go: 'next',
      surname: 'Eschlin',
      firstName: 'Marc',
      email: 'marc@example.lu',
    });
    assert.match(step2.body, /Step 2\/3/);
    assert.match(step2.body, /The user can use all of their certificates \(Pro\/Private\)/);
    const badNumber = await agent.post('/space/users/new', {
      step: '2',
      go: 'next',
      surname: 'Eschlin',
      firstName: 'Marc',
      email: 'marc@example.lu',
      certificateNumber: '2 2021000 100 20 0000001',
      restricted: 'all',
    });
    assert.equal(badNumber.statusCode, 400);
    assert.match(badNumber.body, /one digit seems wrong/);
    const back = await agent.post('/space/users/new', {
      step: '2',
      go: 'back',
      surname: 'Eschlin',
      firstName: 'Marc',
      email: 'marc@example.lu',
      certificateNumber: '2 2021000 100 20 0000001',
      restricted: 'this',
    });
    assert.match(back.body, /Step 1\/3/);
    assert.match(back.body, /value="Eschlin"/);
    assert.match(back.body, /name="certificateNumber" value="2 2021000 100 20 0000001"/, 'kept for step 2');
    assert.match(back.body, /name="restricted" value="this"/);
    const step3 = await agent.post('/space/users/new', {
      step: '2',
      go: 'next',
      surname: 'Eschlin',
      firstName: 'Marc',
      email: 'marc@example.lu',
      certificateNumber: formatCertificateNumber(generateCertificateNumber()),
      restricted: 'all',
    });
    assert.equal(step3.statusCode, 200);
    assert.match(step3.body, /Step 3\/3/);
    for (const role of ['Manager without signature', 'Manager', 'Administrator'])
      assert.match(step3.body, new RegExp(role));
  });

  it('invites by certificate number; the holder gets the mail (also in their language) and joins', async () => {
    const { agent: head } = await personLoggedOn(t, { firstName: 'Karine' });
    await setUpBusinessSpace(head, 'Élections sociales');
    const marc = await newOtpPerson(t, { surname: 'Eschlin', firstName: 'Marc', lang: 'de' });
    const res = await invite(head, marc, { role: 'manager' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/space/users?done=invited');
    const users = await head.get('/space/users?done=invited');
    assert.match(users.body, /The invitation has been sent/);
    assert.match(users.body, /Marc Eschlin[\s\S]*?Invited/);
    const mail = await lastMail(t, marc.email);
    assert.equal(
      mail?.subject,
      'Business eSpace - Invitation to join the Business eSpace',
      "the eSpace's language",
    );
    assert.match(mail.text, /Einladung zu Élections sociales/, 'and German among the others');

    const token = await invitationToken(t, marc.email);
    const browser = await logOn(t, marc);
    const page = await browser.get(`/invitations/${token}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Élections sociales/);
    const accepted = await browser.post(`/invitations/${token}/accept`);
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, '/space/profile?done=joined');
    const profile = await browser.get('/space/profile?done=joined');
    assert.match(profile.body, /class="space-indicator">Élections sociales</);
    assert.doesNotMatch(profile.body, /href="\/space\/profile\/edit"/, 'a Manager does not edit the sheet');
    const after = await head.get('/space/users');
    assert.match(after.body, /Marc Eschlin[\s\S]*?Activated/);
    assert.equal((await browser.post(`/invitations/${token}/accept`)).statusCode, 409, 'a link works once');
  });

  it('refuses the invitation to a person without a device of that number, and changes nothing', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head);
    const invitee = await newOtpPerson(t);
    await invite(head, invitee);
    const token = await invitationToken(t, invitee.email);
    const { agent: someoneElse } = await personLoggedOn(t);
    const res = await someoneElse.post(`/invitations/${token}/accept`);
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /This invitation is for another certificate number/);
    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.email, invitee.email));
    assert.equal(row?.status, 'pending');
    assert.equal((await someoneElse.get('/spaces')).body.includes('Maitry Bâtiment'), false);
    // The rightful holder can still accept.
    assert.equal((await (await logOn(t, invitee)).post(`/invitations/${token}/accept`)).statusCode, 303);
  });

  it('tells the inviter nothing about whether a certificate number exists', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head);
    const existing = await newOtpPerson(t);
    const answers = [];
    for (const who of [
      existing,
      { ...existing, certificateNumber: generateCertificateNumber(), email: 'nobody@example.lu' },
    ]) {
      const res = await invite(head, { ...who, surname: 'Same', firstName: 'Name' });
      answers.push([res.statusCode, res.headers.location]);
    }
    assert.deepEqual(answers[0], answers[1]);
    const users = await head.get('/space/users');
    assert.equal((users.body.match(/>Invited</g) ?? []).length, 2);
  });

  it('with the restriction, the eSpace exists only in sessions opened with that very device', async () => {
    const { agent: head } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(head, 'Restricted space');
    const anne = await newOtpPerson(t);
    const anneOther = await secondToken(t, anne);
    const withCard = await logOn(t, anne);
    await join(t, head, anne, withCard, { restricted: 'this', role: 'manager' });
    assert.match((await withCard.get('/spaces')).body, /Restricted space/);
    const withOther = await logOn(t, anneOther);
    const list = await withOther.get('/spaces');
    assert.doesNotMatch(list.body, /Restricted space/);
    assert.equal((await withOther.post('/spaces/select', { identifier })).statusCode, 404);
  });

  it('resend makes a new link (the old one stops), withdraw and expiry end the invitation', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head);
    const invitee = await newOtpPerson(t);
    await invite(head, invitee);
    const first = await invitationToken(t, invitee.email);
    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.email, invitee.email));
    const resend = await head.post(`/space/users/i/${row!.id}/resend`);
    assert.equal(resend.statusCode, 303);
    const second = await invitationToken(t, invitee.email);
    assert.notEqual(first, second);
    const browser = await logOn(t, invitee);
    assert.equal((await browser.get(`/invitations/${first}`)).statusCode, 410);
    assert.equal((await browser.get(`/invitations/${second}`)).statusCode, 200);

    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, row!.id));
    assert.equal((await browser.get(`/invitations/${second}`)).statusCode, 410);
    assert.match((await head.get('/space/users')).body, /Expired/);

    await head.post(`/space/users/i/${row!.id}/resend`);
    const third = await invitationToken(t, invitee.email);
    assert.equal((await head.post(`/space/users/i/${row!.id}/withdraw`)).statusCode, 303);
    const gone = await browser.get(`/invitations/${third}`);
    assert.equal(gone.statusCode, 410);
    assert.match(gone.body, /expired, was withdrawn or was already answered/);
  });

  it('manages users: role, deactivate, reactivate, remove; the member may leave', async () => {
    const { agent: head } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(head);
    const member = await newOtpPerson(t, { firstName: 'Lea' });
    const browser = await logOn(t, member);
    await join(t, head, member, browser, { role: 'manager_no_signature' });
    const business = await membershipOf(t, member.personId, identifier);
    assert.equal(
      (await head.post(`/space/users/m/${business.id}/role`, { role: 'manager' })).statusCode,
      303,
    );
    // A role that does not exist is refused, not reported as changed.
    const unknown = await head.post(`/space/users/m/${business.id}/role`, { role: 'owner' });
    assert.equal(unknown.statusCode, 409);
    assert.match(unknown.body, /Choose a role/);
    assert.equal((await membershipOf(t, member.personId, identifier)).role, 'manager');
    assert.equal((await head.post(`/space/users/m/${business.id}/deactivate`)).statusCode, 303);
    // A deactivated member loses the eSpace at the next request.
    assert.equal((await browser.get('/space/users')).headers.location, '/spaces?notice=select');
    assert.match((await browser.get('/spaces')).body, /Deactivated/);
    assert.equal((await browser.post('/spaces/select', { identifier })).statusCode, 404);
    assert.equal((await head.post(`/space/users/m/${business.id}/reactivate`)).statusCode, 303);
    assert.equal((await browser.post('/spaces/select', { identifier })).statusCode, 303);
    assert.equal((await browser.post('/space/leave')).statusCode, 303);
    assert.doesNotMatch((await browser.get('/spaces')).body, new RegExp(identifier));
  });

  it('notifies (rule 11): the actor by e-mail, the notification e-mail of every event, the others in My communications', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head, 'Notified');
    await confirmNotificationEmail(t, head, 'office@notified.lu', 'Notified');
    const member = await newOtpPerson(t);
    const browser = await logOn(t, member);
    await join(t, head, member, browser, { role: 'manager' });
    const headUnread = await unreadCount(head);
    const before = await t.database.db
      .select()
      .from(outboxMails)
      .where(eq(outboxMails.recipient, 'office@notified.lu'));

    await head.post('/space/profile/edit', {
      name: 'Notified again',
      notificationEmail: 'office@notified.lu',
    });
    const afterMails = await t.database.db
      .select()
      .from(outboxMails)
      .where(eq(outboxMails.recipient, 'office@notified.lu'));
    assert.equal(afterMails.length, before.length + 1, 'the notification e-mail receives it');
    assert.ok(await lastMail(t, 'head@example.lu', 'new communication'), 'the actor gets the e-mail');
    const page = await browser.get('/space/profile');
    assert.match(page.body, /My communications<span class="badge"><span aria-hidden="true">1</);
    const list = await readCommunications(browser);
    assert.match(list.body, /changed the information sheet of the eSpace/);
    assert.doesNotMatch((await browser.get('/space/profile')).body, /class="badge"/, 'read once marked');
    assert.equal(
      await unreadCount(head),
      headUnread,
      'the actor is told by e-mail, not in My communications',
    );
  });

  it('lists members and invitations together by name, and searches them by name in either order, e-mail and certificate number typed with spaces', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head);
    const people = [];
    for (let i = 0; i < 27; i++)
      people.push(await newOtpPerson(t, { surname: `Zeta${String(i).padStart(2, '0')}`, firstName: 'Ida' }));
    // Every third one joins: the list merges members and invitations in one order by name.
    for (const [i, p] of people.entries()) {
      if (i % 3 === 0) await join(t, head, p, await logOn(t, p));
      else await invite(head, p);
    }
    const first = await head.get('/space/users');
    assert.match(first.body, /28 users and invitations/);
    assert.match(first.body, /Page 1 of 2/);
    const order = [...new Set([...first.body.matchAll(/Zeta(\d\d)/g)].map((m) => m[1]))];
    assert.deepEqual(order.slice(0, 4), ['00', '01', '02', '03'], 'a member, two invitations, a member');
    const second = await head.get('/space/users?page=2');
    assert.match(second.body, /Zeta26/);
    assert.match(second.body, /28 users and invitations/);
    // "Next" starts after the last line shown (keyset): the same page as page=2 by offset.
    const namesOf = (body: string) => [...new Set([...body.matchAll(/Zeta(\d\d)/g)].map((m) => m[1]))];
    const linkOf = (body: string, rel: string) =>
      (body.match(new RegExp(`href="([^"]+)" rel="${rel}"`))?.[1] ?? '').replaceAll('&amp;', '&');
    const next = linkOf(first.body, 'next');
    assert.match(next, /page=2&after=/);
    const viaNext = await head.get(next);
    assert.deepEqual(namesOf(viaNext.body), namesOf(second.body));
    assert.match(viaNext.body, /Page 2 of 2/);
    assert.equal(linkOf(viaNext.body, 'prev'), '/space/users?page=1', 'back to the first page: no cursor');
    // "before" ends a page before a line: the lines of page one up to the last one shown there.
    const after = new URL(next, 'http://x').searchParams.get('after')!;
    const before = await head.get(`/space/users?page=1&before=${after}`);
    assert.deepEqual(namesOf(before.body), namesOf(first.body).slice(0, -1));
    // A cursor that does not parse is ignored: the page by its number.
    assert.deepEqual(
      namesOf((await head.get('/space/users?page=2&after=nonsense')).body),
      namesOf(second.body),
    );
    const past = await head.get('/space/users?page=9');
    assert.match(past.body, /28 users and invitations/, 'the total also past the last page');
    for (const q of ['zeta06', 'Ida Zeta06', 'zeta06 ida', 'ZETA05']) {
      const found = await head.get(`/space/users?q=${encodeURIComponent(q)}`);
      assert.match(found.body, /1 user or invitation\b/, q);
    }
    assert.match((await head.get('/space/users?q=ida%20zeta0')).body, /10 users and invitations/);
    assert.match((await head.get('/space/users?q=%25')).body, /0 users and invitations/, '% is no wildcard');
    const target = people[7]!;
    const byNumber = await head.get(
      `/space/users?q=${encodeURIComponent(formatCertificateNumber(target.certificateNumber))}`,
    );
    assert.match(byNumber.body, new RegExp(target.surname));
    assert.match(byNumber.body, /1 user or invitation\b/);
    const member = people[9]!;
    const byMail = await head.get(`/space/users?q=${encodeURIComponent(member.email.toUpperCase())}`);
    assert.match(byMail.body, new RegExp(member.surname));
    assert.match(byMail.body, /1 user or invitation\b/);
  });
  it('keeps the list counts right through every change above (invitations sent, resent, withdrawn and expired, members joined, deactivated, reactivated, removed, gone)', async () => {
    await assertCountsRight(t.database.db);
  });
});
