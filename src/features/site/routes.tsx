import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { cookieOptions } from '../../platform/http/cookies.ts';
import { safeLocalPath } from '../../platform/http/local-path.ts';
import { isLang, LANG_COOKIE } from '../../platform/i18n/index.ts';
import { HomePage } from './views/home.tsx';
import { HelpPage, ProsePage, prosePages, SitemapPage } from './views/info-pages.tsx';

const ONE_YEAR_S = 365 * 24 * 3600;

/** The public pages: home, footer pages, and the language switch. */
export function siteRoutes(app: FastifyInstance, deps: AppDeps): void {
  // The same for every visitor in a language: rendered once (reply.visitorPage).
  app.get('/', (request, reply) =>
    reply.visitorPage(request.t('home.title'), () => (
      <HomePage t={request.t} loggedOn={request.viewer !== undefined} />
    )),
  );
  app.get('/help', (request, reply) =>
    reply.visitorPage(request.t('help.title'), () => <HelpPage t={request.t} />),
  );
  for (const [url, page] of Object.entries(prosePages)) {
    app.get(url, (request, reply) =>
      reply.visitorPage(request.t(`${page.section}.title`), () => (
        <ProsePage t={request.t} section={page.section} paragraphs={[...page.paragraphs]} />
      )),
    );
  }
  app.get('/sitemap', (request, reply) =>
    reply.visitorPage(request.t('sitemap.title'), () => <SitemapPage t={request.t} />),
  );

  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/language/:lang',
    (request, reply) => {
      const next = safeLocalPath(request.query.next, deps.config.baseUrl);
      if (!isLang(request.params.lang)) return reply.redirect(next, 303);
      reply.setCookie(LANG_COOKIE, request.params.lang, {
        ...cookieOptions(deps.config),
        maxAge: ONE_YEAR_S,
      });
      return reply.redirect(next, 303);
    },
  );
}
