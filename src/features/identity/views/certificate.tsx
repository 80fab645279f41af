import type { T } from '../../../platform/i18n/index.ts';
import { Actions, CsrfField, Radios } from '../../../platform/views/forms.tsx';
import { formatCertificateNumber } from '../rules.ts';
import { type CertificateEnrolment, certificateLabels } from '../service/certificate.ts';
import { SessionIdentifier } from './logon.tsx';

export function CertificateLogonPage(props: { t: T; label: string; displayId: string; href: string }) {
  const { t } = props;
  return (
    <div class="narrow">
      <h1>{t('identity.certificate.title', { device: t(`identity.device.${props.label}`) })}</h1>
      <SessionIdentifier t={t} displayId={props.displayId} />
      <p>{t('identity.certificate.intro')}</p>
      <p class="muted">{t('identity.certificate.browserHint')}</p>
      <Actions>
        <a class="button" href={props.href} data-certificate-logon>
          {t('identity.certificate.continue')}
        </a>
        <a href="/logon">{t('identity.certificate.backToLogon')}</a>
      </Actions>
    </div>
  );
}

export function CertificateMessagePage({ t, title, text }: { t: T; title: string; text: string }) {
  return (
    <div class="narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/logon">{t('identity.certificate.backToLogon')}</a>
      </p>
    </div>
  );
}

export function CertificateEnrolPage({ t, csrfToken }: { t: T; csrfToken: string }) {
  return (
    <div class="narrow">
      <h1>{t('identity.certificate.enrolTitle')}</h1>
      <p>{t('identity.certificate.enrolIntro')}</p>
      <form method="post" action="/devices/certificate" novalidate>
        <CsrfField token={csrfToken} once />
        <Radios
          name="label"
          legend={t('identity.certificate.enrolDevice')}
          value="smartcard"
          required
          options={certificateLabels.map((label) => ({ value: label, label: t(`identity.device.${label}`) }))}
        />
        <Actions>
          <button type="submit" class="button">
            {t('identity.certificate.enrolSubmit')}
          </button>
          <a href="/devices">{t('form.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}

/**
 * Shows a new certificate once: its number, the one-time password of the .p12 and the file
 * itself, as a download link carrying the (encrypted) file: nothing is kept on the server.
 */
export function CertificateEnrolledPage(props: {
  t: T;
  enrolment: CertificateEnrolment;
  next: { href: string; label: string };
}) {
  const { t, enrolment } = props;
  const number = enrolment.device.certificateNumber;
  return (
    <div class="narrow">
      <h1>{t('identity.certificate.doneTitle')}</h1>
      <p class="notice">{t('identity.certificate.doneIntro')}</p>
      <dl class="summary">
        <dt>{t('identity.certificate.number')}</dt>
        <dd class="mono" data-field="certificateNumber">
          {formatCertificateNumber(number)}
        </dd>
        <dt>{t('identity.certificate.password')}</dt>
        <dd class="mono" data-field="password">
          {enrolment.password}
        </dd>
      </dl>
      <p>
        <a
          class="button"
          href={`data:application/x-pkcs12;base64,${enrolment.p12.toString('base64')}`}
          download={`comptoir-${number}.p12`}
          data-field="p12"
        >
          {t('identity.certificate.download')}
        </a>
      </p>
      <p>{t('identity.certificate.importHint')}</p>
      <Actions>
        <a class="button button-outline" href={props.next.href}>
          {props.next.label}
        </a>
      </Actions>
    </div>
  );
}
