import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuleError, ruleMessage } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { idParams } from '../../platform/http/input.ts';
import type { Lang, T } from '../../platform/i18n/index.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { evaluate, visibleSteps } from './definition/conditions.ts';
import { locate } from './definition/fields.ts';
import {
  answersOf,
  type FormValues,
  formOf,
  formValuesOf,
  itemCount,
  withItemAdded,
  withItemRemoved,
  withoutEmptyItems,
} from './definition/form-values.ts';
import type { Answers, Definition, Step } from './definition/types.ts';
import { attachFile } from './service/attachments.ts';
import { StaleStep, saveStep } from './service/drafts.ts';
import { type StepToFill, stepToFill } from './service/fill.ts';
import { resumeProcedure } from './service/resume.ts';
import type { Source } from './views/fields.tsx';
import { FORM_ID, ResumeRefusedPage, StepPage, shownPaths, stepUrl } from './views/steps.tsx';

/**
 * Filling a draft, one step per page (docs/procedures.md, "Filling a draft"): the step's page,
 * its post (save and continue, come back later, back, a group's add and remove), and resuming.
 */

type Params = { id: string; step: string };
type Found = Extract<StepToFill, { kind: 'step' }>;

/** Uploads one post may carry: a file field's limit is checked by the service, up to 50 MiB. */
const UPLOADS = { maxBytes: 50 * 1024 * 1024, files: 10, fields: 1000 };

const text = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';

const fromCheckOf = (request: FastifyRequest<{ Querystring: { from?: unknown } }>) =>
  text(request.query.from) === 'check';

/** The answers a page shows: the saved ones, with this step's replaced by what the page holds. */
function pageAnswers(step: Step, saved: Answers, onPage: Answers, certified: Answers): Answers {
  const answers = { ...saved };
  for (const field of step.fields) delete answers[field.id];
  return { ...answers, ...onPage, ...certified };
}

const sourceOf = (binding: string): Source =>
  binding.startsWith('sheet.') ? 'sheet' : binding.startsWith('person.') ? 'person' : 'certified';

/**
 * Where the step's prefilled values came from, while the step has never been saved (afterwards
 * they are the person's own answers).
 */
function sourcesOf(found: Found): Record<string, Source> {
  const { procedure, step } = found;
  if (procedure.stepRevisions[step.id] !== undefined) return {};
  return Object.fromEntries(
    step.fields
      .filter((field) => field.prefill && procedure.answers[field.id] !== undefined)
      .map((field) => [field.id, sourceOf(field.prefill!)]),
  );
}

/** A file field of the step under an input's name: `letter`, or `annexes.2.annex` in a group's item. */
function fileFieldAt(step: Step, form: FormValues, name: string): string | undefined {
  const [id, index, innerId, ...rest] = name.split('.');
  const field = step.fields.find((f) => f.id === id);
  if (!field || rest.length > 0) return undefined;
  if (field.type === 'file' && index === undefined) return field.id;
  if (field.type !== 'group' || !/^\d+$/.test(index ?? '') || Number(index) >= itemCount(field, form))
    return undefined;
  return field.fields.find((f) => f.id === innerId && f.type === 'file')?.id;
}

/** What the error summary says of an error: the field it is about ("Candidate 2 – Surname"), then the message. */
function summaryOf(definition: Definition, errors: FieldErrors, lang: Lang, t: T): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([path, message]) => {
      const location = locate(definition, path.split('.'));
      if (!location) return [path, message];
      const { entry, item, part } = location;
      const names = [entry.field.label[lang]];
      if (entry.group) {
        const itemLabel = entry.group.itemLabel?.[lang] ?? entry.group.label[lang];
        names.unshift(t('procedures.form.item', { item: itemLabel, n: (item ?? 0) + 1 }));
      }
      if (part && entry.field.type === 'address') names.push(t(`procedures.form.address.${part}`));
      return [path, t('procedures.form.errorAt', { label: names.join(' – '), message })];
    }),
  );
}

