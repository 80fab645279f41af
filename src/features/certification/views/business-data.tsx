import type { Lang, T } from '../../../platform/i18n/index.ts';
import {
  ListTable,
  type PageLink,
  Pagination,
  SearchBar,
  SummaryList,
} from '../../../platform/views/forms.tsx';
import { nameIn } from '../rules.ts';
import type { CatalogueEntry } from '../service/business-data.ts';
import type { EntityRow, MandateLine, ScopeWithAdministration } from '../service/context.ts';
import { blockId, identifierOf, scopeTitle, When } from './common.tsx';

/** The two marks of the catalogue, as the seed's legend shows them. */
function Mark({ t, available }: { t: T; available: boolean }) {
  return available ? (
    <span class="source-mark source-available">{t('certification.data.available')}</span>
  ) : (
    <span class="source-mark source-needed">{t('certification.data.needed')}</span>
  );
}

const Home = ({ t }: { t: T }) => (
  <p class="breadcrumb">
    <a href="/business-data">{t('certification.data.title')}</a>
  </p>
);

/** "My business data": the catalogue of authentic sources, grouped by category. */
export function CataloguePage(props: {
  t: T;
  lang: Lang;
  groups: { category: string; entries: CatalogueEntry[] }[];
}) {
  const { t, lang } = props;
  return (
    <>
      <h1>{t('certification.data.title')}</h1>
      <p class="lead">{t('certification.data.select')}</p>
      <p>{t('certification.data.intro')}</p>
      <ul class="legend" aria-label={t('certification.data.legend')}>
        <li>
          <Mark t={t} available={false} /> {t('certification.data.neededLegend')}
        </li>
        <li>
          <Mark t={t} available /> {t('certification.data.availableLegend')}
        </li>
      </ul>
      {props.groups.map((group) => (
        <section key={group.category} aria-labelledby={`category-${group.category}`}>
          <h2 id={`category-${group.category}`}>{t(`certification.category.${group.category}`)}</h2>
          <ul class="sources">
            {group.entries.map((entry) => (
              <li key={entry.scope.code}>
                <a
                  href={
                    entry.available
                      ? `/business-data/${entry.scope.code}`
                      : `/space/certifications?open=${entry.scope.code}#${blockId(entry.scope.code)}`
                  }
                >
                  {nameIn(entry.scope.sourceNames, lang)}
                </a>{' '}
                <span class="muted">{nameIn(entry.administration.names, lang)}</span>{' '}
                <Mark t={t} available={entry.available} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** One authentic source: the eSpace's own company and the companies it represents. */
export function SourcePage(props: {
  t: T;
  lang: Lang;
  scope: ScopeWithAdministration;
  own: MandateLine | undefined;
  ownExpired: boolean;
  clients: MandateLine[];
  total: number;
  page: number;
  pages: number;
  /** The first and last lines' cursors: "Previous" and "Next" start from them. */
  cursors?: { first: string; last: string } | undefined;
  search: string;
}) {
  const { t, lang } = props;
  const code = props.scope.scope.code;
  const base = `/business-data/${code}`;
  const href = (page: number, at?: PageLink) =>
    `${base}?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page), ...at })}`;
  return (
    <>
      <Home t={t} />
      <h1>{nameIn(props.scope.scope.sourceNames, lang)}</h1>
      <p class="muted">{scopeTitle(lang, props.scope)}</p>
      <h2>{t('certification.data.own')}</h2>
      {props.own ? (
        <p>
          <a href={`${base}/${props.own.entityId}`}>{props.own.entityName}</a>{' '}
          <span class="muted">{identifierOf(t, props.own.scheme, props.own.value)}</span>
        </p>
      ) : (
        <p>
          {props.ownExpired ? t('certification.data.ownExpired') : t('certification.data.ownNone')}{' '}
          <a href={`/space/certifications?open=${code}#${blockId(code)}`}>
            {t('certification.data.enterCode')}
          </a>
        </p>
      )}
      <h2>{t('certification.data.clients')}</h2>
      <SearchBar
        action={base}
        label={t('certification.obtained.search')}
        value={props.search}
        button={t('certification.search')}
        found={t('certification.obtained.count', { count: props.total })}
      />
      {props.clients.length > 0 ? (
        <ListTable
          label={t('certification.data.clients')}
          columns={[
            t('certification.company'),
            t('certification.identifier'),
            t('certification.sinceColumn'),
          ]}
        >
          {props.clients.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <a href={`${base}/${m.entityId}`}>{m.entityName}</a>
              </th>
              <td class="nowrap">{identifierOf(t, m.scheme, m.value)}</td>
              <td class="nowrap">
                <When lang={lang} at={m.createdAt} />
              </td>
            </tr>
          ))}
        </ListTable>
      ) : null}
      <Pagination t={t} page={props.page} pages={props.pages} href={href} cursors={props.cursors} />
    </>
  );
}

/** A company's certified data, as the administration's authentic source holds it. */
export function CertifiedDataPage(props: {
  t: T;
  lang: Lang;
  scope: ScopeWithAdministration;
  mandate: MandateLine;
  entity: EntityRow;
}) {
  const { t, lang, entity } = props;
  const rows: [string, string][] = [
    [t('certification.company'), entity.name],
    [t('certification.identifier'), identifierOf(t, entity.scheme, entity.value)],
    [
      t('certification.address'),
      `${entity.address.street}, ${entity.address.postcode} ${entity.address.city}, ${entity.address.country}`,
    ],
    ...Object.entries(entity.attributes).map(
      ([key, value]) =>
        [t(`certification.attribute.${key}`, { defaultValue: key }), value] as [string, string],
    ),
  ];
  return (
    <>
      <p class="breadcrumb">
        <a href="/business-data">{t('certification.data.title')}</a> ›{' '}
        <a href={`/business-data/${props.scope.scope.code}`}>{nameIn(props.scope.scope.sourceNames, lang)}</a>
      </p>
      <h1>{entity.name}</h1>
      <p class="muted">
        {t(`certification.data.through.${props.mandate.kind}`, { source: scopeTitle(lang, props.scope) })}
      </p>
      <SummaryList rows={rows} />
      <p class="hint">
        {t('certification.data.updated')} <When lang={lang} at={entity.updatedAt} />
      </p>
    </>
  );
}
