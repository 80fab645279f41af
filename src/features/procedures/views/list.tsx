import { formatDate } from '../../../platform/i18n/dates.ts';
import { langOr, type T } from '../../../platform/i18n/index.ts';
import { ListTable, PreviousNext, SearchBar } from '../../../platform/views/forms.tsx';
import type { myProcedures } from '../service/lists.ts';
import { listedStates, listOrders } from '../service/lists.ts';

type ListResult = Awaited<ReturnType<typeof myProcedures>>;
export type ListItem = ListResult['items'][number];

/** The statuses always offered as filters; the later ones show once the eSpace has one. */
const alwaysShown = new Set(['draft', 'transmitted']);

/** A person's name as lines show it, or a dash when the person is gone. */
export const personOf = (by: { firstName: string; surname: string } | null | undefined) =>
  by ? `${by.firstName} ${by.surname}` : '–';

/**
 * "My procedures": the eSpace's procedures, one line each, filtered by status (with the eSpace's
 * counts), sorted, searched, and paged by keyset ("Previous", "Next").
 */
export function ListPage(props: {
  t: T;
  lang: string;
  spaceName: string;
  result: ListResult;
  q: string;
  message?: string | undefined;
}) {
  const { t, result } = props;
  const lang = langOr(props.lang);
  const link = (values: { status?: string | undefined; after?: string; before?: string }) => {
    const query = new URLSearchParams();
    if (values.status) query.set('status', values.status);
    if (result.order !== 'changed') query.set('order', result.order);
    if (props.q) query.set('q', props.q);
    if (values.after) query.set('after', values.after);
    if (values.before) query.set('before', values.before);
    const text = query.toString();
    return text ? `/procedures?${text}` : '/procedures';
  };
  const filters = [
    { status: undefined, label: t('procedures.list.all'), count: result.totals.all },
    ...listedStates
      .filter((s) => alwaysShown.has(s) || result.totals[s] > 0 || result.status === s)
      .map((s) => ({ status: s, label: t(`procedures.status.${s}`), count: result.totals[s] })),
  ];
  const shownTotal = result.status ? result.totals[result.status] : result.totals.all;
  const empty = result.totals.all === 0;
  return (
    <>
      <h1>{t('procedures.list.title')}</h1>
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <p>{t('procedures.list.intro', { space: props.spaceName })}</p>
      {empty ? (
        <div class="notice">
          <h2>{t('procedures.list.emptyTitle')}</h2>
          <p>{t('procedures.list.emptyText')}</p>
          <p>
            <a class="button" href="/procedures/new">
              {t('procedures.menu.new')}
            </a>
          </p>
        </div>
      ) : (
        <>
          <nav class="tabs" aria-label={t('procedures.list.filter')}>
            <ul>
              {filters.map((filter) => (
                <li key={filter.status ?? 'all'}>
                  <a
                    href={link({ status: filter.status })}
                    aria-current={filter.status === result.status ? 'page' : undefined}
                  >
                    {filter.label} <span class="muted">({filter.count})</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <SearchBar
            action="/procedures"
            label={t('procedures.list.search')}
            value={props.q}
            button={t('procedures.list.searchButton')}
            found={
              props.q
                ? t('procedures.list.foundFor', { q: props.q })
                : t('procedures.list.count', { count: shownTotal })
            }
            filters={
              <>
                {result.status ? <input type="hidden" name="status" value={result.status} /> : null}
                <div class="field">
                  <label for="order">{t('procedures.list.order')}</label>
                  <select id="order" name="order">
                    {listOrders.map((order) => (
                      <option key={order} value={order} selected={order === result.order}>
                        {t(`procedures.list.orderBy.${order}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </>
            }
            aside={
              <a class="button" href="/procedures/new">
                {t('procedures.menu.new')}
              </a>
            }
          />
          {result.items.length === 0 ? (
            <p>{t('procedures.list.none')}</p>
          ) : (
            <ListTable
              label={t('procedures.list.title')}
              columns={[
                t('procedures.list.name'),
                t('procedures.list.procedure'),
                t('procedures.list.subject'),
                t('procedures.list.reference'),
                t('procedures.list.status'),
                t('procedures.list.changed'),
              ]}
            >
              {result.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <a href={`/procedures/${item.id}`}>{item.name}</a>
                  </th>
                  <td>
                    {item.title[lang]}
                    <span class="hint mono">
                      {item.code} · v{item.version}
                    </span>
                  </td>
                  <td>
                    {item.subject ? (
                      <>
                        {item.subject.name}
                        <span class="hint mono">{item.subject.value}</span>
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td class="mono nowrap">{item.reference ?? '–'}</td>
                  <td>
                    <span class={`status status-procedure-${item.status}`}>
                      {t(`procedures.status.${item.status}`)}
                    </span>
                  </td>
                  <td>
                    <time datetime={item.updatedAt.toISOString()} class="nowrap">
                      {formatDate(lang, item.updatedAt, 'dateTime')}
                    </time>
                    <span class="hint">{t('procedures.list.by', { name: personOf(item.updatedBy) })}</span>
                  </td>
                </tr>
              ))}
            </ListTable>
          )}
          <PreviousNext
            t={t}
            previous={result.previous && link({ status: result.status, before: result.previous })}
            next={result.next && link({ status: result.status, after: result.next })}
          />
        </>
      )}
    </>
  );
}
