import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import {
  confirmNotificationEmail,
  invitationToken,
  invite,
  join,
  mailsWith,
  membershipOf,
  readCommunications,
  setUpBusinessSpace,
  unreadCount,
} from '../../../test/support/spaces.ts';

/**
 * Rule 11 for the events of users: the member who acted gets the e-mail, the eSpace's
 * notification e-mail gets every one, the other members find it in My communications.
 */
describe('notifications: invitation accepted, user deactivated, user removed', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('tells the actor and the notification e-mail by mail, and the other members in My communications', async () => {
    const { agent: head, person: karine } = await personLoggedOn(t, { firstName: 'Karine' });
    const identifier = await setUpBusinessSpace(head, 'Notified users');
    await confirmNotificationEmail(t, head, 'office@users.lu', 'Notified users');
    const lea = await newOtpPerson(t, { firstName: 'Lea' });
    const leaBrowser = await logOn(t, lea);
    await join(t, head, lea, leaBrowser, { role: 'manager' });
    const bob = await newOtpPerson(t, { firstName: 'Bob' });
    const bobBrowser = await logOn(t, bob);
    await invite(head, bob, { role: 'manager_no_signature' });

    /** Runs `act`: `sentence` reaches `actorEmail` and the notification e-mail, and each of `others` once. */
    const expectNotified = async (
      act: () => Promise<unknown>,
      sentence: string,
      actorEmail: string,
      others: Agent[],
    ) => {
      const before = await Promise.all(others.map(unreadCount));
      await act();
      assert.equal((await mailsWith(t, actorEmail, sentence)).length, 1, `the actor is mailed: ${sentence}`);
      assert.equal(
        (await mailsWith(t, 'office@users.lu', sentence)).length,
        1,
        'the notification e-mail too',
      );
      for (const [i, reader] of others.entries()) {
        assert.equal(await unreadCount(reader), before[i]! + 1, 'one more unread in the header');
        assert.ok(
          (await reader.get('/communications')).body.includes(sentence),
          'listed in My communications',
        );
        assert.equal(await unreadCount(reader), before[i]! + 1, 'showing the list changes nothing');
        assert.ok((await readCommunications(reader)).body.includes(sentence));
        assert.equal(await unreadCount(reader), 0, 'read once marked as read');
      }
    };

    const bobName = `Bob ${bob.surname}`;
    const token = await invitationToken(t, bob.email);
    await expectNotified(
      () => bobBrowser.post(`/invitations/${token}/accept`),
      `${bobName} accepted the invitation and joined the eSpace as Manager without signature.`,
      bob.email,
      [head, leaBrowser],
    );
    const bobMember = await membershipOf(t, bob.personId, identifier);
    const karineName = `Karine ${karine.surname}`;
    const act = (action: string) => () => head.post(`/space/users/m/${bobMember.id}/${action}`);
    await expectNotified(act('deactivate'), `${karineName} deactivated ${bobName}.`, 'head@example.lu', [
      leaBrowser,
    ]);
    await expectNotified(
      act('remove'),
      `${karineName} removed ${bobName} from the eSpace.`,
      'head@example.lu',
      [leaBrowser],
    );
    assert.equal(await unreadCount(head), 0, 'the actor is told by e-mail, not in My communications');
  });
});
