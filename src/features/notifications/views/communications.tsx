import { formatDate } from '../../../platform/i18n/dates.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { Pagination } from '../../../platform/views/forms.tsx';
import type { CommunicationView } from '../service.ts';

/** "My communications" of the selected eSpace: what others did, newest first; unread ones stand out. */
export function CommunicationsPage(props: {
  t: T;
  lang: string;
  spaceName: string;
  items: CommunicationView[];
  page: number;
  pages: number;
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('notifications.list.title')}</h1>
      <p>{t('notifications.list.intro', { space: props.spaceName })}</p>
      {props.items.length === 0 ? (
        <p class="muted">{t('notifications.list.empty')}</p>
      ) : (
        <ol class="communications">
          {props.items.map((item) => (
            <li key={item.id} class={item.unread ? 'unread' : undefined}>
              <time datetime={item.createdAt.toISOString()}>
                {formatDate(props.lang, item.createdAt, 'dateTime')}
              </time>
              {item.unread ? <span class="status status-active">{t('notifications.list.new')}</span> : null}
              <p>{item.text}</p>
            </li>
          ))}
        </ol>
      )}
      <Pagination t={t} page={props.page} pages={props.pages} href={(p) => `/communications?page=${p}`} />
    </>
  );
}
