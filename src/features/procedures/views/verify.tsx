import { formatDate } from '../../../platform/i18n/dates.ts';
import type { Lang, T } from '../../../platform/i18n/index.ts';
import { ErrorSummary, SummaryList } from '../../../platform/views/forms.tsx';
import type { SlipVerdict } from '../service/verify.ts';

/** The longest text the form takes: a token (at most 4,096 characters) in the slip's address. */
export const VERIFY_INPUT_MAX = 5000;

/**
 * `/verify`: anyone holding a transmission slip checks it, by the QR code's address (which opens
 * this page with the token) or by pasting the address or the token into the form. The verdict
 * says no more than the slip itself prints; how to check offline comes after it.
 */
export function VerifyPage(props: {
  t: T;
  lang: Lang;
  /** What was typed or scanned, shown again when it held no token (after a verdict the box is for another slip). */
  typed: string;
  verdict?: SlipVerdict | undefined;
  /** The form was sent empty. */
  empty?: boolean;
  jwksUrl: string;
}) {
  const { t, lang, verdict } = props;
  const error = props.empty ? t('procedures.verify.empty') : undefined;
  return (
    <div class="narrow verify">
      <ErrorSummary t={t} errors={error ? { token: error } : undefined} />
      <h1>{t('procedures.verify.title')}</h1>
      {verdict?.genuine ? (
        <div class="notice notice-success" role="status">
          <h2>{t('procedures.verify.genuineTitle')}</h2>
          <p>{t('procedures.verify.genuineText')}</p>
          <SummaryList
            rows={[
              [t('procedures.verify.reference'), <strong class="mono">{verdict.reference}</strong>],
              [
                t('procedures.verify.transmittedAt'),
                formatDate(lang, verdict.transmittedAt, 'dateTimeSeconds'),
              ],
              [
                t('procedures.verify.procedure'),
                `${verdict.procedure.title[lang]} (${verdict.procedure.code}, v${verdict.procedure.version})`,
              ],
              [t('procedures.verify.administration'), verdict.administration.names[lang]],
              [t('procedures.verify.sha256'), <span class="mono">{verdict.sha256}</span>],
            ]}
          />
          <p>{t('procedures.verify.compare')}</p>
        </div>
      ) : verdict ? (
        <div class="notice notice-danger" role="status">
          <h2>{t('procedures.verify.notGenuineTitle')}</h2>
          <p>{t('procedures.verify.notGenuineText')}</p>
        </div>
      ) : (
        <p class="lead">{t('procedures.verify.intro')}</p>
      )}
      <form method="get" action="/verify">
        <div class={`field${error ? ' field-error' : ''}`}>
          <label for="token">{t('procedures.verify.tokenLabel')}</label>
          <p class="hint" id="token-hint">
            {t('procedures.verify.tokenHint')}
          </p>
          {error ? (
            <p class="error-message" id="token-error">
              {error}
            </p>
          ) : null}
          <textarea
            id="token"
            name="token"
            rows={4}
            class="input-full mono"
            spellcheck={false}
            autocomplete="off"
            maxLength={VERIFY_INPUT_MAX}
            aria-describedby={error ? 'token-hint token-error' : 'token-hint'}
            aria-invalid={error ? 'true' : undefined}
          >
            {verdict ? '' : props.typed}
          </textarea>
        </div>
        <button type="submit" class="button">
          {verdict ? t('procedures.verify.again') : t('procedures.verify.submit')}
        </button>
      </form>
      <h2>{t('procedures.verify.offlineTitle')}</h2>
      <p>
        {t('procedures.verify.offlineText')} <a href={props.jwksUrl}>{props.jwksUrl}</a>
      </p>
      <p>{t('procedures.verify.offlineHow')}</p>
    </div>
  );
}
