import type { T } from '../../../platform/i18n/index.ts';
import { Actions, CsrfField, ErrorSummary } from '../../../platform/views/forms.tsx';
import type { InvitationView } from '../service-invitations.ts';

/** The page of the invitation link: join (or not) the business eSpace. */
export function InvitationPage(props: {
  t: T;
  csrfToken: string;
  token: string;
  view?: InvitationView | undefined;
  error?: string | undefined;
}) {
  const { t, view } = props;
  if (!view) {
    return (
      <div class="narrow">
        <h1>{t('members.invitation.invalidTitle')}</h1>
        <p>{props.error ?? t('errors.rule.InvitationInvalid')}</p>
        <p>
          <a href="/spaces">{t('spaces.list.title')}</a>
        </p>
      </div>
    );
  }
  const { invitation } = view;
  return (
    <div class="narrow">
      <ErrorSummary t={t} message={props.error} />
      <h1>{t('members.invitation.title')}</h1>
      <p>
        {t('members.invitation.text', {
          space: view.spaceName,
          company: view.companyName ?? view.spaceName,
          role: t(`spaces.role.${invitation.role}`),
        })}
      </p>
      <p class="hint">{t(`spaces.roleDescription.${invitation.role}`)}</p>
      {invitation.restricted ? <p class="notice">{t('members.invitation.restricted')}</p> : null}
      <Actions>
        <form method="post" action={`/invitations/${props.token}/accept`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button">
            {t('members.invitation.accept')}
          </button>
        </form>
        <form method="post" action={`/invitations/${props.token}/decline`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button button-outline">
            {t('members.invitation.decline')}
          </button>
        </form>
      </Actions>
    </div>
  );
}
