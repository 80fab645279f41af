import { formatDate } from '../../../platform/i18n/dates.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { ListTable, Pagination } from '../../../platform/views/forms.tsx';
import { formatCertificateNumber } from '../../identity/rules.ts';
import type { TabLink } from '../sections.ts';
import type { ActivityLine } from '../service.ts';
import { ProfileTabs } from './tabs.tsx';

/** Who acted: a person, the invitee who declined (never named, see answerInvitation), or Comptoir. */
const whoOf = (t: T, line: ActivityLine) =>
  line.surname
    ? `${line.firstName} ${line.surname}`
    : t(line.action === 'member.invitation_declined' ? 'spaces.activity.invitee' : 'spaces.activity.system');

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * What an event was about, from its recorded detail: the user concerned, the roles, the
 * fields of the information sheet, the certification. Events recorded before a detail existed
 * show their label only.
 */
export function detailOf(t: T, detail: Record<string, unknown> | null): string | undefined {
  const d = detail ?? {};
  const role = (value: unknown) => (text(value) ? t(`spaces.role.${value}`) : undefined);
  const fields = [
    ...(Array.isArray(d.fields) ? d.fields.filter((f) => typeof f === 'string') : []),
    ...(d.notificationEmail ? ['notificationEmail'] : []),
  ];
  const parts = [
    text(d.user),
    d.from && d.to ? `${role(d.from)} → ${role(d.to)}` : role(d.role),
    fields.length > 0 ? fields.map((f) => t(`spaces.profile.${f}`)).join(', ') : undefined,
    text(d.scope),
    text(d.reference),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export function ActivityPage(props: {
  t: T;
  lang: string;
  tabs: TabLink[];
  lines: ActivityLine[];
  page: number;
  pages: number;
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('spaces.profile.title')}</h1>
      <ProfileTabs t={t} current="activity" tabs={props.tabs} />
      <h2>{t('spaces.profile.tab.activity')}</h2>
      <ListTable
        label={t('spaces.profile.tab.activity')}
        columns={[
          t('spaces.activity.when'),
          t('spaces.activity.who'),
          t('spaces.activity.what'),
          t('spaces.activity.certificate'),
        ]}
      >
        {props.lines.map((line, i) => {
          const detail = detailOf(t, line.detail);
          return (
            <tr key={i}>
              <td class="nowrap">{formatDate(props.lang, line.at, 'dateTime')}</td>
              <td>{whoOf(t, line)}</td>
              <td>
                {t(`spaces.activity.action.${line.action}`, { defaultValue: line.action })}
                {detail ? (
                  <>
                    <br />
                    <span class="muted">{detail}</span>
                  </>
                ) : null}
              </td>
              <td class="mono nowrap">
                {line.certificateNumber ? formatCertificateNumber(line.certificateNumber) : ''}
              </td>
            </tr>
          );
        })}
      </ListTable>
      <Pagination t={t} page={props.page} pages={props.pages} href={(p) => `/space/activity?page=${p}`} />
    </>
  );
}
