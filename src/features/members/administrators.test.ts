import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { assertCountsRight } from '../../../test/support/counts.ts';
import { newOtpPerson } from '../../../test/support/identity.ts';
import { join, membershipOf, setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { memberships } from '../../db/schema/index.ts';

describe('at least one active Administrator (rule 8), also under concurrent changes', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('keeps one active Administrator: no removal, demotion, deactivation or leave of the last one', async () => {
    const { agent: head, person: headPerson } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(head);
    const ownBusiness = await membershipOf(t, headPerson.personId, identifier);
    for (const [action, fields] of [
      ['role', { role: 'manager' }],
      ['deactivate', {}],
      ['remove', {}],
    ] as const) {
      const res = await head.post(`/space/users/m/${ownBusiness.id}/${action}`, fields);
      assert.equal(res.statusCode, 409, action);
      assert.match(res.body, /at least one active Administrator/);
    }
    const leave = await head.post('/space/leave');
    assert.equal(leave.statusCode, 409);
    assert.match(leave.body, /at least one active Administrator/);
    const [still] = await t.database.db.select().from(memberships).where(eq(memberships.id, ownBusiness.id));
    assert.equal(still?.role, 'administrator');
    assert.equal(still?.status, 'active');
  });

  /** A business eSpace with exactly two Administrators, each logged on with it selected. */
  const twoAdministrators = async (name: string) => {
    const { agent: a, person: aPerson } = await personLoggedOn(t);
    const identifier = await setUpBusinessSpace(a, name);
    const bPerson = await newOtpPerson(t);
    const b = await logOn(t, bPerson);
    await join(t, a, bPerson, b, { role: 'administrator' });
    await b.post('/spaces/select', { identifier });
    const [aMember, bMember] = [
      await membershipOf(t, aPerson.personId, identifier),
      await membershipOf(t, bPerson.personId, identifier),
    ];
    const administrators = async () =>
      t.database.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.spaceId, aMember.spaceId), eq(memberships.role, 'administrator')));
    return { a, b, aId: aMember.id, bId: bMember.id, administrators };
  };

  it('two concurrent demotions of the only two Administrators leave one', async () => {
    const { a, b, aId, bId, administrators } = await twoAdministrators('Two admins');
    const answers = await Promise.all([
      a.post(`/space/users/m/${bId}/role`, { role: 'manager' }),
      b.post(`/space/users/m/${aId}/role`, { role: 'manager' }),
    ]);
    // The second one in line is no longer an Administrator when its turn comes: refused as such.
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [303, 403]);
    assert.equal((await administrators()).length, 1);
  });

  it('two Administrators stepping down at once: exactly one is refused with the last-Administrator rule', async () => {
    const { a, b, aId, bId, administrators } = await twoAdministrators('Both step down');
    const answers = await Promise.all([
      a.post(`/space/users/m/${aId}/role`, { role: 'manager' }),
      b.post(`/space/users/m/${bId}/role`, { role: 'manager' }),
    ]);
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [303, 409]);
    const refused = answers.find((r) => r.statusCode === 409)!;
    assert.match(refused.body, /An eSpace needs at least one active Administrator/);
    assert.equal((await administrators()).length, 1);
  });
  it('keeps the list counts right through every change above (Administrators demoted, deactivated and removed)', async () => {
    await assertCountsRight(t.database.db);
  });
});
