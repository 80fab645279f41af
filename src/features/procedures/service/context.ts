import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { type Lang, langOr } from '../../../platform/i18n/index.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { findEntity } from '../../certification/service/reads.ts';
import { accessSpace, type SpaceAccess, type SpaceCtx } from '../../spaces/service.ts';
import { visibleSteps } from '../definition/conditions.ts';
import { type PrefillSources, prefillValue } from '../definition/prefill.ts';
import type { Answers, Definition } from '../definition/types.ts';
import { mayAct, type SpaceAct } from '../rules.ts';
import { searchWords } from '../search.ts';
import { definitionById } from '../store/definitions.ts';
import { findProcedure, type ProcedureRow } from '../store/procedures.ts';

/**
 * What the procedures' use cases share: the gate (rules 7 and 9: every active member of the
 * eSpace acts on its procedures; anyone else gets "not found"), the procedure and its version,
 * the prefill sources and the words a procedure is found by.
 */

export type ProcedureCtx = SpaceCtx;

/** The eSpace's language of procedures: its slips and names are written in it. */
export const spaceLang = (access: SpaceAccess): Lang => langOr(access.space.proceduresLang);

/** The eSpace, for a member who may do `act` there (`consult` to read). */
export async function procedureSpace(
  ctx: ProcedureCtx,
  spaceId: string,
  act: SpaceAct | 'consult',
): Promise<SpaceAccess> {
  const access = await accessSpace(ctx, { spaceId });
  if (act !== 'consult' && !mayAct(access.membership.role, act)) throw new AppError('Forbidden');
  return access;
}

/** A procedure of the eSpace not deleted (locked when `lock`), or "not found". */
export async function procedureOf(db: Db, spaceId: string, id: string, lock = false): Promise<ProcedureRow> {
  const row = isUuid(id) ? await findProcedure(db, { spaceId, id }, lock) : undefined;
  if (!row || row.status === 'deleted') throw new AppError('NotFound');
  return row;
}

export async function versionOf(db: Db, definitionId: string) {
  const row = await definitionById(db, definitionId);
  if (!row) throw new Error(`no published version ${definitionId}`);
  return row;
}

export const isClosed = (closesAt: Date | null, now: Date) => closesAt !== null && closesAt <= now;

/** The sheet of the eSpace, the person acting and the subject company's certified data. */
export async function prefillSources(
  ctx: ProcedureCtx,
  db: Db,
  access: SpaceAccess,
  subjectEntityId: string | null,
): Promise<PrefillSources> {
  const { space } = access;
  const { person } = ctx.current;
  const entity = subjectEntityId ? await findEntity(db, { id: subjectEntityId }) : undefined;
  return {
    sheet: {
      spaceName: space.name,
      companyName: space.companyName,
      notificationEmail: space.notificationEmail,
      officePhone: space.officePhone,
      mobilePhone: space.mobilePhone,
      function: space.function,
    },
    person: { surname: person.surname, firstName: person.firstName, email: person.email },
    certified: entity && {
      name: entity.name,
      value: entity.value,
      address: entity.address,
      attributes: entity.attributes,
    },
  };
}

/**
 * The first values of a definition's fields from `sources`, and among them those of certified
 * fields, which no save may change.
 */
export function prefilled(definition: Definition, sources: PrefillSources) {
  const answers: Answers = {};
  const certified: Answers = {};
  for (const field of definition.steps.flatMap((step) => step.fields)) {
    if (!field.prefill) continue;
    const value = prefillValue(field.prefill, sources);
    if (value === undefined) continue;
    answers[field.id] = value;
    if (field.certified) certified[field.id] = value;
  }
  return { answers, certified };
}

/** The words My procedures finds a procedure by: its name, reference, code, titles and company. */
export function searchTextFor(
  definition: Definition,
  values: { name: string; reference?: string | null; subject?: { name: string; value: string } | undefined },
): string {
  const texts = [
    values.name,
    values.reference ?? '',
    definition.code,
    definition.title.fr,
    definition.title.en,
    definition.title.de,
    values.subject?.name ?? '',
    values.subject?.value ?? '',
  ];
  return [...new Set(texts.flatMap(searchWords))].join(' ');
}

/** The key My procedures sorts names by: lower case, accents removed (« Élections » among the e). */
export const sortNameOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** The steps shown for these answers, in order. */
export const shownStepIds = (definition: Definition, answers: Answers): string[] =>
  visibleSteps(definition, answers).map((step) => step.id);

/**
 * The shown steps a person may open: those up to the furthest step reached (when that step is
 * hidden now, up to the last shown step before it). Later ones are not reached yet: no skipping
 * by URL.
 */
export function reachableSteps(definition: Definition, answers: Answers, currentStep: string): string[] {
  const order = definition.steps.map((step) => step.id);
  const furthest = order.indexOf(currentStep);
  const shown = shownStepIds(definition, answers);
  const reachable = shown.filter((id) => order.indexOf(id) <= furthest);
  return reachable.length > 0 ? reachable : shown.slice(0, 1);
}
