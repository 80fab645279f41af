import type { Lang, T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type PageLink,
  Pagination,
  Radios,
  SearchBar,
  SummaryList,
} from '../../../platform/views/forms.tsx';
import { blockId, identifierOf } from '../../certification/views/common.tsx';
import { amountIn } from '../definition/display.ts';
import type { Fee } from '../definition/types.ts';
import { CATALOGUE_LIMIT, type CatalogueEntry } from '../service/catalogue.ts';
import type { CatalogueFilters, ProcedureSheet, SpaceCatalogue } from '../service/new-procedure.ts';

/**
 * "New procedure": the catalogue of the eSpace's kind, searched and filtered with a GET form
 * (a search is a URL), and a procedure's sheet with its "Create" button, which asks first
 * "For which company?" when the procedure needs a certification.
 */

export type CatalogueSearch = { q: string; administration: string; theme: string };

const certificationsHref = (scopeCode: string) =>
  `/space/certifications?open=${encodeURIComponent(scopeCode)}#${blockId(scopeCode)}`;

/** Whether the eSpace holds the certification a procedure needs, and where to get it when it does not. */
function CertificationStatus({
  t,
  scope,
  held,
}: {
  t: T;
  scope: { code: string; name: string };
  held: boolean;
}) {
  return held ? (
    <p class="certification certification-held">
      {t('procedures.catalogue.certification.held', { scope: scope.name })}
    </p>
  ) : (
    <p class="certification certification-missing">
      {t('procedures.catalogue.certification.missing', { scope: scope.name })}{' '}
      <a href={certificationsHref(scope.code)}>{t('procedures.catalogue.certification.go')}</a>
    </p>
  );
}

