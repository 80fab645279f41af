import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { assertCountsRight } from '../../../test/support/counts.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import {
  invitationToken,
  invite,
  lastMail,
  mailsWith,
  membershipOf,
  setUpBusinessSpace,
} from '../../../test/support/spaces.ts';
import { invitations } from '../../db/schema/index.ts';
import { housekeep } from '../housekeeping.ts';
import { formatCertificateNumber, generateCertificateNumber } from '../identity/rules.ts';
import { addMembership } from '../spaces/service.ts';

/** The invitation of the eSpace to `certificateNumber` (the newest). */
const invitationTo = async (t: TestApp, certificateNumber: string) => {
  const rows = await t.database.db
    .select()
    .from(invitations)
    .where(eq(invitations.certificateNumber, certificateNumber));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
};

/** The Users tab searched by a certificate number: how many lines, and what they say. */
const linesOf = async (admin: Awaited<ReturnType<typeof personLoggedOn>>['agent'], number: string) => {
  const page = await admin.get(`/space/users?q=${number}`);
  return page.body.match(/<tbody>[\s\S]*<\/tbody>/)?.[0] ?? '';
};

describe('invitations: one mail whoever holds the number, declined and expired ones, invited again', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it("writes the mail in every language, the eSpace's first, else the inviter's, the same whether or not anyone holds the number", async () => {
    const { agent: head } = await personLoggedOn(t, { lang: 'fr' });
    await setUpBusinessSpace(head, 'Sprachen');
    await head.post('/space/profile/edit', { name: 'Sprachen', proceduresLang: 'de' });
    // The holder's own language (English) must not show through.
    const holder = await newOtpPerson(t, { lang: 'en' });
    const typed = { surname: 'Same', firstName: 'Name' };
    await invite(head, { ...typed, email: 'holder@lang.lu', certificateNumber: holder.certificateNumber });
    await invite(head, { ...typed, email: 'nobody@lang.lu', certificateNumber: generateCertificateNumber() });
    const toHolder = (await lastMail(t, 'holder@lang.lu'))!;
    const toNobody = (await lastMail(t, 'nobody@lang.lu'))!;
    assert.equal(
      toHolder.subject,
      'Geschäftlicher eSpace - Einladung zum Beitritt zum geschäftlichen eSpace',
    );
    assert.equal(toNobody.subject, toHolder.subject);
    // Only the link's secret and the times may differ.
    const shape = (text: string) =>
      text.replace(/\/invitations\/[\w-]+/g, '/invitations/LINK').replace(/\d+/g, '0');
    assert.equal(shape(toHolder.text), shape(toNobody.text));
    assert.equal(shape(toHolder.html), shape(toNobody.html));
    const languages = (text: string) => [...text.matchAll(/^(.+)\n=+$/gm)].map((m) => m[1]);
    assert.deepEqual(languages(toHolder.text), ['Deutsch', 'Français', 'English']);
    assert.match(toHolder.html, /^<!doctype html><html lang="de">/);
    assert.match(
      toHolder.text,
      /Einladung zu Sprachen[\s\S]*Invitation à rejoindre Sprachen[\s\S]*Invitation to join Sprachen/,
    );

    // Without a language of all procedures: the inviter's (French) first.
    await head.post('/space/profile/edit', { name: 'Sprachen', proceduresLang: '' });
    await invite(head, { ...typed, email: 'later@lang.lu', certificateNumber: generateCertificateNumber() });
    const later = (await lastMail(t, 'later@lang.lu'))!;
    assert.equal(later.subject, "Espace professionnel - Invitation à rejoindre l'espace professionnel");
    assert.deepEqual(languages(later.text), ['Français', 'English', 'Deutsch']);
  });

  it('shows a declined invitation as Declined without telling who declined; a new invitation replaces it', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head, 'Declined');
    const holder = await newOtpPerson(t, { surname: 'Secretholder', firstName: 'Hidden' });
    const typed = { surname: 'Typed', firstName: 'Name', email: holder.email };
    await invite(head, { ...typed, certificateNumber: holder.certificateNumber });
    const token = await invitationToken(t, holder.email);
    const declined = await (await logOn(t, holder)).post(`/invitations/${token}/decline`);
    assert.equal(declined.statusCode, 303);
    assert.equal(declined.headers.location, '/spaces?done=declined');

    const users = await linesOf(head, holder.certificateNumber);
    assert.match(users, /Name Typed[\s\S]*?>Declined</);
    const activity = await head.get('/space/activity');
    const line = activity.body.match(/<tr>(?:(?!<\/tr>)[\s\S])*Invitation declined[\s\S]*?<\/tr>/)?.[0] ?? '';
    assert.match(line, /The invited person/);
    assert.ok(
      line.includes(formatCertificateNumber(holder.certificateNumber)),
      'the number the inviter typed',
    );
    assert.doesNotMatch(activity.body, /Secretholder|Hidden/, 'nothing names the holder');

    assert.equal(
      (await invite(head, { ...typed, certificateNumber: holder.certificateNumber })).statusCode,
      303,
    );
    const again = await linesOf(head, holder.certificateNumber);
    assert.equal(again.match(/<tr/g)?.length, 1, 'one line for the number');
    assert.match(again, />Invited</);
  });

  it('housekeeping marks invitations past their date expired; inviting the number again replaces the line', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head, 'Expiring');
    const number = generateCertificateNumber();
    const who = { surname: 'Late', firstName: 'Lou', email: 'lou@example.lu', certificateNumber: number };
    await invite(head, who);
    const invitation = await invitationTo(t, number);
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitation.id));
    await housekeep(t.database.db, t.config);
    assert.equal((await invitationTo(t, number)).status, 'expired');
    assert.match(await linesOf(head, number), /Lou Late[\s\S]*?>Expired</);

    assert.equal((await invite(head, who)).statusCode, 303);
    const lines = await linesOf(head, number);
    assert.equal(lines.match(/<tr/g)?.length, 1, 'one line for the number');
    assert.match(lines, />Invited</);
    const [old] = await t.database.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    assert.equal(old?.status, 'withdrawn');
  });

  it('refuses to resend an invitation whose number has become a member meanwhile', async () => {
    const { agent: head, person: headPerson } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(head, 'Resend');
    const holder = await newOtpPerson(t);
    await invite(head, holder);
    const token = await invitationToken(t, holder.email);
    await (await logOn(t, holder)).post(`/invitations/${token}/decline`);
    const invitation = await invitationTo(t, holder.certificateNumber);
    // The number joined by another way (say an invitation answered in another transaction).
    await addMembership(
      { db: t.database.db, config: t.config },
      {
        spaceId: (await membershipOf(t, headPerson.personId, identifier)).spaceId,
        personId: holder.personId,
        role: 'manager',
        email: holder.email,
        certificateNumber: holder.certificateNumber,
      },
    );
    const mailsBefore = (await mailsWith(t, holder.email, '/invitations/')).length;
    const res = await head.post(`/space/users/i/${invitation.id}/resend`);
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /A user of this eSpace already has this certificate number/);
    assert.equal((await invitationTo(t, holder.certificateNumber)).status, 'declined');
    assert.equal((await mailsWith(t, holder.email, '/invitations/')).length, mailsBefore, 'no mail');
  });
  it('keeps the list counts right through every change above (invitations declined, expired by housekeeping, replaced, refused)', async () => {
    await assertCountsRight(t.database.db);
  });
});