export function stepRoutes(app: FastifyInstance, deps: AppDeps): void {
  /** The step's page with the inputs in `form`. */
  const page = (
    request: FastifyRequest<{ Params: Params; Querystring: { from?: unknown } }>,
    reply: FastifyReply,
    found: Found,
    shown: {
      form: FormValues;
      revision?: number;
      errors?: FieldErrors;
      notice?: { text: string; kind: 'warning' | 'info' };
      status?: number;
    },
  ) => {
    const { procedure, definition, step } = found;
    const { lang, t } = request;
    const onPage = answersOf(step, shown.form, { keepEmptyItems: true });
    const answers = pageAnswers(step, procedure.answers, onPage, procedure.certified);
    const { visibility } = evaluate(definition, answers);
    const steps = visibleSteps(definition, answers).map((s) => s.id);
    const ids = steps.includes(step.id) ? steps : found.shown;
    return reply.page(
      `${step.title[lang]} – ${procedure.name}`,
      <StepPage
        t={t}
        lang={lang}
        csrfToken={reply.csrfToken()}
        procedureId={procedure.id}
        name={procedure.name}
        step={step}
        position={{ n: ids.indexOf(step.id) + 1, of: ids.length }}
        form={shown.form}
        visibility={visibility}
        certified={procedure.certified}
        sources={sourcesOf(found)}
        revision={shown.revision ?? procedure.revision}
        errors={shown.errors ?? {}}
        summary={summaryOf(definition, shown.errors ?? {}, lang, t)}
        notice={shown.notice}
        fromCheck={fromCheckOf(request)}
      />,
      shown.status ?? 200,
    );
  };

  /** The step to fill, or the redirect a person expects instead (reply sent: undefined). */
  const open = async (
    request: FastifyRequest<{ Params: Params; Querystring: { from?: unknown } }>,
    reply: FastifyReply,
  ): Promise<Found | undefined> => {
    const { id, step } = request.params;
    const found = await stepToFill(spaceCtxOf(deps, request), request.space!.space.id, id, step);
    if (found.kind === 'notDraft') {
      await reply.redirect(`/procedures/${id}`, 303);
      return undefined;
    }
    if (found.kind === 'elsewhere') {
      await reply.redirect(stepUrl(id, found.stepId), 303);
      return undefined;
    }
    return found;
  };

  app.get<{ Params: Params; Querystring: { from?: unknown } }>(
    '/procedures/:id/steps/:step',
    { preHandler: requireSpace, schema: { params: idParams } },
    async (request, reply) => {
      const found = await open(request, reply);
      if (!found) return reply;
      return page(request, reply, found, { form: formOf(found.step, found.procedure.answers, request.lang) });
    },
  );

  app.post<{ Params: Params; Querystring: { from?: unknown }; Body: Record<string, unknown> | undefined }>(
    '/procedures/:id/steps/:step',
    { preHandler: requireSpace, schema: { params: idParams }, config: { uploads: UPLOADS } },
    async (request, reply) => {
      const found = await open(request, reply);
      if (!found) return reply;
      const { procedure, definition, step } = found;
      const ctx = spaceCtxOf(deps, request);
      const spaceId = request.space!.space.id;
      const body = request.body ?? {};
      const go = text(body.go);
      const typedRevision = Number(text(body.revision));
      const revision = Number.isSafeInteger(typedRevision) && typedRevision >= 0 ? typedRevision : 0;
      let form = formValuesOf(step, body);

      // Files first: each is stored as the procedure's attachment, and the page names it from now on.
      const errors: FieldErrors = {};
      for (const upload of request.uploads ?? []) {
        const fieldId = fileFieldAt(step, form, upload.field);
        if (!fieldId || (!upload.filename && upload.bytes.length === 0)) continue;
        try {
          const answer = await attachFile(ctx, spaceId, procedure.id, {
            fieldId,
            bytes: upload.bytes,
            filename: upload.filename,
          });
          form[`${upload.field}.file`] = JSON.stringify(answer);
          delete form[`${upload.field}.remove`];
        } catch (error) {
          if (!(error instanceof RuleError)) throw error;
          if (error.code === 'ProcedureNotDraft') return reply.redirect(`/procedures/${procedure.id}`, 303);
          errors[upload.field] = ruleMessage(request.t, error);
        }
      }
      const status = Object.keys(errors).length > 0 ? 400 : 200;

      // A group's "Add" and "Remove": the page again with what was typed; nothing is saved.
      const [action, groupId, index] = go.split(':');
      const group = step.fields.find((f) => f.id === groupId && f.type === 'group');
      if ((action === 'add' || action === 'remove') && group?.type === 'group') {
        form = action === 'add' ? withItemAdded(group, form) : withItemRemoved(group, form, Number(index));
        return page(request, reply, found, { form, revision, errors, status });
      }
      // Back: the previous step shown (or the check it came from), saving nothing (as GOV.UK's Back link).
      if (go === 'back') {
        if (fromCheckOf(request)) return reply.redirect(`/procedures/${procedure.id}/check`, 303);
        const previous = found.shown[found.shown.indexOf(step.id) - 1];
        return reply.redirect(
          previous ? stepUrl(procedure.id, previous) : `/procedures/${procedure.id}`,
          303,
        );
      }
      if (status !== 200) return page(request, reply, found, { form, revision, errors, status });

      // Answers that reveal questions the page did not show: the page again, with them, first.
      const posted = text(body.shown);
      if (body.shown !== undefined) {
        const onPage = answersOf(step, form, { keepEmptyItems: true });
        const answers = pageAnswers(step, procedure.answers, onPage, procedure.certified);
        const seen = new Set(posted.split(','));
        const now = shownPaths(step, evaluate(definition, answers).visibility, form);
        if (now.some((path) => !seen.has(path))) {
          const notice = { text: request.t('procedures.form.revealed'), kind: 'info' as const };
          return page(request, reply, found, { form, revision, notice });
        }
      }

      // An item left wholly empty is no item: the validator's item numbers are then the page's.
      form = withoutEmptyItems(step, form);
      let outcome: Awaited<ReturnType<typeof saveStep>>;
      try {
        outcome = await saveStep(ctx, spaceId, procedure.id, {
          stepId: step.id,
          values: answersOf(step, form),
          revision,
        });
      } catch (error) {
        if (error instanceof StaleStep) {
          // Nothing was saved: the current answers, at the current revision, for the person to check.
          const current = formOf(step, { ...error.current, ...procedure.certified }, request.lang);
          const notice = { text: ruleMessage(request.t, error), kind: 'warning' as const };
          return page(request, reply, found, {
            form: current,
            revision: error.revision,
            notice,
            status: 409,
          });
        }
        if (error instanceof RuleError && error.code === 'ProcedureNotDraft')
          return reply.redirect(`/procedures/${procedure.id}`, 303);
        throw error;
      }
      if (!outcome.ok) {
        const messages: FieldErrors = Object.fromEntries(
          Object.entries(outcome.errors).map(([path, error]) => [
            path || FORM_ID,
            error.message[request.lang],
          ]),
        );
        return page(request, reply, found, { form, revision, errors: messages, status: 400 });
      }
      if (go === 'later') return reply.redirect('/procedures?done=saved', 303);
      const next = fromCheckOf(request) ? undefined : outcome.nextStep;
      return reply.redirect(next ? stepUrl(procedure.id, next) : `/procedures/${procedure.id}/check`, 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/procedures/:id/resume',
    { preHandler: requireSpace, schema: { params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      let resumed: Awaited<ReturnType<typeof resumeProcedure>>;
      try {
        resumed = await resumeProcedure(spaceCtxOf(deps, request), request.space!.space.id, id);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.page(
          request.t('procedures.form.resumeRefused'),
          <ResumeRefusedPage t={request.t} procedureId={id} message={ruleMessage(request.t, error)} />,
          409,
        );
      }
      const { procedure, moved } = resumed;
      if (procedure.status !== 'draft') return reply.redirect(`/procedures/${id}`, 303);
      if (moved)
        return reply.redirect(`/procedures/${id}/check?changed=${moved.changedSteps.join(',')}`, 303);
      // The step's page sends the person on to the furthest step they may open, if that one is hidden now.
      return reply.redirect(stepUrl(id, procedure.currentStep), 303);
    },
  );
}
