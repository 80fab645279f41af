import type { Lang, T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  SummaryList,
} from '../../../platform/views/forms.tsx';
import { answerLines } from '../definition/display.ts';
import type { AnswersToCheck } from '../service/check.ts';

type Draft = Extract<AnswersToCheck, { status: 'draft' }>;

/** Where a step's page is opened from "Check your answers": its Next comes back here. */
const changeHref = (procedureId: string, stepId: string) =>
  `/procedures/${procedureId}/steps/${encodeURIComponent(stepId)}?from=check`;

/**
 * "Check your answers" (the GOV.UK pattern): every shown step with its answers and a link to
 * change them, the steps a move to a new version changed marked; then "Read and approved" and
 * "Transmit", offered only when the answers are complete and valid.
 */
export function CheckPage(props: {
  t: T;
  lang: Lang;
  csrfToken: string;
  draft: Draft;
  /** Steps changed by a move to a newer version (from `?changed=`), unknown ids already left out. */
  changed: ReadonlySet<string>;
  /** What stopped the transmission: a field's error ("Read and approved") or the service's refusal. */
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const { t, lang, draft } = props;
  const { procedure, definition } = draft;
  const attention = draft.steps.find((s) => s.step.id === draft.attention);
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} message={props.message} />
      <h1>{t('procedures.check.title')}</h1>
      <SummaryList
        rows={[
          [t('procedures.check.procedure'), `${definition.title[lang]} (${definition.code})`],
          [t('procedures.check.name'), procedure.name],
          ...(draft.subject
            ? [
                [t('procedures.check.company'), `${draft.subject.name} (${draft.subject.value})`] as [
                  string,
                  string,
                ],
              ]
            : []),
        ]}
      />
      {props.changed.size > 0 ? <p class="notice">{t('procedures.check.moved')}</p> : null}
      {draft.steps.map(({ step, reachable, needsAttention }) => {
        const lines = answerLines({ ...definition, steps: [step] }, draft.answers, lang);
        const title = step.title[lang];
        return (
          <section key={step.id} class="check-step" aria-labelledby={`step-${step.id}`}>
            <div class="check-step-head">
              <h2 id={`step-${step.id}`}>{title}</h2>
              {reachable ? (
                <a href={changeHref(procedure.id, step.id)}>
                  {t('procedures.check.change')}
                  <span class="visually-hidden"> {t('procedures.check.changeWhat', { step: title })}</span>
                </a>
              ) : null}
            </div>
            {props.changed.has(step.id) ? (
              <p class="status status-changed">{t('procedures.check.changed')}</p>
            ) : null}
            {needsAttention ? <p class="error-message">{t('procedures.check.needsAttention')}</p> : null}
            {lines.length > 0 ? (
              <SummaryList rows={lines.map((line) => [line.label, line.value])} />
            ) : (
              <p class="muted">{t('procedures.check.noAnswer')}</p>
            )}
          </section>
        );
      })}
      {attention ? (
        <div class="notice" id="attention">
          <p>{t('procedures.transmit.incomplete')}</p>
          <p>
            <a href={changeHref(procedure.id, attention.step.id)}>
              {t('procedures.check.goTo', { step: attention.step.title[lang] })}
            </a>
          </p>
        </div>
      ) : (
        <form method="post" action={`/procedures/${procedure.id}/transmit`}>
          <CsrfField token={props.csrfToken} once />
          <input type="hidden" name="revision" value={String(procedure.revision)} />
          <h2>{t('procedures.check.approveTitle')}</h2>
          <div class={`field${props.errors?.approved ? ' field-error' : ''}`}>
            {props.errors?.approved ? (
              <p class="error-message" id="approved-error">
                {props.errors.approved}
              </p>
            ) : null}
            <div class="radio">
              <input
                type="checkbox"
                id="approved"
                name="approved"
                value="yes"
                required
                aria-describedby={props.errors?.approved ? 'approved-error approved-hint' : 'approved-hint'}
                aria-invalid={props.errors?.approved ? 'true' : undefined}
              />
              <label for="approved">
                {t('procedures.check.approved')}
                <span class="hint" id="approved-hint">
                  {t('procedures.check.approvedHint')}
                </span>
              </label>
            </div>
          </div>
          <Actions>
            <button type="submit" class="button">
              {t('procedures.check.transmit')}
            </button>
          </Actions>
        </form>
      )}
    </>
  );
}
