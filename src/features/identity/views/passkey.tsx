import type { T } from '../../../platform/i18n/index.ts';
import { Actions } from '../../../platform/views/forms.tsx';
import type { PasskeyLabel } from '../service/passkey.ts';
import { SessionIdentifier } from './logon.tsx';

export type PasskeyScreen = {
  mode: 'logon' | 'register';
  label: PasskeyLabel;
  csrfToken: string;
  optionsUrl: string;
  verifyUrl: string;
};

/** The button, the live message region and the scripts of a passkey step; data goes in data-*. */
function PasskeyCeremony(props: { t: T; screen: PasskeyScreen; scripts: string[]; button: string }) {
  const { t, screen } = props;
  return (
    <div
      class="passkey"
      id="passkey"
      data-mode={screen.mode}
      data-device={screen.label}
      data-csrf={screen.csrfToken}
      data-options-url={screen.optionsUrl}
      data-verify-url={screen.verifyUrl}
      data-msg-working={t('identity.passkey.working')}
      data-msg-failed={t(
        screen.mode === 'logon' ? 'identity.passkey.failed' : 'identity.passkey.registerFailed',
      )}
      data-msg-cancelled={t('identity.passkey.cancelled')}
      data-msg-unsupported={t('identity.passkey.unsupported')}
    >
      <noscript>
        <p class="notice">{t('identity.passkey.noscript')}</p>
      </noscript>
      <p class="passkey-message" aria-live="polite" data-passkey-message />
      <Actions>
        <button type="button" class="button" data-passkey-start hidden>
          {props.button}
        </button>
        {screen.mode === 'logon' ? <a href="/logon">{t('identity.logon.changeMode')}</a> : null}
      </Actions>
      {props.scripts.map((src) => (
        <script key={src} src={src} defer />
      ))}
    </div>
  );
}

export function PasskeyLogonPage(props: {
  t: T;
  displayId: string;
  screen: PasskeyScreen;
  scripts: string[];
  message?: string | undefined;
}) {
  const { t } = props;
  const device = t(`identity.device.${props.screen.label}`);
  return (
    <div class="narrow">
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <h1>{t('identity.passkey.title', { device })}</h1>
      <SessionIdentifier t={t} displayId={props.displayId} />
      <p>{t(`identity.passkey.intro_${props.screen.label}`)}</p>
      <PasskeyCeremony
        t={t}
        screen={props.screen}
        scripts={props.scripts}
        button={t('identity.passkey.continue')}
      />
    </div>
  );
}

export function PasskeyRegisterPage(props: { t: T; screen: PasskeyScreen; scripts: string[] }) {
  const { t } = props;
  return (
    <div class="narrow">
      <h1>{t('identity.passkey.registerTitle')}</h1>
      <p>{t('identity.passkey.registerIntro')}</p>
      <PasskeyCeremony
        t={t}
        screen={props.screen}
        scripts={props.scripts}
        button={t('identity.passkey.registerButton')}
      />
    </div>
  );
}
