import { fieldLimits } from '../../../platform/fields.ts';
import type { T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Radios,
  RequiredNote,
  TextField,
} from '../../../platform/views/forms.tsx';
import { CERTIFICATE_NUMBER_INPUT_MAX } from '../../identity/rules.ts';
import { roleOptions } from './manage.tsx';

export type InviteValues = {
  surname?: string;
  firstName?: string;
  email?: string;
  certificateNumber?: string;
  restricted?: string;
  role?: string;
};

const fields = ['surname', 'firstName', 'email', 'certificateNumber', 'restricted', 'role'] as const;

/**
 * "Add a user" in three steps. What was typed travels in hidden fields, so "Back" keeps it and
 * nothing is stored before "Invite".
 */
export function AddUserPage(props: {
  t: T;
  csrfToken: string;
  step: 1 | 2 | 3;
  values: InviteValues;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const { t, step, values, errors } = props;
  const shown: Record<number, readonly string[]> = {
    1: ['surname', 'firstName', 'email'],
    2: ['certificateNumber', 'restricted'],
    3: ['role'],
  };
  const hidden = fields.filter((f) => !shown[step]!.includes(f) && values[f] !== undefined);
  return (
    <div class="narrow">
      <ErrorSummary t={t} errors={errors} message={props.message} />
      <h1>{t('members.add.title')}</h1>
      <p class="muted">{t('members.add.step', { step, steps: 3 })}</p>
      <p>{t('members.add.intro')}</p>
      <RequiredNote t={t} />
      <form method="post" action="/space/users/new" novalidate>
        <CsrfField token={props.csrfToken} once />
        <input type="hidden" name="step" value={String(step)} />
        {hidden.map((f) => (
          <input key={f} type="hidden" name={f} value={values[f]} />
        ))}
        {step === 1 ? (
          <>
            <TextField
              name="surname"
              label={t('members.add.surname')}
              value={values.surname}
              error={errors?.surname}
              required
              maxLength={fieldLimits.personName}
            />
            <TextField
              name="firstName"
              label={t('members.add.firstName')}
              value={values.firstName}
              error={errors?.firstName}
              required
              maxLength={fieldLimits.personName}
            />
            <TextField
              name="email"
              type="email"
              label={t('members.add.email')}
              value={values.email}
              error={errors?.email}
              required
              maxLength={fieldLimits.email}
            />
          </>
        ) : null}
        {step === 2 ? (
          <>
            <TextField
              name="certificateNumber"
              label={t('members.add.certificateNumber')}
              hint={t('members.add.certificateHint')}
              value={values.certificateNumber}
              error={errors?.certificateNumber}
              required
              inputmode="numeric"
              width="medium"
              maxLength={CERTIFICATE_NUMBER_INPUT_MAX}
            />
            <Radios
              name="restricted"
              legend={t('members.add.restriction')}
              value={values.restricted ?? 'all'}
              options={[
                { value: 'all', label: t('members.add.restrictionAll') },
                { value: 'this', label: t('members.add.restrictionThis') },
              ]}
            />
          </>
        ) : null}
        {step === 3 ? (
          <Radios
            name="role"
            legend={t('members.add.role')}
            value={values.role}
            error={errors?.role}
            required
            options={roleOptions(t)}
          />
        ) : null}
        {/* "Next" first: the Enter key submits with the form's first button, and must go forward. */}
        <Actions>
          <button type="submit" name="go" value="next" class="button">
            {step === 3 ? t('members.add.invite') : t('form.next')}
          </button>
          {step > 1 ? (
            <button type="submit" name="go" value="back" class="button button-outline" formnovalidate>
              {t('form.back')}
            </button>
          ) : null}
          <a href="/space/users">{t('form.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}
