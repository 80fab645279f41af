import type { FastifyInstance } from 'fastify';
import { isLang, LANG_COOKIE } from '../../platform/i18n/index.ts';
import { HomePage } from './views/home.tsx';
import { HelpPage, ProsePage, prosePages, SitemapPage } from './views/info-pages.tsx';

const ONE_YEAR_S = 365 * 24 * 3600;

/** Only paths on this site are followed after switching language: no open redirect. */
export function safeLocalPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
    return '/';
  return next;
}

/** The public pages: home, footer pages, and the language switch. */
export function siteRoutes(app: FastifyInstance): void {
  app.get('/', (request, reply) =>
    reply.page(request.t('home.title'), <HomePage t={request.t} loggedOn={request.viewer !== undefined} />),
  );
  app.get('/help', (request, reply) => reply.page(request.t('help.title'), <HelpPage t={request.t} />));
  for (const [url, page] of Object.entries(prosePages)) {
    app.get(url, (request, reply) =>
      reply.page(
        request.t(`${page.section}.title`),
        <ProsePage t={request.t} section={page.section} paragraphs={[...page.paragraphs]} />,
      ),
    );
  }
  app.get('/sitemap', (request, reply) =>
    reply.page(request.t('sitemap.title'), <SitemapPage t={request.t} />),
  );

  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/language/:lang',
    (request, reply) => {
      const next = safeLocalPath(request.query.next);
      if (!isLang(request.params.lang)) return reply.redirect(next, 303);
      reply.setCookie(LANG_COOKIE, request.params.lang, {
        path: '/',
        maxAge: ONE_YEAR_S,
        sameSite: 'lax',
        httpOnly: true,
        secure: request.protocol === 'https',
      });
      return reply.redirect(next, 303);
    },
  );
}
