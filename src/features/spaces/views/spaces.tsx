import { fieldLimits } from '../../../platform/fields.ts';
import { languages, type T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Radios,
  RequiredNote,
  TableScroll,
  TextField,
} from '../../../platform/views/forms.tsx';
import { type MySpace, spaceFieldLimits } from '../service.ts';

export type OpenInvitationLine = { id: string; spaceName: string; spaceIdentifier: string; role: string };

/** "Manage my eSpaces": every eSpace of the person, the invitations waiting, and "Set up a business eSpace". */
export function SpacesPage(props: {
  t: T;
  csrfToken: string;
  spaces: MySpace[];
  selectedId: string | undefined;
  invitations: OpenInvitationLine[];
  created: number;
  max: number;
  message?: string | undefined;
  error?: string | undefined;
}) {
  const { t } = props;
  const canCreate = props.created < props.max;
  return (
    <>
      <p class="breadcrumb">{t('spaces.list.breadcrumb')}</p>
      <h1>{t('spaces.list.title')}</h1>
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <ErrorSummary t={t} message={props.error} />
      {props.invitations.length > 0 ? (
        <section aria-labelledby="invitations">
          <h2 id="invitations">{t('spaces.list.invitations')}</h2>
          <ul class="plain-list">
            {props.invitations.map((invitation) => (
              <li key={invitation.id}>
                <p>
                  {t('spaces.list.invitationLine', {
                    space: invitation.spaceName,
                    identifier: invitation.spaceIdentifier,
                    role: t(`spaces.role.${invitation.role}`),
                  })}
                </p>
                <form method="post" action={`/invitations/id/${invitation.id}/accept`} class="inline-form">
                  <CsrfField token={props.csrfToken} />
                  <button type="submit" class="button">
                    {t('members.invitation.accept')}
                  </button>
                </form>{' '}
                <form method="post" action={`/invitations/id/${invitation.id}/decline`} class="inline-form">
                  <CsrfField token={props.csrfToken} />
                  <button type="submit" class="button button-outline">
                    {t('members.invitation.decline')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <TableScroll label={t('spaces.list.caption')}>
        <table>
          <caption class="visually-hidden">{t('spaces.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('spaces.list.name')}</th>
              <th scope="col">{t('spaces.list.kind')}</th>
              <th scope="col">{t('spaces.list.role')}</th>
              <th scope="col">{t('spaces.list.identifier')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('spaces.list.select')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.spaces.map(({ space, membership, usable }) => (
              <tr key={space.id}>
                <th scope="row">{space.name}</th>
                <td>{t(`spaces.kind.${space.kind}`)}</td>
                <td>{t(`spaces.role.${membership.role}`)}</td>
                <td class="mono nowrap">{space.identifier}</td>
                <td>
                  {!usable ? (
                    <span class="status status-deactivated">{t('members.status.deactivated')}</span>
                  ) : space.id === props.selectedId ? (
                    <span class="status status-active">{t('spaces.list.selected')}</span>
                  ) : (
                    <form method="post" action="/spaces/select" class="inline-form">
                      <CsrfField token={props.csrfToken} />
                      <input type="hidden" name="identifier" value={space.identifier} />
                      <button
                        type="submit"
                        class="button button-outline"
                        aria-label={t('spaces.list.selectLabel', { name: space.name })}
                      >
                        {t('spaces.list.select')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <section aria-labelledby="new-space">
        <h2 id="new-space">{t('spaces.create.title')}</h2>
        <p>{t('spaces.list.limit', { created: props.created, max: props.max })}</p>
        {canCreate ? (
          <a class="button" href="/spaces/new">
            {t('spaces.create.button')}
          </a>
        ) : (
          <p class="notice">{t('errors.rule.BusinessSpaceLimitReached', { max: props.max })}</p>
        )}
      </section>
    </>
  );
}

export type BusinessSpaceValues = {
  name?: string;
  companyName?: string;
  surname?: string;
  firstName?: string;
  email?: string;
  proceduresLang?: string;
};

/** "Setting up a business eSpace", as the seeds show it. */
export function NewBusinessSpacePage(props: {
  t: T;
  csrfToken: string;
  values: BusinessSpaceValues;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const { t, values, errors } = props;
  return (
    <div class="narrow">
      <p class="breadcrumb">{t('spaces.create.breadcrumb')}</p>
      <ErrorSummary t={t} errors={errors} message={props.message} />
      <h1>{t('spaces.create.title')}</h1>
      <RequiredNote t={t} />
      <form method="post" action="/spaces/new" novalidate>
        <CsrfField token={props.csrfToken} once />
        <h2>{t('spaces.create.spaceSection')}</h2>
        <TextField
          name="name"
          label={t('spaces.create.name')}
          hint={t('spaces.create.nameHint')}
          value={values.name}
          error={errors?.name}
          required
          width="full"
          maxLength={spaceFieldLimits.name}
        />
        <Radios
          name="proceduresLang"
          legend={t('spaces.create.proceduresLang')}
          hint={t('spaces.create.proceduresLangHint')}
          value={values.proceduresLang}
          error={errors?.proceduresLang}
          required
          options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))}
        />
        <h2>{t('spaces.create.companySection')}</h2>
        <p class="hint">{t('spaces.create.companyHint')}</p>
        <TextField
          name="companyName"
          label={t('spaces.create.companyName')}
          value={values.companyName}
          error={errors?.companyName}
          required
          autocomplete="organization"
          width="full"
          maxLength={spaceFieldLimits.companyName}
        />
        <h2>{t('spaces.create.userSection')}</h2>
        <TextField
          name="surname"
          label={t('spaces.create.surname')}
          value={values.surname}
          readonly
          maxLength={fieldLimits.personName}
        />
        <TextField
          name="firstName"
          label={t('spaces.create.firstName')}
          value={values.firstName}
          readonly
          maxLength={fieldLimits.personName}
        />
        <TextField
          name="email"
          type="email"
          label={t('spaces.create.email')}
          hint={t('spaces.create.emailHint')}
          value={values.email}
          error={errors?.email}
          required
          autocomplete="email"
          maxLength={fieldLimits.email}
        />
        <Actions>
          <button type="submit" class="button">
            {t('form.confirm')}
          </button>
          <a href="/spaces">{t('form.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}
