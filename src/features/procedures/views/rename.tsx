import type { T } from '../../../platform/i18n/index.ts';
import { Actions, CsrfField, ErrorSummary, TextField } from '../../../platform/views/forms.tsx';

/** "Rename": a name of the eSpace's own for a procedure (a fiduciary names it after its client). */
export function RenamePage(props: {
  t: T;
  csrfToken: string;
  id: string;
  /** The name as typed, or the current one. */
  value: string;
  maxLength: number;
  error?: string | undefined;
}) {
  const { t } = props;
  return (
    <div class="narrow">
      <ErrorSummary t={t} errors={props.error ? { name: props.error } : {}} />
      <h1>{t('procedures.rename.title')}</h1>
      <form method="post" action={`/procedures/${props.id}/rename`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="name"
          label={t('procedures.rename.label')}
          hint={t('procedures.rename.hint')}
          value={props.value}
          error={props.error}
          required
          width="full"
          maxLength={props.maxLength}
        />
        <Actions>
          <button type="submit" class="button">
            {t('procedures.rename.button')}
          </button>
          <a href={`/procedures/${props.id}`}>{t('form.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}
