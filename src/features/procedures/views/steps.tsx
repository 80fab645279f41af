import type { Lang, T } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, RequiredNote } from '../../../platform/views/forms.tsx';
import type { Visibility } from '../definition/conditions.ts';
import { type FormValues, itemCount } from '../definition/form-values.ts';
import type { Answers, Step } from '../definition/types.ts';
import { CertifiedValue, FieldInput, type FieldsContext, GroupInput, type Source } from './fields.tsx';

/**
 * One step of a draft: its fields, one page at a time (GOV.UK's "one thing per page"), posted as
 * a plain form. Its buttons: "Save and continue" (the default, also for the Enter key), "Save
 * and come back later", and "Back" (to the previous step, saving nothing, as GOV.UK's Back).
 */

export type StepPageProps = {
  t: T;
  lang: Lang;
  csrfToken: string;
  procedureId: string;
  /** The procedure's name (the eSpace's own, or the procedure's title). */
  name: string;
  step: Step;
  /** "Step n of m", among the steps shown. */
  position: { n: number; of: number };
  form: FormValues;
  /** What the answers on the page show (conditions), per field and per group item. */
  visibility: Visibility;
  /** The values of certified fields, shown read-only. */
  certified: Answers;
  /** Where the prefilled values shown came from, by field id. */
  sources: Record<string, Source>;
  revision: number;
  /** Messages beside the fields, by path. */
  errors: FieldErrors;
  /** The same errors in the summary, each naming its field. */
  summary: FieldErrors;
  /** A notice above the form: a stale save, questions the answers have just revealed. */
  notice?: { text: string; kind: 'warning' | 'info' } | undefined;
  fromCheck: boolean;
};

/** The form's id: the error summary's link for an error of the step as a whole. */
export const FORM_ID = 'step-form';

/** The URL of a step's page (`?from=check` when "Check your answers" sent the person there). */
export const stepUrl = (procedureId: string, stepId: string, fromCheck = false) =>
  `/procedures/${procedureId}/steps/${stepId}${fromCheck ? '?from=check' : ''}`;

export function StepPage(props: StepPageProps) {
  const { t, lang, step, visibility } = props;
  const c: FieldsContext = {
    t,
    lang,
    form: props.form,
    errors: props.errors,
    itemShows: (group, index, fieldId) => visibility.items.get(group.id)?.[index]?.has(fieldId) ?? true,
  };
  const shown = step.fields.filter((field) => visibility.fields.has(field.id));
  const hasFiles = shown.some(
    (field) =>
      field.type === 'file' || (field.type === 'group' && field.fields.some((f) => f.type === 'file')),
  );
  const hasGroup = shown.some((field) => field.type === 'group');
  return (
    <div class="narrow step-page">
      <ErrorSummary t={t} errors={props.summary} />
      {props.notice ? (
        <div class={`notice${props.notice.kind === 'warning' ? ' notice-warning' : ''}`} role="status">
          <p>{props.notice.text}</p>
        </div>
      ) : null}
      <p class="caption">{props.name}</p>
      <h1>{step.title[lang]}</h1>
      <p class="muted">{t('procedures.form.stepOf', props.position)}</p>
      {step.intro ? <p class="lead">{step.intro[lang]}</p> : null}
      <RequiredNote t={t} />
      <form
        id={FORM_ID}
        method="post"
        action={stepUrl(props.procedureId, step.id, props.fromCheck)}
        enctype={hasFiles ? 'multipart/form-data' : undefined}
        novalidate
      >
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="revision" value={String(props.revision)} />
        <input type="hidden" name="shown" value={shownPaths(step, visibility, props.form).join(',')} />
        {hasGroup ? (
          // The Enter key presses a form's first button: "Save and continue", not a group's "Remove".
          <button type="submit" name="go" value="next" class="visually-hidden" tabindex={-1}>
            {t('procedures.form.next')}
          </button>
        ) : null}
        {shown.map((field) => {
          if (field.type === 'group') return <GroupInput key={field.id} c={c} group={field} />;
          if (field.certified)
            return <CertifiedValue key={field.id} c={c} field={field} value={props.certified[field.id]} />;
          return (
            <FieldInput key={field.id} c={c} field={field} name={field.id} source={props.sources[field.id]} />
          );
        })}
        <div class="actions">
          <button type="submit" name="go" value="next" class="button">
            {t(props.fromCheck ? 'procedures.form.saveAndCheck' : 'procedures.form.next')}
          </button>
          <button type="submit" name="go" value="later" class="button button-outline">
            {t('procedures.form.later')}
          </button>
          <button type="submit" name="go" value="back" class="button-link">
            {t('procedures.form.back')}
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * The inputs the page shows, as paths (`listName`, `candidates.1.roleOther`): a post whose answers
 * show more than these has revealed questions the person has not seen yet.
 */
export function shownPaths(step: Step, visibility: Visibility, form: FormValues): string[] {
  return step.fields
    .filter((field) => visibility.fields.has(field.id))
    .flatMap((field) => {
      if (field.type !== 'group') return [field.id];
      return Array.from({ length: itemCount(field, form) }, (_, index) =>
        field.fields
          .filter((inner) => visibility.items.get(field.id)?.[index]?.has(inner.id) ?? true)
          .map((inner) => `${field.id}.${index}.${inner.id}`),
      ).flat();
    });
}

/** A page saying why a draft could not be resumed, with the way back to it. */
export function ResumeRefusedPage(props: { t: T; procedureId: string; message: string }) {
  const { t } = props;
  return (
    <div class="narrow">
      <h1>{t('procedures.form.resumeRefused')}</h1>
      <p>{props.message}</p>
      <p>
        <a href={`/procedures/${props.procedureId}`}>{t('procedures.form.toProcedure')}</a>
      </p>
    </div>
  );
}
