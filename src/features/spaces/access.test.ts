import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { newOtpPerson, secondToken } from '../../../test/support/identity.ts';
import { devices, memberships, persons } from '../../db/schema/index.ts';
import { AppError } from '../../platform/errors.ts';
import { openSession } from '../identity/service/sessions.ts';
import { type Action, actions, type Role } from './permissions.ts';
import { addMembership, createBusinessSpace, type SpaceCtx, spaceFor } from './service.ts';

/**
 * Every action for every kind of actor, through the gate every service uses: members by role,
 * a deactivated member, a member restricted to another device, and a non-member.
 */
describe('eSpace access: every action for every actor', () => {
  let t: TestApp;
  let spaceId: string;
  const actors = new Map<string, SpaceCtx>();

  const ctxFor = async (personId: string, deviceId: string): Promise<SpaceCtx> => {
    const ctx = { db: t.database.db, config: t.config };
    const [device] = await t.database.db.select().from(devices).where(eq(devices.id, deviceId));
    const [person] = await t.database.db.select().from(persons).where(eq(persons.id, personId));
    const { session } = await openSession(ctx, device!, 'test');
    return { ...ctx, current: { session, person: person!, device: device! } };
  };

  before(async () => {
    t = await testApp();
    const admin = await newOtpPerson(t);
    const adminCtx = await ctxFor(admin.personId, admin.deviceId);
    const space = await createBusinessSpace(adminCtx, {
      name: 'Matrix',
      companyName: 'Matrix SA',
      email: 'a@example.lu',
      proceduresLang: 'fr',
    });
    spaceId = space.id;
    actors.set('administrator', adminCtx);
    const member = async (role: Role, extra: Partial<typeof memberships.$inferInsert> = {}) => {
      const person = await newOtpPerson(t);
      await addMembership(
        { db: t.database.db, config: t.config },
        {
          spaceId,
          personId: person.personId,
          role,
          email: person.email,
          certificateNumber: person.certificateNumber,
          ...extra,
        },
      );
      return person;
    };
    for (const role of ['manager', 'manager_no_signature'] as const) {
      const person = await member(role);
      actors.set(role, await ctxFor(person.personId, person.deviceId));
    }
    const deactivated = await member('administrator', { status: 'deactivated' });
    actors.set('deactivated', await ctxFor(deactivated.personId, deactivated.deviceId));
    const restricted = await member('administrator');
    const otherDevice = await secondToken(t, restricted);
    await t.database.db
      .update(memberships)
      .set({ restrictedDeviceId: restricted.deviceId })
      .where(eq(memberships.personId, restricted.personId));
    actors.set('restricted, on another device', await ctxFor(restricted.personId, otherDevice.deviceId));
    actors.set('restricted, on its device', await ctxFor(restricted.personId, restricted.deviceId));
    const outsider = await newOtpPerson(t);
    actors.set('non-member', await ctxFor(outsider.personId, outsider.deviceId));
  });
  after(() => t.close());

  type Outcome = 'ok' | 'Forbidden' | 'NotFound';
  const all = (outcome: Outcome): Record<Action, Outcome> =>
    Object.fromEntries(actions.map((action) => [action, outcome])) as Record<Action, Outcome>;
  // Written out, not computed with `can`: rules 7 and 9 as the seeds word them.
  const expected: Record<string, Record<Action, Outcome>> = {
    manager_no_signature: {
      consult: 'ok',
      'procedure.edit': 'ok',
      'procedure.sign': 'Forbidden',
      'profile.manage': 'Forbidden',
      'members.manage': 'Forbidden',
      'certifications.manage': 'Forbidden',
    },
    manager: {
      consult: 'ok',
      'procedure.edit': 'ok',
      'procedure.sign': 'ok',
      'profile.manage': 'Forbidden',
      'members.manage': 'Forbidden',
      'certifications.manage': 'Forbidden',
    },
    administrator: all('ok'),
    deactivated: all('NotFound'),
    'restricted, on its device': all('ok'),
    'restricted, on another device': all('NotFound'),
    'non-member': all('NotFound'),
  };

  for (const [actor, outcomes] of Object.entries(expected)) {
    for (const action of actions) {
      it(`${actor}: ${action} → ${outcomes[action]}`, async () => {
        let outcome: string;
        try {
          const access = await spaceFor(actors.get(actor)!, { spaceId }, action);
          outcome = 'ok';
          assert.equal(access.space.id, spaceId);
        } catch (error) {
          assert.ok(error instanceof AppError, String(error));
          outcome = error.code;
        }
        assert.equal(outcome, outcomes[action]);
      });
    }
  }
});
