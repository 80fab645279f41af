import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RuleError, ruleMessage } from '../../platform/errors.ts';
import { searchText } from '../../platform/fields.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { confirmRoute } from '../../platform/http/confirm-route.tsx';
import { sendDownload, sendPdf } from '../../platform/http/download.ts';
import { idParams } from '../../platform/http/input.ts';
import { uuid } from '../../platform/uuid.ts';
import { fieldErrorsOf } from '../../platform/views/forms.tsx';
import { requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { deleteDraft, NAME_MAX, renameProcedure } from './service/drafts.ts';
import {
  myProcedures,
  procedureAttachment,
  procedureDetail,
  procedureToChange,
  transmissionSlip,
} from './service/lists.ts';
import { DetailPage } from './views/detail.tsx';
import { ListPage } from './views/list.tsx';
import { RenamePage } from './views/rename.tsx';

type ListQuery = {
  Querystring: {
    status?: string;
    order?: string;
    q?: string;
    after?: string;
    before?: string;
    done?: string;
  };
};
type Id = { Params: { id: string } };
type Done = { Querystring: { done?: string } };

/** The confirmations the list and the detail show after a redirect (`done`), in the page's language. */
const listDone = new Set(['saved', 'deleted', 'renamed', 'transmitted']);
const detailDone = new Set(['renamed', 'saved']);

const doneOf = (request: FastifyRequest<Done>, known: Set<string>, prefix: string) => {
  const done = request.query.done;
  return typeof done === 'string' && known.has(done) ? request.t(`${prefix}.${done}`) : undefined;
};

/** A query value as one string (a repeated parameter is not one: ignored). */
const one = (value: unknown) => (typeof value === 'string' ? value : undefined);

const renameForm = z.looseObject({ name: z.string().max(NAME_MAX) });

/**
 * My procedures: the eSpace's list, a procedure's detail with its slip and files, renaming, and
 * deleting a draft. Every page works in the selected eSpace; the services check who may do what,
 * and a procedure of another eSpace is "not found".
 */
export function procedureListRoutes(app: FastifyInstance, deps: AppDeps): void {
  const spaceOf = (request: FastifyRequest) => request.space!.space;
  const onProcedure = { preHandler: requireSpace, schema: { params: idParams } };

  app.get<ListQuery>('/procedures', { preHandler: requireSpace }, async (request, reply) => {
    const q = searchText(request.query.q).trim();
    const result = await myProcedures(spaceCtxOf(deps, request), spaceOf(request).id, {
      status: one(request.query.status),
      order: one(request.query.order),
      q: q || undefined,
      after: one(request.query.after),
      before: one(request.query.before),
    });
    return reply.page(
      request.t('procedures.list.title'),
      <ListPage
        t={request.t}
        lang={request.lang}
        spaceName={spaceOf(request).name}
        result={result}
        q={q}
        message={doneOf(request, listDone, 'procedures.list.done')}
      />,
    );
  });

  app.get<Id & Done>('/procedures/:id', onProcedure, async (request, reply) => {
    const detail = await procedureDetail(spaceCtxOf(deps, request), spaceOf(request).id, request.params.id);
    return reply.page(
      detail.procedure.name,
      <DetailPage
        t={request.t}
        lang={request.lang}
        csrfToken={reply.csrfToken()}
        detail={detail}
        justTransmitted={request.query.done === 'transmitted'}
        message={doneOf(request, detailDone, 'procedures.detail.done')}
      />,
    );
  });

  app.get<Id>('/procedures/:id/slip.pdf', onProcedure, async (request, reply) => {
    const slip = await transmissionSlip(spaceCtxOf(deps, request), spaceOf(request).id, request.params.id);
    return sendPdf(reply, slip.filename.replace(/\.pdf$/i, ''), slip.content);
  });

  app.get<{ Params: { id: string; fileId: string } }>(
    '/procedures/:id/files/:fileId',
    { preHandler: requireSpace, schema: { params: z.looseObject({ id: uuid, fileId: uuid }) } },
    async (request, reply) => {
      const file = await procedureAttachment(
        spaceCtxOf(deps, request),
        spaceOf(request).id,
        request.params.id,
        request.params.fileId,
      );
      return sendDownload(reply, file);
    },
  );

  const renamePage = (request: FastifyRequest<Id>, reply: FastifyReply, value: string, error?: string) =>
    reply.page(
      request.t('procedures.rename.title'),
      <RenamePage
        t={request.t}
        csrfToken={reply.csrfToken()}
        id={request.params.id}
        value={value}
        maxLength={NAME_MAX}
        error={error}
      />,
      error ? 400 : 200,
    );

  app.get<Id>('/procedures/:id/rename', onProcedure, async (request, reply) => {
    const procedure = await procedureToChange(
      spaceCtxOf(deps, request),
      spaceOf(request).id,
      request.params.id,
    );
    return renamePage(request, reply, procedure.name);
  });

  app.post<Id & { Body: { name?: unknown } }>(
    '/procedures/:id/rename',
    onProcedure,
    async (request, reply) => {
      const typed = typeof request.body?.name === 'string' ? request.body.name : '';
      const parsed = renameForm.safeParse(request.body ?? {});
      if (!parsed.success) {
        const errors = fieldErrorsOf(request.t, parsed.error.issues, {
          label: () => request.t('procedures.rename.label'),
          message: () => request.t('errors.rule.ProcedureNameInvalid', { max: NAME_MAX }),
        });
        return renamePage(request, reply, typed, errors.name);
      }
      try {
        await renameProcedure(
          spaceCtxOf(deps, request),
          spaceOf(request).id,
          request.params.id,
          parsed.data.name,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renamePage(request, reply, typed, ruleMessage(request.t, error));
      }
      return reply.redirect(`/procedures/${request.params.id}?done=renamed`, 303);
    },
  );

  confirmRoute<Id>(app, '/procedures/:id/delete', onProcedure, {
    ask: async (request) => {
      const procedure = await procedureToChange(
        spaceCtxOf(deps, request),
        spaceOf(request).id,
        request.params.id,
      );
      const back = `/procedures/${procedure.id}`;
      if (procedure.status !== 'draft')
        return {
          title: request.t('procedures.delete.refusedTitle'),
          text: request.t('procedures.delete.refused', {
            status: request.t(`procedures.status.${procedure.status}`),
          }),
          button: '',
          back,
          refused: true,
        };
      return {
        title: request.t('procedures.delete.title'),
        text: request.t('procedures.delete.text', { name: procedure.name }),
        button: request.t('procedures.delete.button'),
        back,
      };
    },
    act: async (request) => {
      try {
        await deleteDraft(spaceCtxOf(deps, request), spaceOf(request).id, request.params.id);
      } catch (error) {
        // Transmitted meanwhile: the confirmation page now says why it cannot be deleted.
        if (error instanceof RuleError && error.code === 'ProcedureDeleteNotDraft')
          return `/procedures/${request.params.id}/delete`;
        throw error;
      }
      return '/procedures?done=deleted';
    },
  });
}
