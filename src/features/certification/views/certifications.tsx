import type { Lang, T } from '../../../platform/i18n/index.ts';
import { Actions, CsrfField, ErrorSummary, TextField } from '../../../platform/views/forms.tsx';
import type { TabLink } from '../../spaces/sections.ts';
import { ProfileTabs } from '../../spaces/views/tabs.tsx';
import { ACCESS_CODE_INPUT_MAX, mandateIsActive, nameIn } from '../rules.ts';
import type { MandateLine, ScopeOverview } from '../service/context.ts';
import { blockId, identifierOf, scopeTitle, When } from './common.tsx';

/** A code the form sent back refused: which block, which field, what was typed. */
export type CodeFailure = { scopeCode: string; kind: 'holder' | 'agent'; message: string; typed: string };

export const fieldId = (kind: 'holder' | 'agent', scopeCode: string) => `code-${kind}-${scopeCode}`;

/** The form of one code (holder or agent) in a scope's block. */
function CodeForm(props: {
  t: T;
  csrfToken: string;
  scopeCode: string;
  kind: 'holder' | 'agent';
  failure?: CodeFailure | undefined;
  /** The scope's own page, where the form comes back to. */
  fromScope?: boolean | undefined;
}) {
  const { t, scopeCode, kind } = props;
  const failed =
    props.failure?.scopeCode === scopeCode && props.failure.kind === kind ? props.failure : undefined;
  return (
    <form method="post" action={`/space/certifications/${scopeCode}/${kind}`} novalidate>
      <CsrfField token={props.csrfToken} once />
      {props.fromScope ? <input type="hidden" name="from" value="scope" /> : null}
      <TextField
        name="code"
        id={fieldId(kind, scopeCode)}
        label={t(`certification.${kind}.codeLabel`)}
        hint={t('certification.codeHint')}
        value={failed?.typed}
        error={failed?.message}
        required
        autocomplete="off"
        width="medium"
        maxLength={ACCESS_CODE_INPUT_MAX}
      />
      <Actions>
        <button type="submit" class="button">
          {t('certification.confirm')}
        </button>
      </Actions>
    </form>
  );
}

export type MainMandateProps = {
  t: T;
  lang: Lang;
  csrfToken: string;
  scope: ScopeOverview;
  canManage: boolean;
  now: Date;
  failure?: CodeFailure | undefined;
  /** On the scope's own page, where the form comes back to. */
  fromScope?: boolean | undefined;
};

/** "Main mandate": the company the eSpace is certified for, or the holder code to type. */
export function MainMandate(props: MainMandateProps) {
  const { t, lang, scope } = props;
  const code = scope.scope.code;
  const holder = scope.holder;
  const active = holder && mandateIsActive({ endedAt: null, validUntil: holder.validUntil }, props.now);
  // Under the scope's h2 in the Certifications tab; right under the h1 on the scope's own page.
  const Heading = props.fromScope ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`${blockId(code)}-main`}>
      <Heading id={`${blockId(code)}-main`}>{t('certification.holder.title')}</Heading>
      {active ? (
        <>
          <p class="notice notice-success">
            {t('certification.holder.certified', {
              entity: holder.entityName,
              identifier: identifierOf(t, holder.scheme, holder.value),
            })}{' '}
            <span class="muted">
              {t('certification.since')} <When lang={lang} at={holder.createdAt} />
              {holder.validUntil ? (
                <>
                  {' · '}
                  {t('certification.validUntil')} <When lang={lang} at={holder.validUntil} />
                </>
              ) : null}
            </span>
          </p>
          <p>
            <a href={`/business-data/${code}/${holder.entityId}`}>{t('certification.holder.seeData')}</a>
            {' · '}
            <a href={`/space/certifications/${code}/agents`}>
              {t('certification.agents.count', { count: scope.agents })}
            </a>
            {props.canManage ? (
              <>
                {' · '}
                <a href={`/space/certifications/${code}/m/${holder.id}/give-up`}>
                  {t('certification.giveUp.holder.link')}
                </a>
              </>
            ) : null}
          </p>
          {props.canManage ? (
            <form method="post" action={`/space/certifications/${code}/agent-code`}>
              <CsrfField token={props.csrfToken} once />
              <p class="hint">{t('certification.agentCode.intro')}</p>
              <button type="submit" class="button button-outline">
                {t('certification.agentCode.generate')}
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <>
          {holder?.validUntil ? (
            <p class="notice">
              {t('certification.holder.ended')} <When lang={lang} at={holder.validUntil} />.{' '}
              {t('certification.holder.newPeriod')}
            </p>
          ) : null}
          <p>{t('certification.holder.intro')}</p>
          <p>{t('certification.allUsers')}</p>
          {props.canManage ? (
            <CodeForm
              t={t}
              csrfToken={props.csrfToken}
              scopeCode={code}
              kind="holder"
              failure={props.failure}
              fromScope={props.fromScope}
            />
          ) : (
            <p class="hint">{t('certification.askAdministrator')}</p>
          )}
        </>
      )}
    </section>
  );
}

