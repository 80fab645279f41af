import { formatDate } from '../../../platform/i18n/dates.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { CsrfField, Pagination } from '../../../platform/views/forms.tsx';
import type { CommunicationView } from '../../notifications/service.ts';

/**
 * "My communications" of the selected eSpace: what others did, newest first; unread ones stand
 * out until the reader marks the ones shown as read.
 */
export function CommunicationsPage(props: {
  t: T;
  lang: string;
  csrfToken: string;
  spaceName: string;
  items: CommunicationView[];
  page: number;
  pages: number;
  message?: string | undefined;
}) {
  const { t } = props;
  const unread = props.items.filter((item) => item.unread);
  return (
    <>
      <h1>{t('communications.list.title')}</h1>
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <p>{t('communications.list.intro', { space: props.spaceName })}</p>
      {props.items.length === 0 ? (
        <p class="muted">{t('communications.list.empty')}</p>
      ) : (
        <ol class="communications">
          {props.items.map((item) => (
            <li key={item.id} class={item.unread ? 'unread' : undefined}>
              <time datetime={item.createdAt.toISOString()}>
                {formatDate(props.lang, item.createdAt, 'dateTime')}
              </time>
              {item.unread ? <span class="status status-active">{t('communications.list.new')}</span> : null}
              <p>{item.text}</p>
            </li>
          ))}
        </ol>
      )}
      {unread.length > 0 ? (
        <form method="post" action="/communications/read">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="page" value={String(props.page)} />
          {unread.map((item) => (
            <input key={item.id} type="hidden" name="id" value={item.id} />
          ))}
          <button type="submit" class="button button-outline">
            {t('communications.list.markRead')}
          </button>
        </form>
      ) : null}
      <Pagination t={t} page={props.page} pages={props.pages} href={(p) => `/communications?page=${p}`} />
    </>
  );
}
