import { findEntity } from '../../certification/service/reads.ts';
import { validateAll } from '../definition/answers.ts';
import { visibleSteps } from '../definition/conditions.ts';
import type { Answers, Definition, Step } from '../definition/types.ts';
import type { ProcedureRow } from '../store/procedures.ts';
import { type ProcedureCtx, procedureOf, procedureSpace, versionOf } from './context.ts';

/**
 * "Check your answers": a draft's shown steps with their answers, before "Read and approved"
 * and "Transmit". The answers are checked as a whole, as transmission will check them, so the
 * page can say which step needs attention instead of offering a Transmit that would fail.
 */

export type CheckedStep = {
  step: Step;
  /** Whether its page may be opened (it is not beyond the furthest step reached). */
  reachable: boolean;
  /** Whether one of its answers is missing or wrong. */
  needsAttention: boolean;
};

export type AnswersToCheck =
  | { status: 'not-draft'; procedure: ProcedureRow }
  | {
      status: 'draft';
      procedure: ProcedureRow;
      definition: Definition;
      subject: { name: string; value: string } | undefined;
      /** The answers without hidden fields, as transmission would freeze them. */
      answers: Answers;
      steps: CheckedStep[];
      /** The first step to correct (reachable), when the answers are not complete and valid. */
      attention: string | undefined;
    };

/** A draft of the eSpace with its shown steps and answers, checked as transmission will check them. */
export async function answersToCheck(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
): Promise<AnswersToCheck> {
  await procedureSpace(ctx, spaceId, 'consult');
  const procedure = await procedureOf(ctx.db, spaceId, procedureId);
  if (procedure.status !== 'draft') return { status: 'not-draft', procedure };
  const [version, entity] = await Promise.all([
    versionOf(ctx.db, procedure.definitionId),
    procedure.subjectEntityId ? findEntity(ctx.db, { id: procedure.subjectEntityId }) : undefined,
  ]);
  const { definition } = version.definition;
  const given = { ...procedure.answers, ...procedure.certified };
  const checked = validateAll(definition, given);
  // The steps shown as a step's page decides them (saveStep), and answers as transmission checks them.
  const shown = visibleSteps(definition, given);
  const furthest = Math.max(
    0,
    shown.findIndex((step) => step.id === procedure.currentStep),
  );
  // An error's path starts with its field's id (a group's, for an item's field); '' is the form's.
  const failing = new Set(checked.ok ? [] : Object.keys(checked.errors).map((path) => path.split('.')[0]!));
  const steps = shown.map((step, index) => ({
    step,
    reachable: index <= furthest,
    needsAttention: step.fields.some((field) => failing.has(field.id)),
  }));
  const first = steps.findIndex((s) => s.needsAttention);
  // An error no step owns (the form's), or one beyond the furthest step: the furthest step goes on.
  const attention = checked.ok ? undefined : shown[first >= 0 ? Math.min(first, furthest) : furthest]!.id;
  return {
    status: 'draft',
    procedure,
    definition,
    subject: entity && { name: entity.name, value: entity.value },
    answers: checked.answers,
    steps,
    attention,
  };
}
