import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuleError, ruleMessage } from '../../platform/errors.ts';
import { searchText } from '../../platform/fields.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { confirmRoute } from '../../platform/http/confirm-route.tsx';
import { sendPdf } from '../../platform/http/download.ts';
import { idParams } from '../../platform/http/input.ts';
import { tooLongMessage } from '../../platform/views/forms.tsx';
import { pageOf, requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { can } from '../spaces/permissions.ts';
import { profileTabsOf } from '../spaces/sections.ts';
import { ACCESS_CODE_INPUT_MAX } from './rules.ts';
import {
  agentsPage,
  agentToRevoke,
  generateAgentCode,
  giveUpMandate,
  mandateToGiveUp,
  recallAgentCode,
  revokeAgent,
} from './service/agents.ts';
import { businessDataCatalogue, certifiedData, sourcePage } from './service/business-data.ts';
import { confirmAccessCode } from './service/confirm.ts';
import { codeLetters } from './service/letters.ts';
import { certificationsTab, scopePage } from './service/tab.ts';
import { CataloguePage, CertifiedDataPage, SourcePage } from './views/business-data.tsx';
import { CertificationsTabPage, type CodeFailure } from './views/certifications.tsx';
import { blockId } from './views/common.tsx';
import { AgentCodePage, AgentsPage, ScopePage } from './views/scope.tsx';

type ScopeParams = { Params: { scope: string } };
type Search = {
  Querystring: { q?: string; page?: string; after?: string; before?: string; done?: string; open?: string };
};

const searchOf = (request: FastifyRequest<Search>) => searchText(request.query.q);

/** A confirmation of the last action, from the redirect's `done`, in the page's language. */
const doneMessage = (request: FastifyRequest<Search>) =>
  request.query.done
    ? request.t(`certification.done.${request.query.done}`, { defaultValue: '' }) || undefined
    : undefined;

/**
 * Certification in the eSpace: the Certifications tab and its scopes, codes confirmed, agents
 * managed, and "My business data". Every page works in the selected eSpace; the services check
 * who may do what.
 */
export function certificationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const canManage = (request: FastifyRequest) => can(request.space!.membership.role, 'certifications.manage');

  const tab = async (
    request: FastifyRequest<Search>,
    reply: FastifyReply,
    failure?: CodeFailure,
    status = 200,
  ) => {
    const { scopes } = await certificationsTab(spaceCtxOf(deps, request), request.space!.space.id);
    return reply.page(
      request.t('spaces.profile.tab.certifications'),
      <CertificationsTabPage
        t={request.t}
        lang={request.lang}
        csrfToken={reply.csrfToken()}
        tabs={profileTabsOf(request)}
        scopes={scopes}
        canManage={canManage(request)}
        now={new Date()}
        message={doneMessage(request)}
        failure={failure}
        open={typeof request.query.open === 'string' ? request.query.open : undefined}
      />,
      status,
    );
  };

  const scope = async (
    request: FastifyRequest<Search & ScopeParams>,
    reply: FastifyReply,
    failure?: CodeFailure,
    status = 200,
  ) => {
    const search = searchOf(request);
    const result = await scopePage(spaceCtxOf(deps, request), request.space!.space.id, request.params.scope, {
      page: pageOf(request.query.page),
      after: request.query.after,
      before: request.query.before,
      search,
    });
    return reply.page(
      request.t('certification.obtained.title'),
      <ScopePage
        t={request.t}
        lang={request.lang}
        csrfToken={reply.csrfToken()}
        {...result}
        search={search}
        canManage={canManage(request)}
        now={new Date()}
        message={doneMessage(request)}
        failure={failure}
      />,
      status,
    );
  };

  app.get<Search>('/space/certifications', { preHandler: requireSpace }, (request, reply) =>
    tab(request, reply),
  );

  app.get<Search & ScopeParams>(
    '/space/certifications/:scope',
    { preHandler: requireSpace },
    (request, reply) => scope(request, reply),
  );

  // A holder or agent code typed in a scope's block: back to the same page, with the block's error.
  app.post<ScopeParams & Search & { Params: { kind: string }; Body: { code?: string; from?: string } }>(
    '/space/certifications/:scope/:kind',
    { preHandler: requireSpace, config: { idempotent: true } },
    async (request, reply) => {
      const kind = request.params.kind;
      if (kind !== 'holder' && kind !== 'agent') return reply.callNotFound();
      const typed = String(request.body?.code ?? '');
      const fromScope = request.body?.from === 'scope';
      const code = request.params.scope;
      const fail = (message: string, status: number) => {
        const failure = { scopeCode: code, kind, message, typed } as const;
        return fromScope ? scope(request, reply, failure, status) : tab(request, reply, failure, status);
      };
      if (!typed.trim()) return fail(request.t(`certification.${kind}.empty`), 400);
      if (typed.length > ACCESS_CODE_INPUT_MAX) {
        const label = request.t(`certification.${kind}.codeLabel`);
        return fail(tooLongMessage(request.t, label, ACCESS_CODE_INPUT_MAX), 400);
      }
      try {
        await confirmAccessCode(spaceCtxOf(deps, request), request.space!.space.id, {
          scopeCode: code,
          kind,
          code: typed,
        });
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const status = error.code === 'AccessCodeLocked' ? 429 : 400;
        return fail(ruleMessage(request.t, error), status);
      }
      const target = fromScope ? `/space/certifications/${code}` : '/space/certifications';
      return reply.redirect(`${target}?done=${kind}&open=${code}#${blockId(code)}`, 303);
    },
  );

  app.get<Search & ScopeParams>(
    '/space/certifications/:scope/agents',
    { preHandler: requireSpace },
    async (request, reply) => {
      const result = await agentsPage(
        spaceCtxOf(deps, request),
        request.space!.space.id,
        request.params.scope,
        pageOf(request.query.page),
      );
      return reply.page(
        request.t('certification.agents.title'),
        <AgentsPage
          t={request.t}
          lang={request.lang}
          {...result}
          canManage={canManage(request)}
          message={doneMessage(request)}
        />,
      );
    },
  );

  type MandateParams = ScopeParams & { Params: { id: string } };
  const onMandate = { preHandler: requireSpace, schema: { params: idParams } };
  /** The service's arguments for the mandate of the path, in the selected eSpace. */
  const mandateArgs = (request: FastifyRequest<MandateParams>) =>
    [spaceCtxOf(deps, request), request.space!.space.id, request.params.scope, request.params.id] as const;

  confirmRoute<MandateParams>(app, '/space/certifications/:scope/agents/:id/revoke', onMandate, {
    ask: async (request) => {
      const { agent } = await agentToRevoke(...mandateArgs(request));
      return {
        title: request.t('certification.revoke.title'),
        text: request.t('certification.revoke.text', {
          space: agent.spaceName,
          identifier: agent.spaceIdentifier,
        }),
        button: request.t('certification.revoke.button'),
        back: `/space/certifications/${request.params.scope}/agents`,
      };
    },
    act: async (request) => {
      await revokeAgent(...mandateArgs(request));
      return `/space/certifications/${request.params.scope}/agents?done=revoked`;
    },
  });

  confirmRoute<MandateParams>(app, '/space/certifications/:scope/m/:id/give-up', onMandate, {
    ask: async (request) => {
      const { mandate } = await mandateToGiveUp(...mandateArgs(request));
      // The main mandate takes its agents with it: its page says so.
      const key = mandate.kind === 'holder' ? 'certification.giveUp.holder' : 'certification.giveUp';
      return {
        title: request.t(`${key}.title`),
        text: request.t(`${key}.text`, { entity: mandate.entityName }),
        button: request.t(`${key}.button`),
        back: `/space/certifications/${request.params.scope}`,
      };
    },
    act: async (request) => {
      const mandate = await giveUpMandate(...mandateArgs(request));
      const done = mandate.kind === 'holder' ? 'givenUpHolder' : 'givenUp';
      return `/space/certifications/${request.params.scope}?done=${done}`;
    },
  });

  app.post<ScopeParams>(
    '/space/certifications/:scope/agent-code',
    { preHandler: requireSpace, config: { idempotent: true } },
    async (request, reply) => {
      const issued = await generateAgentCode(
        spaceCtxOf(deps, request),
        request.space!.space.id,
        request.params.scope,
      );
      return reply.page(
        request.t('certification.agentCode.title'),
        <AgentCodePage
          t={request.t}
          lang={request.lang}
          csrfToken={reply.csrfToken()}
          scope={issued.scope}
          id={issued.row.id}
          code={issued.code}
          reference={issued.row.reference}
        />,
      );
    },
  );

  // The letter of an agent code, while the page that shows it is open: the code comes back from
  // that page and must match the code the holder eSpace issued; it is never stored in clear.
  app.post<ScopeParams & { Body: { id?: string; code?: string } }>(
    '/space/certifications/:scope/agent-code/letter',
    { preHandler: requireSpace },
    async (request, reply) => {
      const recalled = await recallAgentCode(
        spaceCtxOf(deps, request),
        request.space!.space.id,
        request.params.scope,
        {
          id: String(request.body?.id ?? ''),
          code: String(request.body?.code ?? ''),
        },
      );
      return sendPdf(reply, recalled.row.reference, await codeLetters(deps.config, [recalled]));
    },
  );

  app.get('/business-data', { preHandler: requireSpace }, async (request, reply) => {
    const groups = await businessDataCatalogue(spaceCtxOf(deps, request), request.space!.space.id);
    return reply.page(
      request.t('certification.data.title'),
      <CataloguePage t={request.t} lang={request.lang} groups={groups} />,
    );
  });

  app.get<Search & ScopeParams>(
    '/business-data/:scope',
    { preHandler: requireSpace },
    async (request, reply) => {
      const search = searchOf(request);
      const result = await sourcePage(
        spaceCtxOf(deps, request),
        request.space!.space.id,
        request.params.scope,
        {
          page: pageOf(request.query.page),
          after: request.query.after,
          before: request.query.before,
          search,
        },
      );
      return reply.page(
        request.t('certification.data.title'),
        <SourcePage t={request.t} lang={request.lang} {...result} search={search} />,
      );
    },
  );

  app.get<ScopeParams & { Params: { entity: string } }>(
    '/business-data/:scope/:entity',
    { preHandler: requireSpace },
    async (request, reply) => {
      const result = await certifiedData(
        spaceCtxOf(deps, request),
        request.space!.space.id,
        request.params.scope,
        request.params.entity,
      );
      return reply.page(
        result.entity.name,
        <CertifiedDataPage t={request.t} lang={request.lang} {...result} />,
      );
    },
  );
}
