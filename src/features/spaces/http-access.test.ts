import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { type Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson, secondToken } from '../../../test/support/identity.ts';
import { join, membershipOf, pendingInvitation, setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { invitations, sessions } from '../../db/schema/index.ts';
import { formatCertificateNumber, generateCertificateNumber } from '../identity/rules.ts';

/**
 * Every eSpace route of issue 4 for every kind of actor, over HTTP. The routes work in the eSpace
 * selected in the session, which every request checks again: a person who may not use it (a
 * deactivated member, a member restricted to another device, a member removed since) has no
 * eSpace and is sent to choose one (303 to /spaces?notice=select); choosing it by its identifier
 * answers 404. Nothing of the eSpace reaches them.
 */

const actors = [
  'Administrator',
  'Manager',
  'Manager without signature',
  'deactivated member',
  'member restricted to another device',
  'non-member (removed since)',
] as const;
type Actor = (typeof actors)[number];
const mayUseIt = new Set<Actor>(['Administrator', 'Manager', 'Manager without signature']);

type Ids = { member: string; invitation: string; identifier: string };
type Call = { method: 'GET' | 'POST'; url: string; body?: Record<string, string> };

const NAME = 'Quartz Matrix';
const COMPANY = 'Quartz Matrix SARL';
const TARGET = 'Targetperson';

const newUser = () => ({
  surname: 'Newcomer',
  firstName: 'Nina',
  email: 'nina@example.lu',
  certificateNumber: formatCertificateNumber(generateCertificateNumber()),
  restricted: 'all',
  role: 'manager',
});

// The expected status of each route, in the order of `actors`: Administrator, Manager, Manager
// without signature, deactivated, restricted to another device, non-member. Rows run in this order
// (the Administrator's changes to the target member and the invitation come last for each).
const table: [string, (ids: Ids) => Call, [number, number, number, number, number, number]][] = [
  ['GET /space/profile', () => ({ method: 'GET', url: '/space/profile' }), [200, 200, 200, 303, 303, 303]],
  [
    'GET /space/profile/edit',
    () => ({ method: 'GET', url: '/space/profile/edit' }),
    [200, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/profile/edit',
    () => ({ method: 'POST', url: '/space/profile/edit', body: { name: NAME, companyName: COMPANY } }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/profile/email-change/cancel',
    () => ({ method: 'POST', url: '/space/profile/email-change/cancel' }),
    [303, 403, 403, 303, 303, 303],
  ],
  ['GET /space/users', () => ({ method: 'GET', url: '/space/users' }), [200, 200, 200, 303, 303, 303]],
  [
    'GET /space/users/new',
    () => ({ method: 'GET', url: '/space/users/new' }),
    [200, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/new (step 1)',
    () => ({ method: 'POST', url: '/space/users/new', body: { ...newUser(), step: '1', go: 'next' } }),
    [200, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/new (Invite)',
    () => ({ method: 'POST', url: '/space/users/new', body: { ...newUser(), step: '3', go: 'next' } }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'GET /space/users/m/:id',
    (ids) => ({ method: 'GET', url: `/space/users/m/${ids.member}` }),
    [200, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/m/:id/role',
    (ids) => ({ method: 'POST', url: `/space/users/m/${ids.member}/role`, body: { role: 'manager' } }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/m/:id/deactivate',
    (ids) => ({ method: 'POST', url: `/space/users/m/${ids.member}/deactivate` }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/m/:id/reactivate',
    (ids) => ({ method: 'POST', url: `/space/users/m/${ids.member}/reactivate` }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/m/:id/remove',
    (ids) => ({ method: 'POST', url: `/space/users/m/${ids.member}/remove` }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'GET /space/users/i/:id',
    (ids) => ({ method: 'GET', url: `/space/users/i/${ids.invitation}` }),
    [200, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/i/:id/resend',
    (ids) => ({ method: 'POST', url: `/space/users/i/${ids.invitation}/resend` }),
    [303, 403, 403, 303, 303, 303],
  ],
  [
    'POST /space/users/i/:id/withdraw',
    (ids) => ({ method: 'POST', url: `/space/users/i/${ids.invitation}/withdraw` }),
    [303, 403, 403, 303, 303, 303],
  ],
  ['GET /space/activity', () => ({ method: 'GET', url: '/space/activity' }), [200, 403, 403, 303, 303, 303]],
  ['GET /communications', () => ({ method: 'GET', url: '/communications' }), [200, 200, 200, 303, 303, 303]],
  [
    'POST /spaces/select (this eSpace)',
    (ids) => ({ method: 'POST', url: '/spaces/select', body: { identifier: ids.identifier } }),
    [303, 303, 303, 404, 404, 404],
  ],
  // Last: the members who may leave do. The only active Administrator may not (rule 8).
  ['POST /space/leave', () => ({ method: 'POST', url: '/space/leave' }), [409, 303, 303, 303, 303, 303]],
];

const send = (agent: Agent, call: Call) =>
  call.method === 'GET' ? agent.get(call.url) : agent.post(call.url, call.body);

describe('eSpace routes over HTTP: every route for every actor', () => {
  let t: TestApp;
  const browsers = new Map<Actor, Agent>();
  let ids: Ids;
  /** What only someone who may use the eSpace may see. */
  let secrets: string[];

  before(async () => {
    t = await testApp();
    const { agent: admin, person: adminPerson } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(admin, NAME);
    await admin.post('/space/profile/edit', { name: NAME, companyName: COMPANY });
    browsers.set('Administrator', admin);
    const member = async (role: string, options: { restricted?: 'all' | 'this' } = {}) => {
      const person = await newOtpPerson(t);
      const browser = await logOn(t, person);
      await join(t, admin, person, browser, { role, ...options });
      return { person, browser, id: (await membershipOf(t, person.personId, identifier)).id };
    };
    browsers.set('Manager', (await member('manager')).browser);
    browsers.set('Manager without signature', (await member('manager_no_signature')).browser);
    // These three had the eSpace selected; their sessions still name it.
    const deactivated = await member('manager');
    await admin.post(`/space/users/m/${deactivated.id}/deactivate`);
    browsers.set('deactivated member', deactivated.browser);
    const removed = await member('manager');
    await admin.post(`/space/users/m/${removed.id}/remove`);
    browsers.set('non-member (removed since)', removed.browser);
    const restricted = await member('manager', { restricted: 'this' });
    const otherDevice = await secondToken(t, restricted.person);
    const onOtherDevice = await logOn(t, otherDevice);
    const spaceId = (await membershipOf(t, adminPerson.personId, identifier)).spaceId;
    await t.database.db
      .update(sessions)
      .set({ selectedSpaceId: spaceId })
      .where(eq(sessions.deviceId, otherDevice.deviceId));
    browsers.set('member restricted to another device', onOtherDevice);

    const target = await newOtpPerson(t, { surname: TARGET });
    await join(t, admin, target, await logOn(t, target), { role: 'manager_no_signature' });
    const invitation = await pendingInvitation(t, admin);
    ids = {
      member: (await membershipOf(t, target.personId, identifier)).id,
      invitation,
      identifier,
    };
    secrets = [NAME, COMPANY, identifier, TARGET];
  });
  after(() => t.close());

  for (const [label, call, statuses] of table) {
    for (const [index, actor] of actors.entries()) {
      const expected = statuses[index]!;
      it(`${label}: ${actor} → ${expected}`, async () => {
        const response = await send(browsers.get(actor)!, call(ids));
        assert.equal(response.statusCode, expected);
        if (!mayUseIt.has(actor)) {
          for (const secret of secrets)
            assert.ok(!response.body.includes(secret), `${secret} shown to ${actor}`);
          if (expected === 303) assert.equal(response.headers.location, '/spaces?notice=select');
        }
      });
    }
  }
});

describe("eSpace routes over HTTP: ids of another eSpace's users and invitations", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('answer 404 to an Administrator of another eSpace, with nothing of them', async () => {
    const { agent: admin } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(admin, NAME);
    const target = await newOtpPerson(t, { surname: TARGET });
    await join(t, admin, target, await logOn(t, target), { role: 'manager' });
    const invitation = await pendingInvitation(t, admin);
    const member = (await membershipOf(t, target.personId, identifier)).id;
    const { agent: other } = await personLoggedOn(t);
    await setUpBusinessSpace(other, 'Elsewhere');

    const calls: Call[] = [
      { method: 'GET', url: `/space/users/m/${member}` },
      ...['role', 'deactivate', 'reactivate', 'remove'].map(
        (change): Call => ({
          method: 'POST',
          url: `/space/users/m/${member}/${change}`,
          body: { role: 'manager' },
        }),
      ),
      { method: 'GET', url: `/space/users/i/${invitation}` },
      { method: 'POST', url: `/space/users/i/${invitation}/resend` },
      { method: 'POST', url: `/space/users/i/${invitation}/withdraw` },
    ];
    for (const call of calls) {
      const response = await send(other, call);
      assert.equal(response.statusCode, 404, `${call.method} ${call.url}`);
      for (const secret of [NAME, identifier, TARGET, 'Paul'])
        assert.ok(!response.body.includes(secret), secret);
    }
    const [still] = await t.database.db.select().from(invitations).where(eq(invitations.id, invitation));
    assert.equal(still?.status, 'pending');
    assert.equal((await membershipOf(t, target.personId, identifier)).role, 'manager');
  });
});
