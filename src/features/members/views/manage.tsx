import type { T } from '../../../platform/i18n/index.ts';
import { Actions, CsrfField, ErrorSummary, Radios, SummaryList } from '../../../platform/views/forms.tsx';
import { formatCertificateNumber } from '../../identity/rules.ts';
import { roles } from '../../spaces/permissions.ts';
import type { InvitationRow, MemberWithPerson } from '../service.ts';

export const roleOptions = (t: T) =>
  roles.map((role) => ({
    value: role,
    label: t(`spaces.role.${role}`),
    hint: t(`spaces.roleDescription.${role}`),
  }));

/** An Administrator manages one member: role, deactivate or reactivate, remove. */
export function MemberPage(props: {
  t: T;
  csrfToken: string;
  member: MemberWithPerson;
  error?: string | undefined;
}) {
  const { t, member } = props;
  const base = `/space/users/m/${member.id}`;
  return (
    <div class="narrow">
      <p>
        <a href="/space/users">{t('members.manage.back')}</a>
      </p>
      <ErrorSummary t={t} message={props.error} />
      <h1>{`${member.firstName} ${member.surname}`}</h1>
      <SummaryList
        rows={[
          [t('members.users.email'), member.email],
          [t('members.users.certificate'), formatCertificateNumber(member.certificateNumber)],
          [t('members.users.role'), t(`spaces.role.${member.role}`)],
          [t('members.users.status'), t(`members.status.${member.status}`)],
        ]}
      />
      <form method="post" action={`${base}/role`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Radios name="role" legend={t('members.manage.role')} value={member.role} options={roleOptions(t)} />
        <Actions>
          <button type="submit" class="button">
            {t('members.manage.changeRole')}
          </button>
        </Actions>
      </form>
      <h2>{t('members.manage.access')}</h2>
      <Actions>
        <form method="post" action={`${base}/${member.status === 'active' ? 'deactivate' : 'reactivate'}`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button button-outline">
            {t(member.status === 'active' ? 'members.manage.deactivate' : 'members.manage.reactivate')}
          </button>
        </form>
        <form method="post" action={`${base}/remove`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button button-danger">
            {t('members.manage.remove')}
          </button>
        </form>
      </Actions>
    </div>
  );
}

export function InvitationManagePage(props: {
  t: T;
  csrfToken: string;
  invitation: InvitationRow;
  status: string;
  until: string;
  error?: string | undefined;
}) {
  const { t, invitation } = props;
  const base = `/space/users/i/${invitation.id}`;
  return (
    <div class="narrow">
      <p>
        <a href="/space/users">{t('members.manage.back')}</a>
      </p>
      <ErrorSummary t={t} message={props.error} />
      <h1>{`${invitation.firstName} ${invitation.surname}`}</h1>
      <SummaryList
        rows={[
          [t('members.users.email'), invitation.email],
          [t('members.users.certificate'), formatCertificateNumber(invitation.certificateNumber)],
          [t('members.users.role'), t(`spaces.role.${invitation.role}`)],
          [t('members.users.status'), t(`members.status.${props.status}`)],
          [t('members.manage.validUntil'), props.until],
        ]}
      />
      <Actions>
        <form method="post" action={`${base}/resend`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button">
            {t('members.manage.resend')}
          </button>
        </form>
        <form method="post" action={`${base}/withdraw`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button button-outline">
            {t('members.manage.withdraw')}
          </button>
        </form>
      </Actions>
    </div>
  );
}
