import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app.tsx';
import { registered } from '../../platform/registry.ts';
import { uuid } from '../../platform/uuid.ts';
import { markCommunicationsRead, readCommunications } from '../notifications/service.ts';
import { pageOf, requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { CommunicationsPage } from './views/communications.tsx';

const PAGE_SIZE = 30;

/** "Mark as read": the ids of the unread communications the page showed (one or many fields). */
const markReadForm = z.looseObject({
  id: z.union([uuid, z.array(uuid).max(PAGE_SIZE)]).transform((ids) => [ids].flat()),
  page: z.string().optional(),
});

/** "My communications" of the selected eSpace. */
export function communicationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { page?: string; done?: string } }>(
    '/communications',
    { preHandler: requireSpace },
    async (request, reply) => {
      const ctx = spaceCtxOf(deps, request);
      const { space } = request.space!;
      const page = pageOf(request.query.page);
      const { items, total } = await readCommunications(
        ctx,
        request.t,
        registered(app.registry, 'events'),
        ctx.current.person.id,
        space.id,
        {
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
      );
      return reply.page(
        request.t('communications.list.title'),
        <CommunicationsPage
          t={request.t}
          lang={request.lang}
          csrfToken={reply.csrfToken()}
          spaceName={space.name}
          items={items}
          page={page}
          pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
          message={request.query.done === 'read' ? request.t('communications.list.markedRead') : undefined}
        />,
      );
    },
  );

  // Reading changes nothing (a GET never does): the page's "Mark as read" posts what it showed.
  app.post<{ Body: z.infer<typeof markReadForm> }>(
    '/communications/read',
    { preHandler: requireSpace, schema: { body: markReadForm } },
    async (request, reply) => {
      const ctx = spaceCtxOf(deps, request);
      await markCommunicationsRead(ctx, ctx.current.person.id, request.space!.space.id, request.body.id);
      return reply.redirect(`/communications?page=${pageOf(request.body.page)}&done=read`, 303);
    },
  );
}
