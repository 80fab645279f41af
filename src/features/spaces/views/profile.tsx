import { fieldLimits } from '../../../platform/fields.ts';
import { languages, type T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Radios,
  RequiredNote,
  SummaryList,
  TextField,
} from '../../../platform/views/forms.tsx';
import type { TabLink } from '../sections.ts';
import { type SpaceRow, spaceFieldLimits } from '../service.ts';
import { ProfileTabs, SecondAdministratorHint } from './tabs.tsx';

const notGiven = (t: T, value: string | null | undefined) => value || t('spaces.profile.notGiven');

/** "Name of the eSpace", worded as the seeds word it for a business eSpace. */
const nameLabel = (t: T, business: boolean) =>
  t(business ? 'spaces.profile.nameBusiness' : 'spaces.profile.name');

/** Information sheet (rule 10): every member reads it, Administrators edit it. */
export function InformationSheetPage(props: {
  t: T;
  csrfToken: string;
  space: SpaceRow;
  tabs: TabLink[];
  canEdit: boolean;
  /** The notification e-mail change waiting for its link, while the link is valid. */
  pending?: { email: string; until: string } | undefined;
  singleAdministrator: boolean;
  message?: string | undefined;
}) {
  const { t, space, pending } = props;
  const rows: [string, string][] = [
    [nameLabel(t, space.kind === 'business'), space.name],
    ...(space.kind === 'business'
      ? ([[t('spaces.profile.companyName'), notGiven(t, space.companyName)]] as [string, string][])
      : []),
    [
      t('spaces.profile.proceduresLang'),
      space.proceduresLang ? t(`language.${space.proceduresLang}`) : t('spaces.profile.notGiven'),
    ],
    [t('spaces.profile.notificationEmail'), notGiven(t, space.notificationEmail)],
    [t('spaces.profile.officePhone'), notGiven(t, space.officePhone)],
    [t('spaces.profile.mobilePhone'), notGiven(t, space.mobilePhone)],
    [t('spaces.profile.function'), notGiven(t, space.function)],
  ];
  return (
    <>
      <h1>{t('spaces.profile.title')}</h1>
      <ProfileTabs t={t} current="sheet" tabs={props.tabs} />
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <SecondAdministratorHint
        t={t}
        show={props.canEdit && props.singleAdministrator && space.kind === 'business'}
      />
      <h2>{t('spaces.profile.tab.sheet')}</h2>
      <p>{t('spaces.profile.sheetIntro')}</p>
      <SummaryList rows={rows} />
      <p class="hint">{t('spaces.profile.notificationEmailHint')}</p>
      {pending ? (
        <div class="notice" data-pending-email>
          <p>{t('spaces.profile.pendingEmail', { until: pending.until, email: pending.email })}</p>
          <p>{t('spaces.profile.pendingEmailCancel')}</p>
          {props.canEdit ? (
            <form method="post" action="/space/profile/email-change/cancel">
              <CsrfField token={props.csrfToken} />
              <button type="submit" class="button button-outline">
                {t('spaces.profile.pendingEmailCancelButton')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {props.canEdit ? (
        <p>
          <a class="button" href="/space/profile/edit">
            {t('spaces.profile.edit')}
          </a>
        </p>
      ) : (
        <p class="hint">{t('spaces.profile.askAdministrator')}</p>
      )}
    </>
  );
}

export type ProfileValues = {
  name?: string;
  companyName?: string;
  proceduresLang?: string;
  notificationEmail?: string;
  officePhone?: string;
  mobilePhone?: string;
  function?: string;
};

export function EditProfilePage(props: {
  t: T;
  csrfToken: string;
  business: boolean;
  values: ProfileValues;
  errors?: FieldErrors | undefined;
}) {
  const { t, values, errors } = props;
  return (
    <div class="narrow">
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('spaces.profile.editTitle')}</h1>
      <RequiredNote t={t} />
      <form method="post" action="/space/profile/edit" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="name"
          label={nameLabel(t, props.business)}
          value={values.name}
          error={errors?.name}
          required
          width="full"
          maxLength={spaceFieldLimits.name}
        />
        {props.business ? (
          <TextField
            name="companyName"
            label={t('spaces.profile.companyName')}
            value={values.companyName}
            error={errors?.companyName}
            required
            width="full"
            maxLength={spaceFieldLimits.companyName}
          />
        ) : null}
        <Radios
          name="proceduresLang"
          legend={t('spaces.profile.proceduresLang')}
          value={values.proceduresLang ?? ''}
          options={[
            { value: '', label: t('spaces.profile.notGiven') },
            ...languages.map((l) => ({ value: l, label: t(`language.${l}`) })),
          ]}
        />
        <TextField
          name="notificationEmail"
          type="email"
          label={t('spaces.profile.notificationEmail')}
          hint={t('spaces.profile.notificationEmailEditHint')}
          value={values.notificationEmail}
          error={errors?.notificationEmail}
          autocomplete="email"
          maxLength={fieldLimits.email}
        />
        <TextField
          name="officePhone"
          type="tel"
          label={t('spaces.profile.officePhone')}
          value={values.officePhone}
          error={errors?.officePhone}
          autocomplete="tel"
          maxLength={spaceFieldLimits.phone}
        />
        <TextField
          name="mobilePhone"
          type="tel"
          label={t('spaces.profile.mobilePhone')}
          value={values.mobilePhone}
          error={errors?.mobilePhone}
          autocomplete="tel"
          maxLength={spaceFieldLimits.phone}
        />
        <TextField
          name="function"
          label={t('spaces.profile.function')}
          value={values.function}
          error={errors?.function}
          autocomplete="organization-title"
          maxLength={spaceFieldLimits.function}
        />
        <Actions>
          <button type="submit" class="button">
            {t('form.save')}
          </button>
          <a href="/space/profile">{t('form.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}

/** The page of the link sent to a new notification e-mail: a button, so that a mail scanner opening the link changes nothing. */
export function EmailChangePage(props: {
  t: T;
  csrfToken: string;
  token: string;
  space?: SpaceRow | undefined;
  done?: boolean;
}) {
  const { t, space } = props;
  if (props.done && space) {
    return (
      <div class="narrow">
        <h1>{t('spaces.emailChange.doneTitle')}</h1>
        <p class="notice notice-success" role="status">
          {t('spaces.emailChange.done', { email: space.notificationEmail ?? '', space: space.name })}
        </p>
      </div>
    );
  }
  if (!space?.pendingEmail) {
    return (
      <div class="narrow">
        <h1>{t('spaces.emailChange.invalidTitle')}</h1>
        <p>{t('spaces.emailChange.invalid')}</p>
        <p>
          <a href="/">{t('nav.home')}</a>
        </p>
      </div>
    );
  }
  return (
    <div class="narrow">
      <h1>{t('spaces.emailChange.title')}</h1>
      <p>{t('spaces.emailChange.intro', { email: space.pendingEmail, space: space.name })}</p>
      <form method="post" action={`/email-change/${props.token}`}>
        <CsrfField token={props.csrfToken} />
        <Actions>
          <button type="submit" class="button">
            {t('spaces.emailChange.confirm')}
          </button>
        </Actions>
      </form>
    </div>
  );
}
