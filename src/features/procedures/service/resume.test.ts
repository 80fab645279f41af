import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, testApp } from '../../../../test/support/app.ts';
import { businessSpace } from '../../../../test/support/procedures.ts';
import { RuleError } from '../../../platform/errors.ts';
import type { SpaceCtx } from '../../spaces/service.ts';
import { definitionFile, field, step } from '../definition/testing.ts';
import { StaleStep, saveStep, startProcedure } from './drafts.ts';
import { procedureDetail } from './lists.ts';
import { closeVersion, publishDefinition } from './publish.ts';
import { resumeProcedure } from './resume.ts';
import { transmit } from './transmit.ts';

/** Version 1 of a small procedure, and a version 2 that drops a field, tightens one and keeps a step as it was. */
function versions() {
  const v1 = definitionFile([
    step('about', [field('title', 'text', { required: true }), field('comment', 'textarea')]),
    step('numbers', [field('staff', 'number', { required: true }), field('sites', 'number')]),
  ]);
  const v2 = {
    ...v1,
    version: 2,
    steps: [
      (v1.steps as unknown[])[0],
      step('numbers', [field('staff', 'number', { required: true, max: 50 })]),
      step('contact', [field('email', 'email', { required: true })]),
    ],
  };
  return { v1, v2, code: v1.code as string };
}

describe('resuming a draft whose version has closed', () => {
  let t: TestApp;
  let spaceId: string;
  let head: SpaceCtx;
  const T0 = Date.now();
  /** The clock `minutes` after the start of the test. */
  const at = (minutes: number): SpaceCtx => ({ ...head, now: new Date(T0 + minutes * 60_000) });
  const db = () => ({ db: t.database.db, now: new Date(T0) });

  before(async () => {
    t = await testApp();
    const made = await businessSpace(t, 'Versions SARL');
    spaceId = made.space.id;
    head = made.head.ctx;
  });
  after(() => t.close());

  /** A draft on version 1 with both steps answered. */
  async function draftOnV1(code: string, staff: number) {
    const draft = await startProcedure(at(0), spaceId, { code });
    const one = await saveStep(at(1), spaceId, draft.id, {
      stepId: 'about',
      values: { title: 'Our request', comment: 'Kept' },
      revision: draft.revision,
    });
    assert.ok(one.ok);
    const two = await saveStep(at(2), spaceId, draft.id, {
      stepId: 'numbers',
      values: { staff, sites: 2 },
      revision: one.procedure.revision,
    });
    assert.ok(two.ok);
    return two.procedure;
  }

  it('keeps a draft on version 1 while it is open, even once version 2 is published', async () => {
    const { v1, v2, code } = versions();
    await publishDefinition(db(), v1);
    const draft = await draftOnV1(code, 12);
    await publishDefinition(db(), v2);
    const resumed = await resumeProcedure(at(3), spaceId, draft.id);
    assert.equal(resumed.moved, undefined);
    assert.equal(resumed.procedure.definitionId, draft.definitionId);
    const newer = await startProcedure(at(3), spaceId, { code });
    assert.notEqual(newer.definitionId, draft.definitionId, 'a new draft starts on version 2');
    const outcome = await transmit(at(4), spaceId, draft.id);
    assert.equal(outcome.status, 'transmitted', 'version 1 still transmits');
  });

  it('moves it to the newest version when resumed after closing, keeping what still fits, and marks the changed steps', async () => {
    const { v1, v2, code } = versions();
    await publishDefinition(db(), v1);
    const kept = await draftOnV1(code, 12);
    const dropped = await draftOnV1(code, 80);
    await publishDefinition(db(), v2);
    assert.equal(
      (await closeVersion(db(), { code, version: 1, at: new Date(T0 + 10 * 60_000) })).status,
      'set',
    );
    await assert.rejects(
      transmit(at(11), spaceId, kept.id),
      (error: unknown) => error instanceof RuleError && error.code === 'VersionClosed',
    );

    const resumed = await resumeProcedure(at(11), spaceId, kept.id);
    assert.deepEqual(resumed.moved, { fromVersion: 1, toVersion: 2, changedSteps: ['numbers', 'contact'] });
    assert.deepEqual(resumed.procedure.answers, { title: 'Our request', comment: 'Kept', staff: 12 });
    assert.equal((await resumeProcedure(at(12), spaceId, kept.id)).moved, undefined, 'moved once');

    const tightened = await resumeProcedure(at(11), spaceId, dropped.id);
    assert.deepEqual(
      tightened.procedure.answers,
      { title: 'Our request', comment: 'Kept' },
      '80 > 50 is let go',
    );

    // A page read before the move is stale; the timeline says what happened.
    await assert.rejects(
      saveStep(at(13), spaceId, kept.id, {
        stepId: 'about',
        values: { title: 'Late' },
        revision: kept.revision,
      }),
      StaleStep,
    );
    const detail = await procedureDetail(at(13), spaceId, kept.id);
    assert.deepEqual(detail.timeline.at(-1)?.detail, resumed.moved);
    const saved = await saveStep(at(14), spaceId, kept.id, {
      stepId: 'contact',
      values: { email: 'office@versions.lu' },
      revision: resumed.procedure.revision,
    });
    assert.ok(saved.ok);
    const outcome = await transmit(at(15), spaceId, kept.id);
    assert.equal(outcome.status, 'transmitted');
  });

  it('says so when no version is open any more', async () => {
    const { v1, code } = versions();
    await publishDefinition(db(), v1);
    const draft = await draftOnV1(code, 5);
    await closeVersion(db(), { code, version: 1, at: new Date(T0 + 10 * 60_000) });
    await assert.rejects(
      resumeProcedure(at(20), spaceId, draft.id),
      (error: unknown) => error instanceof RuleError && error.code === 'NoOpenVersion',
    );
  });
});
