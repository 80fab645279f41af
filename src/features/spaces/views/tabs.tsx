import type { T } from '../../../platform/i18n/index.ts';
import type { TabLink } from '../sections.ts';

/** The tabs of "My eSpace profile" the member sees (the features register them: sections.ts). */
export function ProfileTabs(props: { t: T; current: string; tabs: TabLink[] }) {
  const { t } = props;
  return (
    <nav class="tabs" aria-label={t('spaces.profile.tabs')}>
      <ul>
        {props.tabs.map((tab) => (
          <li key={tab.key}>
            <a href={tab.href} aria-current={tab.key === props.current ? 'page' : undefined}>
              {tab.label}
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
