import { fieldLimits } from '../../../platform/fields.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { languages } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  ListTable,
  Radios,
  RequiredNote,
  TextField,
} from '../../../platform/views/forms.tsx';

export type DemoIdentity = {
  name: string;
  role: string;
  login: string;
  password: string;
  code: string;
  certificateNumber: string;
};

export function DemoIdentitiesPage({ t, identities }: { t: T; identities: DemoIdentity[] }) {
  return (
    <>
      <h1>{t('identity.demo.title')}</h1>
      <p class="lead">{t('identity.demo.intro')}</p>
      <ListTable
        label={t('identity.demo.title')}
        columns={[
          t('identity.demo.person'),
          t('identity.demo.role'),
          t('identity.demo.login'),
          t('identity.demo.password'),
          t('identity.demo.code'),
          t('identity.demo.certificate'),
        ]}
      >
        {identities.map((identity) => (
          <tr key={identity.login}>
            <td>{identity.name}</td>
            <td>{t(`identity.demo.${identity.role}`)}</td>
            <td class="mono">{identity.login}</td>
            <td class="mono">{identity.password}</td>
            <td class="mono demo-code">{identity.code}</td>
            <td class="mono nowrap">{identity.certificateNumber}</td>
          </tr>
        ))}
      </ListTable>
      <Actions>
        <a class="button" href="/logon/token">
          {t('identity.token.title')}
        </a>
        <a href="/demo-identities">{t('identity.demo.refresh')}</a>
      </Actions>
    </>
  );
}

export type FirstVisitValues = {
  surname?: string;
  firstName?: string;
  email?: string;
  preferredLang?: string;
  device?: string;
};

export function FirstVisitPage(props: {
  t: T;
  csrfToken: string;
  values: FirstVisitValues;
  errors?: FieldErrors;
  deviceOptions: string[];
}) {
  const { t, values, errors } = props;
  return (
    <div class="narrow">
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('identity.firstVisit.title')}</h1>
      <p>{t('identity.firstVisit.intro')}</p>
      <RequiredNote t={t} />
      <form method="post" action="/first-visit" novalidate>
        <CsrfField token={props.csrfToken} once />
        <TextField
          name="surname"
          label={t('identity.firstVisit.surname')}
          value={values.surname}
          error={errors?.surname}
          required
          autocomplete="family-name"
          maxLength={fieldLimits.personName}
        />
        <TextField
          name="firstName"
          label={t('identity.firstVisit.firstName')}
          value={values.firstName}
          error={errors?.firstName}
          required
          autocomplete="given-name"
          maxLength={fieldLimits.personName}
        />
        <TextField
          name="email"
          type="email"
          label={t('identity.firstVisit.email')}
          value={values.email}
          error={errors?.email}
          required
          autocomplete="email"
          maxLength={fieldLimits.email}
        />
        <Radios
          name="preferredLang"
          legend={t('identity.firstVisit.language')}
          value={values.preferredLang ?? 'fr'}
          options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))}
        />
        <Radios
          name="device"
          legend={t('identity.firstVisit.device')}
          value={values.device}
          error={errors?.device}
          required
          options={props.deviceOptions.map((d) => ({
            value: d,
            label: t(`identity.device.${d}`),
            hint: t(
              `identity.device.${d === 'token' ? 'tokenHint' : d === 'smartcard' ? 'certificateHint' : `${d}Hint`}`,
            ),
          }))}
        />
        <Actions>
          <button type="submit" class="button">
            {t('identity.firstVisit.submit')}
          </button>
          <a href="/logon">{t('form.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}

export function OtpEnrolledPage(props: {
  t: T;
  login: string;
  password: string;
  secret: string;
  qrDataUri: string;
  certificateNumber: string;
  next: { href: string; label: string };
}) {
  const { t } = props;
  return (
    <div class="narrow">
      <h1>{t('identity.firstVisit.otpDoneTitle')}</h1>
      <p class="notice">{t('identity.firstVisit.otpDoneIntro')}</p>
      <dl class="summary">
        <dt>{t('identity.token.login')}</dt>
        <dd class="mono" data-field="login">
          {props.login}
        </dd>
        <dt>{t('identity.token.password')}</dt>
        <dd class="mono" data-field="password">
          {props.password}
        </dd>
        <dt>{t('identity.devices.certificate')}</dt>
        <dd class="mono">{props.certificateNumber}</dd>
        <dt>{t('identity.firstVisit.secret')}</dt>
        <dd class="mono" data-field="secret">
          {props.secret}
        </dd>
      </dl>
      <p>{t('identity.firstVisit.qrHint')}</p>
      <img
        class="qr"
        src={props.qrDataUri}
        alt={t('identity.firstVisit.qrAlt', { login: props.login })}
        width={220}
        height={220}
      />
      <Actions>
        <a class="button" href={props.next.href}>
          {props.next.label}
        </a>
      </Actions>
    </div>
  );
}
