import { nowOf } from '../../../platform/clock.ts';
import { inTransaction } from '../../../platform/db.ts';
import { RuleError } from '../../../platform/errors.ts';
import { moveAnswers } from '../definition/move.ts';
import { latestOpenDefinition } from '../store/definitions.ts';
import { insertEvent, type ProcedureRow, updateProcedure } from '../store/procedures.ts';
import {
  isClosed,
  type ProcedureCtx,
  prefilled,
  prefillSources,
  procedureOf,
  procedureSpace,
  versionOf,
} from './context.ts';

/**
 * Resuming a draft. A draft stays on the version it started on while that version is open; once
 * it has closed, resuming moves the draft to the newest open version, keeping every answer that
 * still exists and validates (move.ts), and says which steps changed: the person lands on
 * "Check your answers" with them marked. Nothing else changes behind their back.
 */

export type Moved = { fromVersion: number; toVersion: number; changedSteps: string[] };
export type Resumed = { procedure: ProcedureRow; moved?: Moved };

export async function resumeProcedure(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
): Promise<Resumed> {
  const access = await procedureSpace(ctx, spaceId, 'modify');
  const now = nowOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const row = await procedureOf(tx, spaceId, procedureId, true);
    const from = (await versionOf(tx, row.definitionId)).definition;
    if (row.status !== 'draft' || !isClosed(from.closesAt, now)) return { procedure: row };
    const to = await latestOpenDefinition(tx, from.code, now);
    if (!to) throw new RuleError('NoOpenVersion');
    // The company chosen was for the old scope: a procedure of another scope starts again.
    if (to.scopeId !== from.scopeId) throw new RuleError('VersionScopeChanged');
    const { answers, changedSteps } = moveAnswers(from.definition, to.definition, row.answers);
    // Certified values come again from the company's data, for the fields the new version certifies.
    const sources = await prefillSources(ctx, tx, access, row.subjectEntityId);
    const { certified } = prefilled(to.definition, sources);
    const revision = row.revision + 1;
    const steps = to.definition.steps.map((step) => step.id);
    const moved: Moved = { fromVersion: from.version, toVersion: to.version, changedSteps };
    const procedure = await updateProcedure(tx, row, {
      definitionId: to.id,
      answers: { ...answers, ...certified },
      certified,
      // Every page read before the move is stale: its step may have changed under it.
      stepRevisions: Object.fromEntries(steps.map((id) => [id, revision])),
      // Every changed step is marked on "Check your answers": each must be reachable from there.
      currentStep:
        steps[Math.max(0, steps.indexOf(row.currentStep), ...changedSteps.map((id) => steps.indexOf(id)))]!,
      revision,
      updatedBy: ctx.current.person.id,
      updatedAt: now,
    });
    await insertEvent(tx, {
      procedureId: row.id,
      kind: 'moved',
      detail: moved,
      personId: ctx.current.person.id,
      at: now,
    });
    return { procedure, moved };
  });
}
