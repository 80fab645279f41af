import { formatDate } from '../../../platform/i18n/dates.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { Pagination, TableScroll } from '../../../platform/views/forms.tsx';
import { formatCertificateNumber } from '../../identity/rules.ts';
import type { ActivityLine } from '../store.ts';
import { ProfileTabs } from './tabs.tsx';

/** Who acted: a person, the invitee who declined (never named, see answerInvitation), or Comptoir. */
const whoOf = (t: T, line: ActivityLine) =>
  line.surname
    ? `${line.firstName} ${line.surname}`
    : t(line.action === 'member.invitation_declined' ? 'spaces.activity.invitee' : 'spaces.activity.system');

export function ActivityPage(props: {
  t: T;
  lang: string;
  business: boolean;
  lines: ActivityLine[];
  page: number;
  pages: number;
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('spaces.profile.title')}</h1>
      <ProfileTabs t={t} current="activity" business={props.business} administrator />
      <h2>{t('spaces.profile.tab.activity')}</h2>
      <TableScroll label={t('spaces.profile.tab.activity')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('spaces.activity.when')}</th>
              <th scope="col">{t('spaces.activity.who')}</th>
              <th scope="col">{t('spaces.activity.what')}</th>
              <th scope="col">{t('spaces.activity.certificate')}</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((line, i) => (
              <tr key={i}>
                <td class="nowrap">{formatDate(props.lang, line.at, 'dateTime')}</td>
                <td>{whoOf(t, line)}</td>
                <td>{t(`spaces.activity.action.${line.action}`, { defaultValue: line.action })}</td>
                <td class="mono nowrap">
                  {line.certificateNumber ? formatCertificateNumber(line.certificateNumber) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pagination t={t} page={props.page} pages={props.pages} href={(p) => `/space/activity?page=${p}`} />
    </>
  );
}
