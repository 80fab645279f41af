import type { ComponentChildren } from 'preact';
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

type Action = {
  path: string;
  label: string;
  style: 'button' | 'button button-outline' | 'button button-danger';
};

/**
 * The page of one line of the Users tab, a member or an invitation: who it is, then what an
 * Administrator can do with it, each action a form of its own.
 */
function UserLinePage(props: {
  t: T;
  csrfToken: string;
  name: string;
  rows: [string, string][];
  error?: string | undefined;
  /** Between the summary and the actions (the member's role form). */
  children?: ComponentChildren;
  actionsTitle?: string;
  actions: Action[];
}) {
  const { t } = props;
  return (
    <div class="narrow">
      <p>
        <a href="/space/users">{t('members.manage.back')}</a>
      </p>
      <ErrorSummary t={t} message={props.error} />
      <h1>{props.name}</h1>
      <SummaryList rows={props.rows} />
      {props.children}
      {props.actionsTitle ? <h2>{props.actionsTitle}</h2> : null}
      <Actions>
        {props.actions.map((action) => (
          <form key={action.path} method="post" action={action.path}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class={action.style}>
              {action.label}
            </button>
          </form>
        ))}
      </Actions>
    </div>
  );
}

/** Who a line of the Users tab is, and where it stands. */
const summaryOf = (t: T, who: MemberWithPerson | InvitationRow, status: string): [string, string][] => [
  [t('members.users.email'), who.email],
  [t('members.users.certificate'), formatCertificateNumber(who.certificateNumber)],
  [t('members.users.role'), t(`spaces.role.${who.role}`)],
  [t('members.users.status'), t(`members.status.${status}`)],
];

/** An Administrator manages one member: role, deactivate or reactivate, remove. */
export function MemberPage(props: {
  t: T;
  csrfToken: string;
  member: MemberWithPerson;
  error?: string | undefined;
}) {
  const { t, member } = props;
  const base = `/space/users/m/${member.id}`;
  const active = member.status === 'active';
  return (
    <UserLinePage
      t={t}
      csrfToken={props.csrfToken}
      name={`${member.firstName} ${member.surname}`}
      rows={summaryOf(t, member, member.status)}
      error={props.error}
      actionsTitle={t('members.manage.access')}
      actions={[
        {
          path: `${base}/${active ? 'deactivate' : 'reactivate'}`,
          label: t(active ? 'members.manage.deactivate' : 'members.manage.reactivate'),
          style: 'button button-outline',
        },
        { path: `${base}/remove`, label: t('members.manage.remove'), style: 'button button-danger' },
      ]}
    >
      <form method="post" action={`${base}/role`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Radios name="role" legend={t('members.manage.role')} value={member.role} options={roleOptions(t)} />
        <Actions>
          <button type="submit" class="button">
            {t('members.manage.changeRole')}
          </button>
        </Actions>
      </form>
    </UserLinePage>
  );
}

/** An Administrator manages one invitation: resend it, or withdraw it. */
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
    <UserLinePage
      t={t}
      csrfToken={props.csrfToken}
      name={`${invitation.firstName} ${invitation.surname}`}
      rows={[...summaryOf(t, invitation, props.status), [t('members.manage.validUntil'), props.until]]}
      error={props.error}
      actions={[
        { path: `${base}/resend`, label: t('members.manage.resend'), style: 'button' },
        { path: `${base}/withdraw`, label: t('members.manage.withdraw'), style: 'button button-outline' },
      ]}
    />
  );
}
