import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, like, sql } from 'drizzle-orm';
import { logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { invite, join, lastMail, setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { invitations, outboxMails, spaces } from '../../db/schema/index.ts';
import { generateCertificateNumber } from '../identity/rules.ts';

const LIMIT = /No more than 3 invitations and confirmation e-mails can be sent in a day/;

/** Someone nobody holds the number of, at an address of their own. */
const stranger = (n: string) => ({
  surname: 'Stranger',
  firstName: n,
  email: `stranger-${n}@example.lu`,
  certificateNumber: generateCertificateNumber(),
});

const spaceOf = async (t: TestApp, identifier: string) =>
  (await t.database.db.select().from(spaces).where(eq(spaces.identifier, identifier)))[0]!;

const invitationsOf = async (t: TestApp, spaceId: string) =>
  t.database.db.select().from(invitations).where(eq(invitations.spaceId, spaceId));

describe('mails to typed addresses: a daily limit per person and per eSpace, header values on one line', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { MAIL_SENDS_PER_DAY: '3' } });
  });
  after(() => t.close());

  it('refuses the invitation, the resending and the e-mail change over the limit: nothing sent or saved', async () => {
    const { agent: head } = await personLoggedOn(t);
    const first = await spaceOf(t, await setUpBusinessSpace(head, 'Limited'));
    // A second Administrator (its invitation is the first mail), then two more invitations.
    const colleague = await newOtpPerson(t);
    const colleagueAgent = await logOn(t, colleague);
    await join(t, head, colleague, colleagueAgent, { role: 'administrator' });
    for (const n of ['a', 'b']) assert.equal((await invite(head, stranger(n))).statusCode, 303);

    const over = await invite(head, stranger('c'));
    assert.equal(over.statusCode, 409);
    assert.match(over.body, LIMIT);
    assert.match(over.body, /Nothing was sent or saved/);
    assert.equal((await invitationsOf(t, first.id)).length, 3);
    assert.equal(await lastMail(t, 'stranger-c@example.lu'), undefined);

    // Resending is a mail too.
    const pending = (await invitationsOf(t, first.id)).find((i) => i.email === 'stranger-a@example.lu')!;
    const resend = await head.post(`/space/users/i/${pending.id}/resend`);
    assert.equal(resend.statusCode, 409);
    assert.match(resend.body, LIMIT);
    const [after] = await t.database.db.select().from(invitations).where(eq(invitations.id, pending.id));
    assert.equal(after?.tokenHash, pending.tokenHash, 'the link sent before still works');

    // Per eSpace: the other Administrator sent nothing himself, the eSpace has sent its three.
    await colleagueAgent.post('/spaces/select', { identifier: first.identifier });
    const byColleague = await invite(colleagueAgent, stranger('d'));
    assert.equal(byColleague.statusCode, 409);
    assert.match(byColleague.body, LIMIT);

    // Per person: the head in an eSpace of their own that sent nothing yet, with an e-mail change.
    const second = await spaceOf(t, await setUpBusinessSpace(head, 'Limited too'));
    assert.equal((await invite(head, stranger('e'))).statusCode, 409);
    const change = await head.post('/space/profile/edit', {
      name: 'Limited too',
      notificationEmail: 'new-address@example.lu',
    });
    assert.equal(change.statusCode, 400);
    assert.match(change.body, LIMIT);
    assert.equal((await spaceOf(t, second.identifier)).pendingEmail, null);
    assert.equal(await lastMail(t, 'new-address@example.lu'), undefined);

    // A day later the counts start again.
    await t.database.db.execute(sql`update throttle_events set at = at - interval '25 hours'`);
    assert.equal((await invite(head, stranger('f'))).statusCode, 303);
    assert.ok(await lastMail(t, 'stranger-f@example.lu'));
  });

  it('keeps every header value on one line: a name with line breaks cannot add a header', async () => {
    const { agent: head } = await personLoggedOn(t);
    await setUpBusinessSpace(head, 'Plain');
    const saved = await head.post('/space/profile/edit', {
      name: 'Evil\r\nBcc: victim@example.com\u2028X-Extra: 1',
    });
    assert.equal(saved.statusCode, 303);
    const mails = await t.database.db.select().from(outboxMails).where(like(outboxMails.subject, 'Evil%'));
    assert.ok(mails.length > 0, 'the notification of the change');
    for (const mail of mails) {
      assert.doesNotMatch(mail.subject, /[\r\n\u2028]/);
      assert.match(mail.subject, /^Evil Bcc: victim@example\.com X-Extra: 1: new communication$/);
      assert.doesNotMatch(mail.recipient, /[\r\n]/);
    }
  });
});
