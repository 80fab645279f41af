import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { registered } from '../../platform/registry.ts';
import { officerMay } from '../authorities/permissions.ts';
import { myAdministrations } from '../authorities/service.ts';
import { requireSession } from '../identity/http.ts';
import { officerCtxOf } from './http.ts';
import { BackOfficeHome } from './views/home.tsx';

/**
 * The back office's home: the administrations the person works for, each leading to the pages
 * the features registered (shell.ts) that the person's role there allows. Nobody else sees it.
 */
export function backofficeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const pages = () => [...registered(app.registry, 'backofficePages')].sort((a, b) => a.order - b.order);

  app.get('/backoffice', { preHandler: requireSession }, async (request, reply) => {
    const administrations = (await myAdministrations(officerCtxOf(deps, request)))
      .map(({ administration, role }) => ({
        administration,
        pages: pages()
          .filter((page) => officerMay(role, page.action))
          .map((page) => ({
            href: `/backoffice/${administration.code}/${page.path}`,
            label: request.t(page.label),
          })),
      }))
      .filter((a) => a.pages.length > 0);
    if (administrations.length === 0) return reply.callNotFound();
    if (administrations.length === 1) return reply.redirect(administrations[0]!.pages[0]!.href, 303);
    return reply.page(
      request.t('backoffice.title'),
      <BackOfficeHome t={request.t} lang={request.lang} administrations={administrations} />,
    );
  });
}
