import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../../test/support/app.ts';
import { businessSpace, ctxOf, mandateOn, memberOf, someone } from '../../../../test/support/procedures.ts';
import { procedureEvents, procedures } from '../../../db/schema/index.ts';
import { AppError, RuleError } from '../../../platform/errors.ts';
import { ensurePrivateSpace, type SpaceCtx } from '../../spaces/service.ts';
import { deleteDraft, renameProcedure, StaleStep, saveStep, startProcedure } from './drafts.ts';
import { subjectChoices } from './subjects.ts';

const ANNOUNCE = 'ITM-SE-ANNOUNCE';
/** What the company step posts: its certified fields are ignored, the number of employees stays. */
const company = { employeeCount: 48 };
const elections = {
  electionDate: '2029-03-12',
  delegatesCount: 3,
  existingDelegation: false,
  equalityDelegate: true,
};

/** The error a promise rejects with, to check its kind and code. */
async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a refusal');
}

describe('drafts of an eSpace', () => {
  let t: TestApp;
  let spaceId: string;
  let head: SpaceCtx;
  let entityId: string;

  before(async () => {
    t = await testApp();
    const made = await businessSpace(t, 'Maitry Bâtiment');
    spaceId = made.space.id;
    head = made.head.ctx;
    entityId = (await mandateOn(t, head, spaceId, 'B100001')).entityId;
  });
  after(() => t.close());

  const start = (ctx = head) => startProcedure(ctx, spaceId, { code: ANNOUNCE, subjectEntityId: entityId });

  it('starts on the newest open version, named after its title in the eSpace language, prefilled from the certified data', async () => {
    const draft = await start();
    assert.equal(draft.status, 'draft');
    assert.equal(draft.name, 'Announcement of the social elections');
    assert.equal(draft.currentStep, 'company');
    assert.equal(draft.subjectEntityId, entityId);
    assert.equal(draft.answers.companyName, 'Maitry Bâtiment SARL');
    assert.equal(draft.answers.companyId, 'B100001');
    assert.equal(draft.answers.employeeCount, 48);
    assert.deepEqual(Object.keys(draft.certified).sort(), ['companyAddress', 'companyId', 'companyName']);
    assert.equal(
      draft.answers.contactName,
      `${head.current.person.firstName} ${head.current.person.surname}`,
    );
  });

  it('asks for which company, and refuses one the eSpace holds no mandate on', async () => {
    const none = await refusal(startProcedure(head, spaceId, { code: ANNOUNCE }));
    assert.ok(none instanceof RuleError && none.code === 'SubjectRequired');
    const other = (await t.database.db.query.legalEntities.findFirst({
      where: (e, { eq }) => eq(e.value, 'B100002'),
    }))!;
    const foreign = await refusal(
      startProcedure(head, spaceId, { code: ANNOUNCE, subjectEntityId: other.id }),
    );
    assert.ok(foreign instanceof RuleError && foreign.code === 'SubjectNotCertified');
  });

  it('offers for which company: its own certified company and its clients, searchable', async () => {
    const fiduciary = await businessSpace(t, 'Fiduciaire Choix');
    const admin = fiduciary.head.ctx;
    const id = fiduciary.space.id;
    for (const value of ['B100003', 'B100004']) await mandateOn(t, admin, id, value, 'agent');
    const before = await subjectChoices(admin, id, ANNOUNCE);
    assert.ok(before.needed);
    assert.equal(before.own, undefined);
    assert.deepEqual(
      before.clients.map((c) => c.value),
      ['B100004', 'B100003'],
      'by name: Clinique… before Weber…',
    );
    await mandateOn(t, admin, id, 'B100005');
    const after = await subjectChoices(admin, id, ANNOUNCE, { search: 'weber' });
    assert.ok(after.needed);
    assert.equal(after.own?.value, 'B100005');
    assert.deepEqual(
      after.clients.map((c) => c.value),
      ['B100003'],
    );
    assert.equal(after.total, 1);
    const draft = await startProcedure(admin, id, {
      code: ANNOUNCE,
      subjectEntityId: after.clients[0]!.entityId,
    });
    assert.equal(draft.answers.companyName, 'Weber Transports SARL');
    assert.deepEqual(await subjectChoices(admin, id, 'ALVA-EXPORT-CERT'), { needed: false });
  });

  it('offers a private eSpace only its procedures, and a business eSpace only its own', async () => {
    const citizen = await someone(t);
    const privateSpace = await ensurePrivateSpace(citizen.ctx);
    const wrongKind = await refusal(
      startProcedure(citizen.ctx, privateSpace.id, { code: ANNOUNCE, subjectEntityId: entityId }),
    );
    assert.ok(wrongKind instanceof AppError && wrongKind.code === 'NotFound');
    const bike = await startProcedure(citizen.ctx, privateSpace.id, { code: 'AEV-BIKE-AID' });
    assert.equal(bike.answers.surname, citizen.ctx.current.person.surname);
    const business = await refusal(startProcedure(head, spaceId, { code: 'AEV-BIKE-AID' }));
    assert.ok(business instanceof AppError && business.code === 'NotFound');
    const unknown = await refusal(startProcedure(head, spaceId, { code: 'NO-SUCH-CODE' }));
    assert.ok(unknown instanceof AppError && unknown.code === 'NotFound');
  });

  it('saves a valid step and moves to the next; an invalid one is not saved and comes back with its errors and values', async () => {
    const draft = await start();
    const first = await saveStep(head, spaceId, draft.id, {
      stepId: 'company',
      values: { employeeCount: 51 },
      revision: draft.revision,
    });
    assert.ok(first.ok);
    assert.equal(first.nextStep, 'elections');
    assert.equal(first.procedure.currentStep, 'elections');
    assert.equal(first.procedure.answers.employeeCount, 51);
    const wrong = await saveStep(head, spaceId, draft.id, {
      stepId: 'elections',
      values: { ...elections, delegatesCount: 'three' },
      revision: first.procedure.revision,
    });
    assert.ok(!wrong.ok);
    assert.deepEqual(Object.keys(wrong.errors), ['delegatesCount']);
    assert.equal(wrong.values.delegatesCount, 'three');
    const [row] = await t.database.db.select().from(procedures).where(eq(procedures.id, draft.id));
    assert.equal(row!.revision, first.procedure.revision, 'nothing saved');
    assert.equal(row!.answers.electionDate, undefined);
  });

  it('keeps certified values whatever is posted, and drops what the step does not ask', async () => {
    const draft = await start();
    const saved = await saveStep(head, spaceId, draft.id, {
      stepId: 'company',
      values: { companyName: 'Someone Else SA', companyId: 'B999999', employeeCount: 40, intruder: 'x' },
      revision: draft.revision,
    });
    assert.ok(saved.ok);
    assert.equal(saved.procedure.answers.companyName, 'Maitry Bâtiment SARL');
    assert.equal(saved.procedure.answers.companyId, 'B100001');
    assert.equal(saved.procedure.answers.employeeCount, 40);
    assert.equal(saved.procedure.answers.intruder, undefined);
  });

  it('removes hidden fields before validating: an answer to a hidden question is no error', async () => {
    const draft = await start();
    const one = await saveStep(head, spaceId, draft.id, { stepId: 'company', values: company, revision: 1 });
    assert.ok(one.ok);
    const saved = await saveStep(head, spaceId, draft.id, {
      stepId: 'elections',
      values: { ...elections, previousElectionDate: 'not a date' },
      revision: one.procedure.revision,
    });
    assert.ok(saved.ok, JSON.stringify(saved));
    const missing = await saveStep(head, spaceId, draft.id, {
      stepId: 'elections',
      values: { ...elections, existingDelegation: true },
      revision: saved.procedure.revision,
    });
    assert.ok(!missing.ok);
    assert.deepEqual(Object.keys(missing.errors), ['previousElectionDate']);
  });

  it('refuses a step beyond the furthest reached (no skipping by URL) and an unknown step', async () => {
    const draft = await start();
    for (const stepId of ['contact', 'nowhere']) {
      const error = await refusal(saveStep(head, spaceId, draft.id, { stepId, values: {}, revision: 1 }));
      assert.ok(error instanceof AppError && error.code === 'NotFound', stepId);
    }
  });

  it('refuses the later save of a stale page with the current values, and overwrites nothing', async () => {
    const colleague = (await memberOf(t, spaceId, 'manager_no_signature')).ctx;
    const draft = await start();
    const first = await saveStep(head, spaceId, draft.id, {
      stepId: 'company',
      values: company,
      revision: 1,
    });
    assert.ok(first.ok);
    const read = first.procedure.revision;
    const mine = await saveStep(head, spaceId, draft.id, {
      stepId: 'elections',
      values: elections,
      revision: read,
    });
    assert.ok(mine.ok);
    const theirs = await refusal(
      saveStep(colleague, spaceId, draft.id, {
        stepId: 'elections',
        values: { ...elections, delegatesCount: 9 },
        revision: read,
      }),
    );
    assert.ok(theirs instanceof StaleStep);
    assert.equal(theirs.code, 'StepChangedMeanwhile');
    assert.deepEqual(theirs.current, elections);
    assert.equal(theirs.revision, mine.procedure.revision);
    // Another step, read at the same revision, was not changed meanwhile: it saves.
    const other = await saveStep(colleague, spaceId, draft.id, {
      stepId: 'company',
      values: { employeeCount: 60 },
      revision: read,
    });
    assert.ok(other.ok);
    assert.equal(other.procedure.answers.delegatesCount, 3);
    assert.equal(other.procedure.updatedBy, colleague.current.person.id);
  });

  it('renames a procedure with a name of its own, and refuses an empty or overlong one', async () => {
    const draft = await start();
    const renamed = await renameProcedure(head, spaceId, draft.id, '  Client   Hoffmann – 2029 ');
    assert.equal(renamed.name, 'Client Hoffmann – 2029');
    assert.equal(renamed.sortName, 'client hoffmann – 2029');
    for (const name of ['   ', 'x'.repeat(201)]) {
      const error = await refusal(renameProcedure(head, spaceId, draft.id, name));
      assert.ok(error instanceof RuleError && error.code === 'ProcedureNameInvalid');
    }
    const events = await t.database.db
      .select()
      .from(procedureEvents)
      .where(eq(procedureEvents.procedureId, draft.id));
    assert.deepEqual(
      events.map((e) => [e.kind, e.detail]),
      [
        ['created', {}],
        ['renamed', { from: 'Announcement of the social elections', to: 'Client Hoffmann – 2029' }],
      ],
    );
  });

  it('deletes a draft: gone for everyone, its answers with it', async () => {
    const draft = await start();
    await deleteDraft(head, spaceId, draft.id);
    const [row] = await t.database.db.select().from(procedures).where(eq(procedures.id, draft.id));
    assert.equal(row!.status, 'deleted');
    assert.deepEqual(row!.answers, {});
    const again = await refusal(deleteDraft(head, spaceId, draft.id));
    assert.ok(again instanceof AppError && again.code === 'NotFound');
    const save = await refusal(
      saveStep(head, spaceId, draft.id, { stepId: 'company', values: {}, revision: 9 }),
    );
    assert.ok(save instanceof AppError && save.code === 'NotFound');
  });

  it('lets every role act; deactivated members, outsiders and other eSpaces get not found', async () => {
    for (const role of ['manager_no_signature', 'manager', 'administrator'] as const) {
      const { ctx } = await memberOf(t, spaceId, role);
      const draft = await start(ctx);
      const saved = await saveStep(ctx, spaceId, draft.id, {
        stepId: 'company',
        values: company,
        revision: 1,
      });
      assert.ok(saved.ok, role);
      await renameProcedure(ctx, spaceId, draft.id, `By ${role}`);
      await deleteDraft(ctx, spaceId, draft.id);
    }
    const draft = await start();
    const deactivated = (await memberOf(t, spaceId, 'administrator', 'deactivated')).ctx;
    const outsider = (await someone(t)).ctx;
    const elsewhere = await businessSpace(t, 'Elsewhere');
    for (const [who, ctx, space] of [
      ['deactivated', deactivated, spaceId],
      ['outsider', outsider, spaceId],
      ['member of another eSpace, naming its own', elsewhere.head.ctx, elsewhere.space.id],
    ] as const) {
      for (const act of [
        () => start(ctx),
        () => saveStep(ctx, space, draft.id, { stepId: 'company', values: company, revision: 1 }),
        () => renameProcedure(ctx, space, draft.id, 'Mine'),
        () => deleteDraft(ctx, space, draft.id),
      ]) {
        const error = await refusal(act());
        assert.ok(error instanceof AppError && error.code === 'NotFound', `${who}: ${String(error)}`);
      }
    }
    // The same person, logged on again, still sees it.
    const again = await ctxOf(t, head.current.person.id, head.current.device.id);
    assert.equal((await renameProcedure(again, spaceId, draft.id, 'Still mine')).name, 'Still mine');
  });
});