function FilterSelect(props: {
  name: string;
  label: string;
  all: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={props.value === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ t, filters, search }: { t: T; filters: CatalogueFilters; search: CatalogueSearch }) {
  return (
    <>
      <FilterSelect
        name="administration"
        label={t('procedures.catalogue.administration')}
        all={t('procedures.catalogue.allAdministrations')}
        value={search.administration}
        options={filters.administrations.map((a) => ({ value: a.code, label: `${a.code} – ${a.name}` }))}
      />
      <FilterSelect
        name="theme"
        label={t('procedures.catalogue.theme')}
        all={t('procedures.catalogue.allThemes')}
        value={search.theme}
        options={filters.themes.map((theme) => ({ value: theme.theme, label: theme.label }))}
      />
    </>
  );
}

function Entry({ t, entry, held }: { t: T; entry: CatalogueEntry; held: Set<string> }) {
  const scope = entry.certificationScope;
  return (
    <li>
      <a class="procedure-title" href={`/procedures/new/${entry.code}`}>
        {entry.title}
      </a>
      <p>{entry.description}</p>
      <p class="muted">
        {t('procedures.catalogue.processing', { count: entry.processingDays })} ·{' '}
        <span class="mono">{entry.code}</span>
      </p>
      {scope ? <CertificationStatus t={t} scope={scope} held={held.has(scope.id)} /> : null}
    </li>
  );
}

/** The catalogue page: search and filters, then the procedures by administration and theme. */
export function CataloguePage(props: { t: T; search: CatalogueSearch } & SpaceCatalogue) {
  const { t, search, catalogue, held } = props;
  const filtered = Boolean(search.q || search.administration || search.theme);
  // The number is shown only when it is the whole answer (the catalogue stops at its limit).
  const found = catalogue.truncated
    ? t('procedures.catalogue.truncated', { limit: CATALOGUE_LIMIT })
    : catalogue.count === 0
      ? t(filtered ? 'procedures.catalogue.noMatch' : 'procedures.catalogue.empty')
      : t('procedures.catalogue.count', { count: catalogue.count });
  return (
    <>
      <h1>{t('procedures.menu.new')}</h1>
      <p class="lead">{t('procedures.catalogue.intro')}</p>
      <div class="catalogue-search">
        <SearchBar
          action="/procedures/new"
          label={t('procedures.catalogue.search')}
          value={search.q}
          button={t('procedures.catalogue.searchButton')}
          found={found}
          filters={<Filters t={t} filters={props.filters} search={search} />}
        />
      </div>
      {filtered && catalogue.count === 0 ? <p>{t('procedures.catalogue.noMatchHint')}</p> : null}
      {filtered ? (
        <p>
          <a href="/procedures/new">{t('procedures.catalogue.clear')}</a>
        </p>
      ) : null}
      {catalogue.administrations.map((administration) => (
        <section key={administration.code} aria-labelledby={`administration-${administration.code}`}>
          <h2 id={`administration-${administration.code}`}>
            {administration.name} <span class="muted">({administration.code})</span>
          </h2>
          {administration.themes.map((theme) => (
            <section key={theme.theme} aria-label={`${theme.label} – ${administration.code}`}>
              <h3>{theme.label}</h3>
              <ul class="procedure-list">
                {theme.entries.map((entry) => (
                  <Entry key={entry.code} t={t} entry={entry} held={held} />
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </>
  );
}

function feeIn(t: T, lang: Lang, fee: Fee): string {
  if ('logic' in fee) return t('procedures.catalogue.sheet.feeCalculated');
  return fee.cents === 0 ? t('procedures.catalogue.sheet.free') : amountIn(lang, fee.cents);
}

/** Where the sheet's search and pages are: the form posts there, so that an error shows the same page. */
export type SheetAt = {
  search: string;
  page: number;
  after?: string | undefined;
  before?: string | undefined;
};

/** A procedure's sheet, "For which company?" when it needs a certification, and "Create". */
export function SheetPage(
  props: {
    t: T;
    lang: Lang;
    csrfToken: string;
    at: SheetAt;
    /** The company posted, kept checked when the form comes back with an error. */
    chosen?: string | undefined;
    error?: string | undefined;
  } & ProcedureSheet,
) {
  const { t, lang, definition, subjects, scope, at } = props;
  const base = `/procedures/new/${props.code}`;
  const query = new URLSearchParams({
    ...(at.search ? { q: at.search } : {}),
    ...(at.page > 1 ? { page: String(at.page) } : {}),
    ...(at.after ? { after: at.after } : {}),
    ...(at.before ? { before: at.before } : {}),
  }).toString();
  const action = query ? `${base}?${query}` : base;
  const held = subjects.needed && !subjects.none;
  // The error goes beside the companies offered; with none on the page, it stands alone.
  const offered = held && (subjects.own !== undefined || subjects.clients.length > 0);
  const rows: [string, string][] = [
    [t('procedures.catalogue.administration'), `${props.administration.name} (${props.administration.code})`],
    [t('procedures.catalogue.theme'), t(`procedures.theme.${definition.theme}`)],
    [
      t('procedures.catalogue.sheet.code'),
      t('procedures.catalogue.sheet.codeValue', { code: props.code, version: props.version }),
    ],
    [
      t('procedures.catalogue.sheet.processing'),
      t('procedures.catalogue.sheet.days', { count: definition.processingDays }),
    ],
    [t('procedures.catalogue.sheet.fee'), feeIn(t, lang, definition.fee)],
    [
      t('procedures.catalogue.sheet.signature'),
      t(`procedures.catalogue.sheet.policy.${definition.signature.policy}`),
    ],
    [
      t('procedures.catalogue.sheet.certification'),
      scope
        ? t(
            held
              ? 'procedures.catalogue.sheet.certificationHeld'
              : 'procedures.catalogue.sheet.certificationMissing',
            {
              scope: scope.name,
            },
          )
        : t('procedures.catalogue.sheet.noCertification'),
    ],
  ];
  const create = (
    <>
      <p class="hint">{t('procedures.catalogue.sheet.createHint')}</p>
      <Actions>
        <button type="submit" class="button">
          {t('procedures.catalogue.sheet.create')}
        </button>
      </Actions>
    </>
  );
  return (
    <>
      <p class="breadcrumb">
        <a href="/procedures/new">{t('procedures.menu.new')}</a>
      </p>
      <ErrorSummary
        t={t}
        errors={props.error && offered ? { subject: props.error } : undefined}
        message={props.error && !offered ? props.error : undefined}
      />
      <h1>{definition.title[lang]}</h1>
      <p class="lead">{definition.description[lang]}</p>
      <SummaryList rows={rows} />
      <h2>{t('procedures.catalogue.sheet.steps')}</h2>
      <ol class="steps">
        {definition.steps.map((step) => (
          <li key={step.id}>{step.title[lang]}</li>
        ))}
      </ol>
      {!subjects.needed ? (
        <form method="post" action={action}>
          <CsrfField token={props.csrfToken} once />
          {create}
        </form>
      ) : subjects.none ? (
        <div class="notice">
          <p>{t('procedures.catalogue.subject.none', { scope: scope?.name ?? subjects.scope })}</p>
          <p>
            <a href={certificationsHref(subjects.scope)}>{t('procedures.catalogue.certification.go')}</a>
          </p>
        </div>
      ) : (
        <SubjectForm {...props} subjects={subjects} base={base} action={action} create={create} />
      )}
    </>
  );
}

function SubjectForm(
  props: Parameters<typeof SheetPage>[0] & {
    subjects: Extract<ProcedureSheet['subjects'], { needed: true }>;
    base: string;
    action: string;
    create: preact.JSX.Element;
  },
) {
  const { t, subjects, at } = props;
  const href = (page: number, link?: PageLink) =>
    `${props.base}?${new URLSearchParams({ ...(at.search ? { q: at.search } : {}), page: String(page), ...link })}`;
  const options = [
    ...(subjects.own
      ? [
          {
            value: subjects.own.entityId,
            label: subjects.own.entityName,
            hint: `${identifierOf(t, subjects.own.scheme, subjects.own.value)} · ${t('procedures.catalogue.subject.own')}`,
          },
        ]
      : []),
    ...subjects.clients.map((client) => ({
      value: client.entityId,
      label: client.entityName,
      hint: `${identifierOf(t, client.scheme, client.value)} · ${t('procedures.catalogue.subject.client')}`,
    })),
  ];
  const found = at.search
    ? t('procedures.catalogue.subject.found', { count: subjects.total })
    : t('procedures.catalogue.subject.count', { count: subjects.total });
  return (
    <>
      <h2>{t('procedures.catalogue.subject.title')}</h2>
      <p>{t('procedures.catalogue.subject.intro', { scope: props.scope?.name ?? subjects.scope })}</p>
      {subjects.pages > 1 || at.search ? (
        <SearchBar
          action={props.base}
          label={t('procedures.catalogue.subject.search')}
          value={at.search}
          button={t('procedures.catalogue.searchButton')}
          found={found}
        />
      ) : null}
      {at.search && subjects.total === 0 ? (
        <p>
          {t('procedures.catalogue.subject.noMatch')}{' '}
          <a href={props.base}>{t('procedures.catalogue.subject.all')}</a>
        </p>
      ) : null}
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} once />
        {options.length > 0 ? (
          <Radios
            name="subject"
            legend={t('procedures.catalogue.subject.legend')}
            options={options}
            value={props.chosen}
            error={props.error}
            required
          />
        ) : null}
        <Pagination
          t={t}
          page={subjects.page}
          pages={subjects.pages}
          href={href}
          cursors={subjects.cursors}
        />
        {options.length > 0 ? props.create : null}
      </form>
    </>
  );
}
