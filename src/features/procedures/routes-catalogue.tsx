import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuleError, ruleMessage } from '../../platform/errors.ts';
import { searchText } from '../../platform/fields.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { pageOf, requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { startProcedure } from './service/drafts.ts';
import { procedureSheet, spaceCatalogue } from './service/new-procedure.ts';
import { CataloguePage, SheetPage } from './views/catalogue.tsx';

type CatalogueRequest = { Querystring: { q?: string; administration?: string; theme?: string } };
type SheetRequest = {
  Params: { code: string };
  Querystring: { q?: string; page?: string; after?: string; before?: string };
};

/** A filter's value from the query string: one short word, or none. */
const filterOf = (value: unknown): string => (typeof value === 'string' ? value.trim().slice(0, 40) : '');
const cursorOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * "New procedure": the catalogue of the selected eSpace's kind, a procedure's sheet, and
 * "Create", which starts a draft and opens its first step. Every member may (rule 7).
 */
export function catalogueRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<CatalogueRequest>('/procedures/new', { preHandler: requireSpace }, async (request, reply) => {
    const search = {
      q: searchText(request.query.q),
      administration: filterOf(request.query.administration),
      theme: filterOf(request.query.theme),
    };
    const result = await spaceCatalogue(spaceCtxOf(deps, request), request.space!.space.id, {
      ...search,
      lang: request.lang,
    });
    return reply.page(
      request.t('procedures.menu.new'),
      <CataloguePage t={request.t} search={search} {...result} />,
    );
  });

  const sheet = async (
    request: FastifyRequest<SheetRequest>,
    reply: FastifyReply,
    failure?: { error: string; chosen: string | undefined },
  ) => {
    const at = {
      search: searchText(request.query.q),
      page: pageOf(request.query.page),
      after: cursorOf(request.query.after),
      before: cursorOf(request.query.before),
    };
    const result = await procedureSheet(
      spaceCtxOf(deps, request),
      request.space!.space.id,
      request.params.code,
      {
        ...at,
        lang: request.lang,
      },
    );
    return reply.page(
      result.definition.title[request.lang],
      <SheetPage
        t={request.t}
        lang={request.lang}
        csrfToken={reply.csrfToken()}
        at={at}
        {...result}
        error={failure?.error}
        chosen={failure?.chosen}
      />,
      failure ? 400 : 200,
    );
  };

  app.get<SheetRequest>('/procedures/new/:code', { preHandler: requireSpace }, (request, reply) =>
    sheet(request, reply),
  );

  // "Create": a draft of the newest version, for the company chosen when the procedure needs one.
  app.post<SheetRequest & { Body: { subject?: unknown } }>(
    '/procedures/new/:code',
    { preHandler: requireSpace, config: { idempotent: true } },
    async (request, reply) => {
      const subject = typeof request.body?.subject === 'string' ? request.body.subject.trim() : undefined;
      try {
        const draft = await startProcedure(spaceCtxOf(deps, request), request.space!.space.id, {
          code: request.params.code,
          subjectEntityId: subject || undefined,
        });
        return reply.redirect(`/procedures/${draft.id}/steps/${draft.currentStep}`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return sheet(request, reply, { error: ruleMessage(request.t, error), chosen: subject });
      }
    },
  );
}
