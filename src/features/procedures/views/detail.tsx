import { formatDate } from '../../../platform/i18n/dates.ts';
import { type Lang, langOr, type T } from '../../../platform/i18n/index.ts';
import { Actions, CsrfField, SummaryList } from '../../../platform/views/forms.tsx';
import { type AnswerLine, answerLines, fileLines } from '../definition/display.ts';
import type { Definition } from '../definition/types.ts';
import type { ProcedureDetail } from '../service/lists.ts';
import { personOf } from './list.tsx';

type Event = ProcedureDetail['timeline'][number];

/** What an event of the timeline says, in the reader's language. */
function eventText(t: T, definition: Definition, lang: Lang, event: Event): string {
  const detail = event.detail as Record<string, unknown>;
  const key = `procedures.detail.event.${event.kind}`;
  const name = personOf(event.by);
  switch (event.kind) {
    case 'saved': {
      const step = definition.steps.find((s) => s.id === event.step);
      return t(key, { name, step: step ? step.title[lang] : (event.step ?? '') });
    }
    case 'renamed':
      return t(key, { name, from: String(detail.from), to: String(detail.to) });
    case 'moved':
      return t(key, { name, from: String(detail.fromVersion), to: String(detail.toVersion) });
    case 'transmitted':
      return t(key, { name, reference: String(detail.reference) });
    default:
      return t(key, { name });
  }
}

/** Answer lines in runs of one step each, in reading order. */
function byStep(lines: AnswerLine[]): { step: string; lines: AnswerLine[] }[] {
  const groups: { step: string; lines: AnswerLine[] }[] = [];
  for (const line of lines) {
    const last = groups.at(-1);
    if (last?.step === line.step) last.lines.push(line);
    else groups.push({ step: line.step, lines: [line] });
  }
  return groups;
}

const when = (lang: Lang, at: Date) => (
  <time datetime={at.toISOString()}>{formatDate(lang, at, 'dateTime')}</time>
);

/**
 * A procedure of the eSpace: what it is, who did what and when, its answers and files, its slip
 * once transmitted; a draft offers "Resume", "Rename" and "Delete".
 */
export function DetailPage(props: {
  t: T;
  lang: string;
  csrfToken: string;
  detail: ProcedureDetail;
  message?: string | undefined;
  /** Just transmitted: the reference stands out, with the slip. */
  justTransmitted: boolean;
}) {
  const { t, detail } = props;
  const { procedure, definition, transmission, timeline } = detail;
  const lang = langOr(props.lang);
  const base = `/procedures/${procedure.id}`;
  const slip = `${base}/slip.pdf`;
  const draft = procedure.status === 'draft';
  const created = timeline.find((event) => event.kind === 'created');
  const last = timeline.at(-1);
  const files = fileLines(definition, detail.answers, lang);
  const steps = byStep(answerLines(definition, detail.answers, lang));
  return (
    <>
      <p>
        <a href="/procedures">{t('procedures.detail.back')}</a>
      </p>
      {props.justTransmitted && transmission ? (
        <div class="notice notice-success transmitted" role="status">
          <h2>{t('procedures.detail.transmittedTitle')}</h2>
          <p>
            {t('procedures.detail.transmittedReference')}
            <strong class="reference-large mono">{transmission.reference}</strong>
          </p>
          <p>
            <a href={slip}>{t('procedures.detail.slip')}</a>
          </p>
        </div>
      ) : props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <h1>{procedure.name}</h1>
      <SummaryList
        rows={[
          [
            t('procedures.detail.procedure'),
            <>
              {definition.title[lang]}{' '}
              <span class="muted mono nowrap">
                {definition.code} · {t('procedures.detail.version', { version: definition.version })}
              </span>
            </>,
          ],
          [
            t('procedures.detail.subject'),
            detail.subject ? (
              <>
                {detail.subject.name} <span class="muted mono">{detail.subject.value}</span>
              </>
            ) : (
              t('procedures.detail.noSubject')
            ),
          ],
          ...(transmission
            ? [[t('procedures.detail.reference'), transmission.reference] as [string, string]]
            : []),
          [
            t('procedures.detail.status'),
            <span class={`status status-procedure-${procedure.status}`}>
              {t(`procedures.status.${procedure.status}`)}
            </span>,
          ],
          [
            t('procedures.detail.created'),
            <>
              {when(lang, procedure.createdAt)} {t('procedures.list.by', { name: personOf(created?.by) })}
            </>,
          ],
          [
            t('procedures.detail.changed'),
            <>
              {when(lang, procedure.updatedAt)} {t('procedures.list.by', { name: personOf(last?.by) })}
            </>,
          ],
        ]}
      />
      <Actions>
        {draft ? (
          <form method="post" action={`${base}/resume`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button">
              {t('procedures.detail.resume')}
            </button>
          </form>
        ) : null}
        {transmission ? (
          <>
            <a class="button" href={slip}>
              {t('procedures.detail.slip')}
            </a>
            <a class="button button-outline" href={`/verify?token=${encodeURIComponent(transmission.token)}`}>
              {t('procedures.detail.verify')}
            </a>
          </>
        ) : null}
        <a class="button button-outline" href={`${base}/rename`}>
          {t('procedures.detail.rename')}
        </a>
        {draft ? (
          <a class="button button-outline" href={`${base}/delete`}>
            {t('procedures.detail.delete')}
          </a>
        ) : null}
      </Actions>
      {draft && detail.closesAt ? (
        <p class="hint">
          {t('procedures.detail.closesAt', { date: formatDate(lang, detail.closesAt, 'dateTime') })}
        </p>
      ) : null}

      <h2>{t('procedures.detail.answers')}</h2>
      {steps.length === 0 ? <p class="muted">{t('procedures.detail.noAnswers')}</p> : null}
      <div class="answers">
        {steps.map((group) => (
          <section key={group.step} aria-label={group.step}>
            <h3>{group.step}</h3>
            <SummaryList rows={group.lines.map((line) => [line.label, line.value])} />
          </section>
        ))}
      </div>

      {files.length > 0 ? (
        <>
          <h2>{t('procedures.detail.attachments')}</h2>
          <ul>
            {files.map((line) => (
              <li key={line.file.fileId}>
                {line.label}:{' '}
                <a href={`${base}/files/${line.file.fileId}`} download>
                  {line.file.name}
                </a>{' '}
                <span class="muted">({Math.max(1, Math.ceil(line.file.size / 1024))} KB)</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('procedures.detail.timeline')}</h2>
      <ol class="timeline">
        {timeline.map((event, index) => (
          <li key={index}>
            {when(lang, event.at)} – {eventText(t, definition, lang, event)}
          </li>
        ))}
      </ol>
    </>
  );
}
