import type { T } from '../../../platform/i18n/index.ts';

export type ProfileTab = 'sheet' | 'users' | 'certifications' | 'activity';

/**
 * The tabs of "My eSpace profile": Users and Certifications only in a business eSpace, Activity
 * only for Administrators.
 */
export function ProfileTabs(props: { t: T; current: ProfileTab; business: boolean; administrator: boolean }) {
  const { t } = props;
  const tabs: [ProfileTab, string][] = [['sheet', '/space/profile']];
  if (props.business) tabs.push(['users', '/space/users'], ['certifications', '/space/certifications']);
  if (props.administrator) tabs.push(['activity', '/space/activity']);
  return (
    <nav class="tabs" aria-label={t('spaces.profile.tabs')}>
      <ul>
        {tabs.map(([tab, href]) => (
          <li key={tab}>
            <a href={href} aria-current={tab === props.current ? 'page' : undefined}>
              {t(`spaces.profile.tab.${tab}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Rule 8: while one Administrator is left, Administrators are told to designate a second. */
export function SecondAdministratorHint({ t, show }: { t: T; show: boolean }) {
  if (!show) return null;
  return (
    <p class="notice" data-recommendation="second-administrator">
      {t('spaces.profile.secondAdministrator')}{' '}
      <a href="/space/users/new">{t('spaces.profile.secondAdministratorLink')}</a>
    </p>
  );
}
