import type { Lang, T } from '../../../platform/i18n/index.ts';
import {
  Actions,
  CsrfField,
  ErrorSummary,
  ListTable,
  type PageLink,
  Pagination,
  SearchBar,
} from '../../../platform/views/forms.tsx';
import { formatAccessCode } from '../rules.ts';
import type { AgentLine, MandateLine, ScopeOverview, ScopeWithAdministration } from '../service/context.ts';
import { AddAccess, type CodeFailure, fieldId, MainMandate } from './certifications.tsx';
import { identifierOf, scopeTitle, When } from './common.tsx';

const Breadcrumb = ({ t, lang, scope }: { t: T; lang: Lang; scope: ScopeWithAdministration }) => (
  <p class="breadcrumb">
    <a href="/space/certifications">{t('spaces.profile.tab.certifications')}</a> › {scopeTitle(lang, scope)}
  </p>
);

/** Search box of a list, keeping the page's address. */
/** One scope in full: its main mandate and every mandate obtained, searchable, page by page. */
export function ScopePage(props: {
  t: T;
  lang: Lang;
  csrfToken: string;
  summary: ScopeOverview;
  obtained: MandateLine[];
  total: number;
  page: number;
  pages: number;
  /** The first and last lines' cursors: "Previous" and "Next" start from them. */
  cursors?: { first: string; last: string } | undefined;
  search: string;
  canManage: boolean;
  now: Date;
  message?: string | undefined;
  failure?: CodeFailure | undefined;
}) {
  const { t, lang, summary } = props;
  const code = summary.scope.code;
  const base = `/space/certifications/${code}`;
  const href = (page: number, at?: PageLink) =>
    `${base}?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page), ...at })}`;
  return (
    <>
      <Breadcrumb t={t} lang={lang} scope={summary} />
      <ErrorSummary
        t={t}
        errors={props.failure ? { [fieldId(props.failure.kind, code)]: props.failure.message } : undefined}
      />
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <h1>{scopeTitle(lang, summary)}</h1>
      <MainMandate
        t={t}
        lang={lang}
        csrfToken={props.csrfToken}
        scope={summary}
        canManage={props.canManage}
        now={props.now}
        failure={props.failure}
        fromScope
      />
      <h2>{t('certification.obtained.title')}</h2>
      {props.canManage ? (
        <AddAccess t={t} csrfToken={props.csrfToken} scopeCode={code} failure={props.failure} fromScope />
      ) : null}
      <SearchBar
        action={base}
        label={t('certification.obtained.search')}
        value={props.search}
        button={t('certification.search')}
        found={t('certification.obtained.count', { count: props.total })}
      />
      {props.obtained.length > 0 ? (
        <ListTable
          label={t('certification.obtained.title')}
          columns={[
            t('certification.company'),
            t('certification.identifier'),
            t('certification.sinceColumn'),
            t('certification.validUntilColumn'),
            props.canManage ? <span class="visually-hidden">{t('certification.actions')}</span> : null,
          ]}
        >
          {props.obtained.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <a href={`/business-data/${code}/${m.entityId}`}>{m.entityName}</a>
              </th>
              <td class="nowrap">{identifierOf(t, m.scheme, m.value)}</td>
              <td class="nowrap">
                <When lang={lang} at={m.createdAt} />
              </td>
              <td class="nowrap">{m.validUntil ? <When lang={lang} at={m.validUntil} /> : '–'}</td>
              {props.canManage ? (
                <td>
                  <a
                    href={`${base}/m/${m.id}/give-up`}
                    aria-label={t('certification.giveUp.label', { entity: m.entityName })}
                  >
                    {t('certification.giveUp.link')}
                  </a>
                </td>
              ) : null}
            </tr>
          ))}
        </ListTable>
      ) : null}
      <Pagination t={t} page={props.page} pages={props.pages} href={href} cursors={props.cursors} />
    </>
  );
}

/** "Agents with access": who holds an agent mandate on the eSpace's own company. */
export function AgentsPage(props: {
  t: T;
  lang: Lang;
  scope: ScopeWithAdministration;
  lines: AgentLine[];
  total: number;
  page: number;
  pages: number;
  canManage: boolean;
  message?: string | undefined;
}) {
  const { t, lang } = props;
  const base = `/space/certifications/${props.scope.scope.code}/agents`;
  return (
    <>
      <Breadcrumb t={t} lang={lang} scope={props.scope} />
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <h1>{t('certification.agents.title')}</h1>
      <p>{t('certification.agents.intro')}</p>
      <p class="muted" role="status">
        {t('certification.agents.count', { count: props.total })}
      </p>
      {props.lines.length > 0 ? (
        <ListTable
          label={t('certification.agents.title')}
          columns={[
            t('certification.agents.space'),
            t('certification.agents.spaceId'),
            t('certification.sinceColumn'),
            props.canManage ? <span class="visually-hidden">{t('certification.actions')}</span> : null,
          ]}
        >
          {props.lines.map((a) => (
            <tr key={a.mandateId}>
              <th scope="row">{a.spaceName}</th>
              <td class="mono">{a.spaceIdentifier}</td>
              <td class="nowrap">
                <When lang={lang} at={a.since} />
              </td>
              {props.canManage ? (
                <td>
                  <a
                    href={`${base}/${a.mandateId}/revoke`}
                    aria-label={t('certification.revoke.label', { space: a.spaceName })}
                  >
                    {t('certification.revoke.link')}
                  </a>
                </td>
              ) : null}
            </tr>
          ))}
        </ListTable>
      ) : null}
      <Pagination t={t} page={props.page} pages={props.pages} href={(p) => `${base}?page=${p}`} />
    </>
  );
}

/** The agent code a holder just generated: shown once, printable as a letter from this page. */
export function AgentCodePage(props: {
  t: T;
  csrfToken: string;
  scope: ScopeWithAdministration;
  lang: Lang;
  id: string;
  code: string;
  reference: string;
}) {
  const { t } = props;
  const code = props.scope.scope.code;
  return (
    <div class="narrow">
      <Breadcrumb t={t} lang={props.lang} scope={props.scope} />
      <h1>{t('certification.agentCode.title')}</h1>
      <p class="notice">{t('certification.agentCode.once')}</p>
      <p>
        <span class="visually-hidden">{t('certification.agentCode.codeLabel')} </span>
        <strong class="access-code mono">{formatAccessCode(props.code)}</strong>
      </p>
      <p>
        {t('certification.agentCode.reference')} <strong class="mono">{props.reference}</strong>
      </p>
      <p>{t('certification.agentCode.give')}</p>
      <form method="post" action={`/space/certifications/${code}/agent-code/letter`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="id" value={props.id} />
        <input type="hidden" name="code" value={props.code} />
        <Actions>
          <button type="submit" class="button">
            {t('certification.agentCode.letter')}
          </button>
          <a href="/space/certifications">{t('certification.agentCode.done')}</a>
        </Actions>
      </form>
    </div>
  );
}
