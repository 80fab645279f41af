import { nowOf } from '../../../platform/clock.ts';
import { inTransaction } from '../../../platform/db.ts';
import { AppError, RuleError } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { findActiveMandate, findEntity } from '../../certification/service/reads.ts';
import { type Checked, validateStep } from '../definition/answers.ts';
import type { Answers, Definition } from '../definition/types.ts';
import { latestOpenDefinition } from '../store/definitions.ts';
import {
  deleteAttachments,
  insertEvent,
  insertProcedure,
  type ProcedureRow,
  updateProcedure,
} from '../store/procedures.ts';
import { trustedFiles } from './attachments.ts';
import { audiencesFor } from './catalogue.ts';
import {
  type ProcedureCtx,
  prefilled,
  prefillSources,
  procedureOf,
  procedureSpace,
  reachableSteps,
  searchTextFor,
  shownStepIds,
  sortNameOf,
  spaceLang,
  versionOf,
} from './context.ts';

/**
 * Drafts ("In preparation"): started in an eSpace on the current version, filled step by step,
 * renamed, deleted. A draft belongs to the eSpace: every member saves it, and a save made on a
 * page older than the step's last change is refused, never silently overwriting the other's.
 */

/**
 * A save made on a stale page: someone changed this step since the page was read. Nothing was
 * saved; `current` holds the step's answers as they are now, and `revision` the draft's.
 */
export class StaleStep extends RuleError {
  constructor(
    readonly current: Answers,
    readonly revision: number,
  ) {
    super('StepChangedMeanwhile');
    this.name = 'StaleStep';
  }
}

export type StartInput = {
  code: string;
  /** The company it is for: required when the procedure needs a certification scope. */
  subjectEntityId?: string | undefined;
};

/**
 * Starts a draft of the newest open version of `code` in the eSpace, for a procedure of its
 * kind; one that needs a certification scope is for a company the eSpace holds an active mandate
 * on for it (its own or a client's), whose certified data prefill the form with the sheet's and
 * the person's.
 */
export async function startProcedure(
  ctx: ProcedureCtx,
  spaceId: string,
  input: StartInput,
): Promise<ProcedureRow> {
  const access = await procedureSpace(ctx, spaceId, 'create');
  const now = nowOf(ctx);
  const version = await latestOpenDefinition(ctx.db, input.code, now);
  if (!version || !audiencesFor(access.space.kind).includes(version.audience)) throw new AppError('NotFound');
  const { definition } = version;
  let subject: { id: string; name: string; value: string } | undefined;
  if (version.scopeId) {
    const entityId = input.subjectEntityId;
    if (!entityId) throw new RuleError('SubjectRequired');
    const mandate = isUuid(entityId)
      ? await findActiveMandate(ctx.db, { spaceId, scopeId: version.scopeId, entityId, now })
      : undefined;
    if (!mandate) throw new RuleError('SubjectNotCertified');
    subject = { id: entityId, name: mandate.entityName, value: mandate.value };
  }
  const sources = await prefillSources(ctx, ctx.db, access, subject?.id ?? null);
  const { answers, certified } = prefilled(definition, sources);
  const name = definition.title[spaceLang(access)];
  const personId = ctx.current.person.id;
  return inTransaction(ctx.db, async (tx) => {
    const row = await insertProcedure(tx, {
      spaceId,
      definitionId: version.id,
      subjectEntityId: subject?.id ?? null,
      name,
      sortName: sortNameOf(name),
      answers,
      certified,
      currentStep: definition.steps[0]!.id,
      stepRevisions: {},
      searchText: searchTextFor(definition, { name, subject }),
      createdBy: personId,
      updatedBy: personId,
      createdAt: now,
      updatedAt: now,
    });
    await insertEvent(tx, { procedureId: row.id, kind: 'created', personId, at: now });
    return row;
  });
}

export type SaveInput = {
  stepId: string;
  /** The step's answers as posted, keyed by field id; a field left out has no answer. */
  values: Answers;
  /** The draft's revision when the page was read. */
  revision: number;
};

export type SaveOutcome =
  | { ok: true; procedure: ProcedureRow; nextStep: string | undefined }
  | { ok: false; errors: Extract<Checked, { ok: false }>['errors']; values: Answers };

/** The answers with this step's fields replaced by `values`, certified values kept as certified. */
function merged(definition: Definition, row: ProcedureRow, stepId: string, values: Answers): Answers {
  const fields = definition.steps.find((step) => step.id === stepId)!.fields.map((field) => field.id);
  const answers: Answers = { ...row.answers };
  for (const id of fields) {
    delete answers[id];
    if (values[id] !== undefined && values[id] !== null) answers[id] = values[id];
  }
  return { ...answers, ...row.certified };
}

