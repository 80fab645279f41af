import type { Lang, T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  ListTable,
  Pagination,
  Radios,
  RequiredNote,
  SearchBar,
} from '../../../platform/views/forms.tsx';
import { formatAccessCode, nameIn } from '../rules.ts';
import type { IssuedCode } from '../service/codes.ts';
import type { AdministrationRow, CodeLine, ScopeWithAdministration } from '../service/context.ts';
import { type CodeStateFilter, codeStates, ENTITIES_INPUT_MAX } from '../service/officers.ts';
import { identifierOf, When } from './common.tsx';

type Filter = { state?: CodeStateFilter | undefined; scope?: string | undefined; search: string };

/** The administration's access codes, newest first, filtered by state, scope, company or reference. */
export function CodesPage(props: {
  t: T;
  lang: Lang;
  administration: AdministrationRow;
  scopes: ScopeWithAdministration[];
  lines: (CodeLine & { state: CodeStateFilter })[];
  total: number;
  page: number;
  pages: number;
  filter: Filter;
  message?: string | undefined;
}) {
  const { t, lang, filter } = props;
  const base = `/backoffice/${props.administration.code}/codes`;
  const href = (page: number) =>
    `${base}?${new URLSearchParams({
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.scope ? { scope: filter.scope } : {}),
      ...(filter.search ? { q: filter.search } : {}),
      page: String(page),
    })}`;
  return (
    <>
      <p class="breadcrumb">
        <a href="/backoffice">{t('backoffice.title')}</a> › {nameIn(props.administration.names, lang)}
      </p>
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <h1>{t('certification.office.codes.title')}</h1>
      <p>
        <a class="button" href={`${base}/new`}>
          {t('certification.office.codes.issue')}
        </a>
      </p>
      <SearchBar
        action={base}
        label={t('certification.office.codes.search')}
        value={filter.search}
        button={t('certification.office.codes.filter')}
        found={t('certification.office.codes.count', { count: props.total })}
        filters={
          <>
            <div class="field">
              <label for="state">{t('certification.office.codes.state')}</label>
              <select id="state" name="state">
                <option value="">{t('certification.office.codes.all')}</option>
                {codeStates.map((state) => (
                  <option key={state} value={state} selected={filter.state === state}>
                    {t(`certification.office.state.${state}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="scope">{t('certification.office.codes.scope')}</label>
              <select id="scope" name="scope">
                <option value="">{t('certification.office.codes.all')}</option>
                {props.scopes.map((s) => (
                  <option key={s.scope.code} value={s.scope.code} selected={filter.scope === s.scope.code}>
                    {s.scope.code}
                  </option>
                ))}
              </select>
            </div>
          </>
        }
      />
      {props.lines.length > 0 ? (
        <ListTable
          label={t('certification.office.codes.title')}
          columns={[
            t('certification.office.codes.reference'),
            t('certification.office.codes.company'),
            t('certification.office.codes.scope'),
            t('certification.office.codes.kind'),
            t('certification.office.codes.issuedAt'),
            t('certification.office.codes.state'),
            <span class="visually-hidden">{t('certification.office.codes.actions')}</span>,
          ]}
        >
          {props.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row" class="mono nowrap">
                {line.reference}
              </th>
              <td>
                {line.entityName}
                <span class="hint">{identifierOf(t, line.entityScheme, line.entityValue)}</span>
              </td>
              <td class="mono">{line.scopeCode}</td>
              <td>{t(`certification.office.kind.${line.kind}`)}</td>
              <td class="nowrap">
                <When lang={lang} at={line.issuedAt} />
              </td>
              <td>
                <span class={`status status-${line.state}`}>
                  {t(`certification.office.state.${line.state}`)}
                </span>
                {line.state === 'used' && line.usedBySpace ? (
                  <span class="hint mono">{line.usedBySpace}</span>
                ) : null}
                {line.state === 'issued' && line.expiresAt ? (
                  <span class="hint">
                    {t('certification.office.codes.until')} <When lang={lang} at={line.expiresAt} />
                  </span>
                ) : null}
              </td>
              <td>
                {line.state === 'issued' || line.state === 'used' ? (
                  <a
                    href={`${base}/${line.id}/revoke`}
                    aria-label={t('certification.office.revoke.label', { reference: line.reference })}
                  >
                    {t('certification.office.revoke.link')}
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </ListTable>
      ) : null}
      <Pagination t={t} page={props.page} pages={props.pages} href={href} />
    </>
  );
}

export type IssueValues = { scope?: string; kind?: string; entities?: string; expiresOn?: string };

/** Issue access codes: one per company listed, all in one go, letters ready right after. */
export function IssueCodesPage(props: {
  t: T;
  lang: Lang;
  csrfToken: string;
  administration: AdministrationRow;
  scopes: ScopeWithAdministration[];
  values: IssueValues;
  errors?: FieldErrors | undefined;
}) {
  const { t, lang, values, errors } = props;
  const base = `/backoffice/${props.administration.code}/codes`;
  return (
    <div class="narrow">
      <ErrorSummary t={t} errors={errors} />
      <p class="breadcrumb">
        <a href={base}>{t('certification.office.codes.title')}</a>
      </p>
      <h1>{t('certification.office.issue.title')}</h1>
      <RequiredNote t={t} />
      <form method="post" action={`${base}/new`} novalidate>
        <CsrfField token={props.csrfToken} once />
        <Radios
          name="scope"
          legend={t('certification.office.issue.scope')}
          required
          value={values.scope}
          error={errors?.scope}
          options={props.scopes.map((s) => {
            const name = nameIn(s.scope.names, lang);
            return {
              value: s.scope.code,
              label: name,
              ...(name === s.scope.code ? {} : { hint: s.scope.code }),
            };
          })}
        />
        <Radios
          name="kind"
          legend={t('certification.office.issue.kind')}
          required
          value={values.kind ?? 'holder'}
          error={errors?.kind}
          options={(['holder', 'agent'] as const).map((kind) => ({
            value: kind,
            label: t(`certification.office.kind.${kind}`),
            hint: t(`certification.office.issue.kindHint.${kind}`),
          }))}
        />
        <div class={`field${errors?.entities ? ' field-error' : ''}`}>
          <label for="entities">
            {t('certification.office.issue.entities')}
            <span aria-hidden="true"> *</span>
          </label>
          <p class="hint" id="entities-hint">
            {t('certification.office.issue.entitiesHint')}
          </p>
          {errors?.entities ? (
            <p class="error-message" id="entities-error">
              {errors.entities}
            </p>
          ) : null}
          <textarea
            id="entities"
            name="entities"
            rows={6}
            class="input-full mono"
            required
            aria-required="true"
            aria-invalid={errors?.entities ? 'true' : undefined}
            aria-describedby={errors?.entities ? 'entities-hint entities-error' : 'entities-hint'}
            spellcheck={false}
            maxLength={ENTITIES_INPUT_MAX}
          >
            {values.entities ?? ''}
          </textarea>
        </div>
        <div class={`field${errors?.expiresOn ? ' field-error' : ''}`}>
          <label for="expiresOn">{t('certification.office.issue.expiresOn')}</label>
          <p class="hint" id="expiresOn-hint">
            {t('certification.office.issue.expiresOnHint')}
          </p>
          {errors?.expiresOn ? (
            <p class="error-message" id="expiresOn-error">
              {errors.expiresOn}
            </p>
          ) : null}
          <input
            id="expiresOn"
            name="expiresOn"
            type="date"
            value={values.expiresOn ?? ''}
            aria-invalid={errors?.expiresOn ? 'true' : undefined}
            aria-describedby={errors?.expiresOn ? 'expiresOn-hint expiresOn-error' : 'expiresOn-hint'}
          />
        </div>
        <Actions>
          <button type="submit" class="button">
            {t('certification.office.issue.submit')}
          </button>
          <a href={base}>{t('certification.office.cancel')}</a>
        </Actions>
      </form>
    </div>
  );
}

/**
 * The codes just issued: shown this once, with their letters to download from this page (the
 * codes travel back with the request; the database only has their hashes).
 */
export function IssuedCodesPage(props: {
  t: T;
  csrfToken: string;
  administration: AdministrationRow;
  issued: IssuedCode[];
  held: Set<string>;
}) {
  const { t } = props;
  const base = `/backoffice/${props.administration.code}`;
  const held = props.issued.filter((i) => props.held.has(i.entity.id));
  return (
    <>
      <h1>{t('certification.office.issued.title', { count: props.issued.length })}</h1>
      <p class="notice">{t('certification.office.issued.once')}</p>
      {held.length > 0 ? (
        <div class="notice">
          <p>{t('certification.office.issued.held')}</p>
          <ul>
            {held.map((i) => (
              <li key={i.row.id}>
                {i.entity.name} ({identifierOf(t, i.entity.scheme, i.entity.value)}) – {i.row.reference}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${base}/letters`}>
        <CsrfField token={props.csrfToken} />
        {props.issued.map((i) => (
          <>
            <input type="hidden" name="id" value={i.row.id} />
            <input type="hidden" name="code" value={i.code} />
          </>
        ))}
        <Actions>
          <button type="submit" class="button">
            {t('certification.office.issued.letters', { count: props.issued.length })}
          </button>
          <a href={`${base}/codes`}>{t('certification.office.issued.done')}</a>
        </Actions>
      </form>
      <ListTable
        label={t('certification.office.issued.table')}
        columns={[
          t('certification.office.codes.reference'),
          t('certification.office.codes.company'),
          t('certification.office.codes.kind'),
          t('certification.office.issued.code'),
        ]}
      >
        {props.issued.map((i) => (
          <tr key={i.row.id}>
            <th scope="row" class="mono nowrap">
              {i.row.reference}
            </th>
            <td>
              {i.entity.name}
              <span class="hint">{identifierOf(t, i.entity.scheme, i.entity.value)}</span>
            </td>
            <td>{t(`certification.office.kind.${i.row.kind}`)}</td>
            <td class="mono nowrap" data-code>
              {formatAccessCode(i.code)}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
