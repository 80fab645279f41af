import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { pageOf, requireSpace, spaceCtxOf } from '../spaces/http.ts';
import { readCommunications } from './service.ts';
import { CommunicationsPage } from './views/communications.tsx';

const PAGE_SIZE = 30;

/** "My communications" of the selected eSpace. */
export function notificationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { page?: string } }>(
    '/communications',
    { preHandler: requireSpace },
    async (request, reply) => {
      const ctx = spaceCtxOf(deps, request);
      const { space } = request.space!;
      const page = pageOf(request.query.page);
      const { items, total } = await readCommunications(ctx, request.t, ctx.current.person.id, space.id, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      // The header counted these as unread before the page marked them read.
      const nav = request.viewer?.nav?.find((link) => link.href === '/communications');
      if (nav) nav.badge = Math.max(0, (nav.badge ?? 0) - items.filter((i) => i.unread).length);
      return reply.page(
        request.t('notifications.list.title'),
        <CommunicationsPage
          t={request.t}
          lang={request.lang}
          spaceName={space.name}
          items={items}
          page={page}
          pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
        />,
      );
    },
  );
}