/**
 * Saves one step of a draft after validating it with the version's compiled schema (hidden
 * fields removed first). Invalid answers are not saved: the errors come back with the values as
 * typed. A step not shown, or beyond the furthest step reached, is "not found".
 */
export async function saveStep(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
  input: SaveInput,
): Promise<SaveOutcome> {
  await procedureSpace(ctx, spaceId, 'modify');
  const now = nowOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const row = await procedureOf(tx, spaceId, procedureId, true);
    if (row.status !== 'draft') throw new RuleError('ProcedureNotDraft');
    const { definition } = (await versionOf(tx, row.definitionId)).definition;
    if (!reachableSteps(definition, row.answers, row.currentStep).includes(input.stepId))
      throw new AppError('NotFound');
    if ((row.stepRevisions[input.stepId] ?? 0) > input.revision) {
      const fields = definition.steps.find((step) => step.id === input.stepId)!.fields;
      const current = Object.fromEntries(
        fields.filter((f) => row.answers[f.id] !== undefined).map((f) => [f.id, row.answers[f.id]]),
      );
      throw new StaleStep(current, row.revision);
    }
    const posted = await trustedFiles(tx, definition, input.stepId, row.id, input.values);
    const answers = merged(definition, row, input.stepId, posted);
    const checked = validateStep(definition, input.stepId, answers);
    if (!checked.ok) return { ok: false, errors: checked.errors, values: input.values };
    const after = shownStepIds(definition, answers);
    const nextStep = after[after.indexOf(input.stepId) + 1];
    const reached = Math.max(after.indexOf(row.currentStep), after.indexOf(nextStep ?? input.stepId));
    const revision = row.revision + 1;
    const saved = await updateProcedure(tx, row, {
      answers,
      revision,
      stepRevisions: { ...row.stepRevisions, [input.stepId]: revision },
      currentStep: after[reached] ?? input.stepId,
      updatedBy: ctx.current.person.id,
      updatedAt: now,
    });
    await insertEvent(tx, {
      procedureId: row.id,
      kind: 'saved',
      step: input.stepId,
      personId: ctx.current.person.id,
      at: now,
    });
    return { ok: true, procedure: saved, nextStep };
  });
}

export const NAME_MAX = 200;

/** Gives a procedure (of any status) a name of the eSpace's own. */
export async function renameProcedure(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
  typed: string,
): Promise<ProcedureRow> {
  await procedureSpace(ctx, spaceId, 'rename');
  const name = typed.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name || [...name].length > NAME_MAX || /\p{Cc}/u.test(name))
    throw new RuleError('ProcedureNameInvalid', { max: NAME_MAX });
  const now = nowOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const row = await procedureOf(tx, spaceId, procedureId, true);
    if (row.name === name) return row;
    const { definition } = (await versionOf(tx, row.definitionId)).definition;
    const subject = row.subjectEntityId ? await findEntity(tx, { id: row.subjectEntityId }) : undefined;
    const saved = await updateProcedure(tx, row, {
      name,
      sortName: sortNameOf(name),
      searchText: searchTextFor(definition, { name, reference: row.reference, subject }),
      revision: row.revision + 1,
      updatedBy: ctx.current.person.id,
      updatedAt: now,
    });
    await insertEvent(tx, {
      procedureId: row.id,
      kind: 'renamed',
      detail: { from: row.name, to: name },
      personId: ctx.current.person.id,
      at: now,
    });
    return saved;
  });
}

/** Deletes a draft (the page asked for confirmation): its answers and files go, its timeline stays. */
export async function deleteDraft(ctx: ProcedureCtx, spaceId: string, procedureId: string): Promise<void> {
  await procedureSpace(ctx, spaceId, 'delete');
  const now = nowOf(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const row = await procedureOf(tx, spaceId, procedureId, true);
    if (row.status !== 'draft') throw new RuleError('ProcedureDeleteNotDraft');
    await updateProcedure(tx, row, {
      status: 'deleted',
      answers: {},
      certified: {},
      revision: row.revision + 1,
      updatedBy: ctx.current.person.id,
      updatedAt: now,
    });
    await deleteAttachments(tx, row.id);
    await insertEvent(tx, { procedureId: row.id, kind: 'deleted', personId: ctx.current.person.id, at: now });
  });
}
