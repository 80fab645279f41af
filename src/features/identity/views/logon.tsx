import type { T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  TextField,
} from '../../../platform/views/forms.tsx';
import { deviceChoices, TOKEN_LOGON_LIMITS } from '../rules.ts';

export function SessionIdentifier({ t, displayId }: { t: T; displayId: string }) {
  return (
    <div class="notice session-id">
      <p>
        {t('identity.logon.sessionId')} <strong class="mono session-id-value">{displayId}</strong>
      </p>
      <p class="muted">{t('identity.logon.sessionIdHint')}</p>
    </div>
  );
}

const hintKey = (kind: string, label: string) =>
  kind === 'otp'
    ? 'identity.device.tokenHint'
    : kind === 'certificate'
      ? 'identity.device.certificateHint'
      : `identity.device.${label}Hint`;

const hrefOf = (kind: string, label: string) =>
  kind === 'otp'
    ? '/logon/token'
    : kind === 'certificate'
      ? `/logon/certificate?device=${label}`
      : `/logon/passkey?device=${label}`;

export function LogonPage(props: {
  t: T;
  displayId: string;
  demo: boolean;
  /** The development mailbox exists (demo mode, mails not delivered). */
  mailbox: boolean;
  oidcLabel?: string | undefined;
  message?: string | undefined;
}) {
  const { t } = props;
  return (
    <div class="logon">
      <h1>{t('identity.logon.title')}</h1>
      {props.message ? <p class="notice notice-success">{props.message}</p> : null}
      <p class="lead">{t('identity.logon.intro')}</p>
      <SessionIdentifier t={t} displayId={props.displayId} />
      <div class="logon-columns">
        <section aria-labelledby="select-device">
          <h2 id="select-device">{t('identity.logon.selectMode')}</h2>
          <p>{t('identity.logon.selectDevice')}</p>
          <ul class="device-grid">
            {deviceChoices.map((choice) => (
              <li key={choice.label}>
                <a class="device-choice" href={hrefOf(choice.kind, choice.label)}>
                  <span class="device-name">{t(`identity.device.${choice.label}`)}</span>
                  <span class="hint">{t(hintKey(choice.kind, choice.label))}</span>
                </a>
              </li>
            ))}
            {props.oidcLabel ? (
              <li>
                <a class="device-choice" href="/logon/oidc">
                  <span class="device-name">{t('identity.logon.external', { name: props.oidcLabel })}</span>
                  <span class="hint">{t('identity.device.oidc')}</span>
                </a>
              </li>
            ) : null}
          </ul>
        </section>
        <aside class="first-visit" aria-labelledby="first-visit">
          <h2 id="first-visit">{t('identity.logon.firstVisitTitle')}</h2>
          <p>{t('identity.logon.firstVisitSteps')}</p>
          <ol>
            <li>{t('identity.logon.firstVisit1')}</li>
            <li>{t('identity.logon.firstVisit2')}</li>
          </ol>
          {props.demo ? (
            <>
              <h3>{t('identity.logon.demoTitle')}</h3>
              <p>{t('identity.logon.demoText')}</p>
              <ul>
                <li>
                  <a href="/first-visit">{t('identity.logon.createIdentity')}</a>
                </li>
                <li>
                  <a href="/demo-identities">{t('identity.logon.demoIdentities')}</a>
                </li>
                {props.mailbox ? (
                  <li>
                    <a href="/dev/mailbox">{t('mail.box.title')}</a>
                  </li>
                ) : null}
              </ul>
            </>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

export type TokenForm = { login?: string };

export function TokenPage(props: {
  t: T;
  displayId: string;
  csrfToken: string;
  values?: TokenForm;
  errors?: FieldErrors;
  message?: string | undefined;
}) {
  const { t } = props;
  return (
    <div class="narrow">
      <ErrorSummary t={t} errors={props.errors} message={props.message} />
      <h1>{t('identity.token.title')}</h1>
      <SessionIdentifier t={t} displayId={props.displayId} />
      <form method="post" action="/logon/token" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="login"
          label={t('identity.token.login')}
          value={props.values?.login}
          error={props.errors?.login}
          required
          autocomplete="username"
          maxLength={TOKEN_LOGON_LIMITS.login}
        />
        <TextField
          name="password"
          type="password"
          label={t('identity.token.password')}
          error={props.errors?.password}
          required
          autocomplete="current-password"
          maxLength={TOKEN_LOGON_LIMITS.password}
        />
        <TextField
          name="code"
          label={t('identity.token.code')}
          hint={t('identity.token.codeHint')}
          error={props.errors?.code}
          required
          inputmode="numeric"
          autocomplete="one-time-code"
          width="short"
          maxLength={TOKEN_LOGON_LIMITS.code}
        />
        <Actions>
          <button type="submit" class="button">
            {t('identity.token.submit')}
          </button>
          <a href="/logon">{t('identity.logon.changeMode')}</a>
        </Actions>
      </form>
    </div>
  );
}