/** A list of companies with their identifier and since when, each a link to its data. */
export function MandateList(props: { t: T; lang: Lang; scopeCode: string; lines: MandateLine[] }) {
  const { t, lang } = props;
  return (
    <ul class="mandates">
      {props.lines.map((m) => (
        <li key={m.id}>
          <a href={`/business-data/${props.scopeCode}/${m.entityId}`}>{m.entityName}</a>{' '}
          <span class="muted">
            {identifierOf(t, m.scheme, m.value)} · {t('certification.since')}{' '}
            <When lang={lang} at={m.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Add access": the agent code of a client company, in a disclosure as the seed's dialog. */
export function AddAccess(props: {
  t: T;
  csrfToken: string;
  scopeCode: string;
  failure?: CodeFailure | undefined;
  fromScope?: boolean | undefined;
}) {
  const { t } = props;
  const open = props.failure?.scopeCode === props.scopeCode && props.failure.kind === 'agent';
  return (
    <details class="add-access" open={open}>
      <summary>{t('certification.agent.add')}</summary>
      <p>{t('certification.agent.intro')}</p>
      <p>{t('certification.allUsers')}</p>
      <CodeForm
        t={t}
        csrfToken={props.csrfToken}
        scopeCode={props.scopeCode}
        kind="agent"
        failure={props.failure}
        fromScope={props.fromScope}
      />
    </details>
  );
}

/** The Certifications tab of "My eSpace profile": one block per certification scope. */
export function CertificationsTabPage(props: {
  t: T;
  lang: Lang;
  csrfToken: string;
  tabs: TabLink[];
  scopes: (ScopeOverview & { preview: MandateLine[] })[];
  canManage: boolean;
  now: Date;
  message?: string | undefined;
  failure?: CodeFailure | undefined;
  /** The scope to show open, when a link (from My business data) asked for it. */
  open?: string | undefined;
}) {
  const { t, lang } = props;
  const failure = props.failure;
  return (
    <>
      <h1>{t('spaces.profile.title')}</h1>
      <ProfileTabs t={t} current="certifications" tabs={props.tabs} />
      <ErrorSummary
        t={t}
        errors={failure ? { [fieldId(failure.kind, failure.scopeCode)]: failure.message } : undefined}
      />
      {props.message ? (
        <p class="notice notice-success" role="status">
          {props.message}
        </p>
      ) : null}
      <h2>{t('spaces.profile.tab.certifications')}</h2>
      {/* The seed's words over the blocks where codes are typed. */}
      <p>
        <strong>{t('certification.addHeading')}</strong>
      </p>
      <p>{t('certification.tabIntro')}</p>
      {props.scopes.map((scope) => {
        const code = scope.scope.code;
        const certified =
          scope.holder && mandateIsActive({ endedAt: null, validUntil: scope.holder.validUntil }, props.now);
        // A scope the eSpace uses, or just asked for, is open; the others fold to one line each.
        const open =
          Boolean(scope.holder) || scope.obtained > 0 || failure?.scopeCode === code || props.open === code;
        return (
          <section
            class="card scope-block"
            id={blockId(code)}
            aria-labelledby={`${blockId(code)}-title`}
            key={code}
          >
            <h2 id={`${blockId(code)}-title`}>{scopeTitle(lang, scope)}</h2>
            <p class="muted">
              <span class="mono">{code}</span> ·{' '}
              {certified
                ? t('certification.status.certified', { entity: scope.holder!.entityName })
                : t('certification.status.notCertified')}
              {scope.obtained > 0 ? ` · ${t('certification.obtained.count', { count: scope.obtained })}` : ''}
            </p>
            <details class="scope-details" open={open}>
              <summary>
                {t('certification.manage')}
                <span class="visually-hidden"> {nameIn(scope.scope.names, lang)}</span>
              </summary>
              <MainMandate
                t={t}
                lang={lang}
                csrfToken={props.csrfToken}
                scope={scope}
                canManage={props.canManage}
                now={props.now}
                failure={failure}
              />
              <section aria-labelledby={`${blockId(code)}-obtained`}>
                <h3 id={`${blockId(code)}-obtained`}>{t('certification.obtained.title')}</h3>
                {scope.obtained === 0 ? (
                  <p>{t('certification.obtained.none')}</p>
                ) : (
                  <>
                    <MandateList t={t} lang={lang} scopeCode={code} lines={scope.preview} />
                    <p>
                      <a href={`/space/certifications/${code}`}>
                        {t('certification.obtained.seeAll', { count: scope.obtained })}
                      </a>
                    </p>
                  </>
                )}
                {props.canManage ? (
                  <AddAccess t={t} csrfToken={props.csrfToken} scopeCode={code} failure={failure} />
                ) : null}
              </section>
            </details>
          </section>
        );
      })}
    </>
  );
}
