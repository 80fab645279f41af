import { AppError } from '../../../platform/errors.ts';
import type { Definition, Step } from '../definition/types.ts';
import type { ProcedureRow } from '../store/procedures.ts';
import {
  type ProcedureCtx,
  procedureOf,
  procedureSpace,
  reachableSteps,
  shownStepIds,
  versionOf,
} from './context.ts';

/**
 * Opening one step of a draft to fill it (the pages save it with `saveStep`). A step not reached
 * yet, or hidden by the answers, is not opened: the person is sent to the furthest step they may
 * open, as they would expect after typing a later step's address; a step the version does not
 * have is "not found".
 */

export type StepToFill =
  | {
      kind: 'step';
      procedure: ProcedureRow;
      definition: Definition;
      step: Step;
      /** The steps shown for the saved answers, in order: "Step n of m", and where Back goes. */
      shown: string[];
    }
  /** Not this step: the furthest step the person may open. */
  | { kind: 'elsewhere'; stepId: string }
  /** The procedure is no longer a draft: nothing to fill. */
  | { kind: 'notDraft' };

/** A draft's step for a member to fill, or where to go instead. */
export async function stepToFill(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
  stepId: string,
): Promise<StepToFill> {
  await procedureSpace(ctx, spaceId, 'modify');
  const procedure = await procedureOf(ctx.db, spaceId, procedureId);
  if (procedure.status !== 'draft') return { kind: 'notDraft' };
  const { definition } = (await versionOf(ctx.db, procedure.definitionId)).definition;
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) throw new AppError('NotFound');
  const reachable = reachableSteps(definition, procedure.answers, procedure.currentStep);
  if (!reachable.includes(stepId)) return { kind: 'elsewhere', stepId: reachable.at(-1)! };
  return { kind: 'step', procedure, definition, step, shown: shownStepIds(definition, procedure.answers) };
}
