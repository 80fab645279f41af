import type { T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  ListTable,
  type PageLink,
  Pagination,
  SearchBar,
} from '../../../platform/views/forms.tsx';
import { formatCertificateNumber } from '../../identity/rules.ts';
import type { TabLink } from '../../spaces/sections.ts';
import { ProfileTabs, SecondAdministratorHint } from '../../spaces/views/tabs.tsx';
import type { UserLine } from '../service.ts';

type UserStatus = 'invited' | 'declined' | 'expired' | 'active' | 'deactivated';

/**
 * What a line of the Users tab shows as its status. An invitation still pending past its date is
 * "Expired" before housekeeping marks it so.
 */
export function statusOf(line: Pick<UserLine, 'kind' | 'status' | 'expiresAt'>, now: Date): UserStatus {
  if (line.kind === 'member') return line.status === 'active' ? 'active' : 'deactivated';
  if (line.status === 'declined') return 'declined';
  return line.status === 'expired' || (line.expiresAt && line.expiresAt <= now) ? 'expired' : 'invited';
}

export function UsersPage(props: {
  t: T;
  csrfToken: string;
  lines: UserLine[];
  total: number;
  page: number;
  pages: number;
  /** The first and last lines' cursors: "Previous" and "Next" start from them. */
  cursors: { first: string; last: string } | undefined;
  search: string;
  tabs: TabLink[];
  canManage: boolean;
  singleAdministrator: boolean;
  now: Date;
  message?: string | undefined;
  error?: string | undefined;
}) {
  const { t } = props;
  const query = (page: number, at?: PageLink) =>
    `/space/users?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page), ...at })}`;
  return (
    <>
      <h1>{t('spaces.profile.title')}</h1>
      <ProfileTabs t={t} current="users" tabs={props.tabs} />
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <ErrorSummary t={t} message={props.error} />
      <SecondAdministratorHint t={t} show={props.canManage && props.singleAdministrator} />
      <h2>{t('members.users.title')}</h2>
      <p>{t('members.users.intro')}</p>
      <SearchBar
        action="/space/users"
        label={t('members.users.search')}
        value={props.search}
        button={t('members.users.searchButton')}
        found={t('members.users.count', { count: props.total })}
        aside={
          props.canManage ? (
            <a class="button" href="/space/users/new">
              {t('members.users.add')}
            </a>
          ) : null
        }
      />
      <ListTable
        label={t('members.users.title')}
        columns={[
          t('members.users.user'),
          t('members.users.email'),
          t('members.users.certificate'),
          t('members.users.role'),
          t('members.users.status'),
          props.canManage ? <span class="visually-hidden">{t('members.users.manage')}</span> : null,
        ]}
      >
        {props.lines.map((line) => {
          const status = statusOf(line, props.now);
          const name = `${line.firstName} ${line.surname}`;
          return (
            <tr key={line.id}>
              <th scope="row">{name}</th>
              <td>{line.email}</td>
              <td class="mono nowrap">
                {formatCertificateNumber(line.certificateNumber)}
                {line.restricted ? <span class="hint">{t('members.users.restricted')}</span> : null}
              </td>
              <td>{t(`spaces.role.${line.role}`)}</td>
              <td>
                <span class={`status status-${status}`}>{t(`members.status.${status}`)}</span>
              </td>
              {props.canManage ? (
                <td>
                  <a
                    href={`/space/users/${line.kind === 'member' ? 'm' : 'i'}/${line.id}`}
                    aria-label={t('members.users.manageLabel', { name })}
                  >
                    {t('members.users.manage')}
                  </a>
                </td>
              ) : null}
            </tr>
          );
        })}
      </ListTable>
      <Pagination t={t} page={props.page} pages={props.pages} href={query} cursors={props.cursors} />
      <section aria-labelledby="leave">
        <h2 id="leave">{t('members.leave.title')}</h2>
        <p>{t('members.leave.intro')}</p>
        <form method="post" action="/space/leave">
          <CsrfField token={props.csrfToken} />
          <Actions>
            <button type="submit" class="button button-outline">
              {t('members.leave.button')}
            </button>
          </Actions>
        </form>
      </section>
    </>
  );
}
