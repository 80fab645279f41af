import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Lang, T } from '../i18n/index.ts';
import { languages } from '../i18n/index.ts';

/** What every page knows about the request it answers. */
export type PageContext = {
  t: T;
  lang: Lang;
  /** Path of the current page, used to come back after switching language. */
  path: string;
  assets: { css: string; icon: string };
  /** The logged-on person, when there is one. */
  viewer?: Viewer | undefined;
  /** CSRF token for the forms of the page (log out in the user menu, and the page's own). */
  csrfToken?: string | undefined;
};

/** What the layout shows of the logged-on person; filled by the identity feature. */
export type Viewer = {
  name: string;
  /** Certificate number of the device in use, already grouped for display. */
  certificateNumber: string;
  /** The selected eSpace, if any (the eSpaces feature fills it). */
  space?: { name: string; identifier: string } | undefined;
  /** The selected eSpace's sections (features add theirs), shown under the header. */
  nav?: NavLink[] | undefined;
};

export type NavLink = { href: string; label: string /** e.g. an unread count */; badge?: number | undefined };

const footerLinks = [
  ['/help', 'footer.help'],
  ['/contact', 'footer.contact'],
  ['/legal-notice', 'footer.legal'],
  ['/accessibility', 'footer.accessibility'],
  ['/sitemap', 'footer.sitemap'],
] as const;

export { footerLinks };

function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  const next = encodeURIComponent(ctx.path);
  return (
    <nav class="languages" aria-label={ctx.t('language.label')}>
      <ul>
        {languages.map((lang) => (
          <li key={lang}>
            {lang === ctx.lang ? (
              <span class="current" aria-current="true" lang={lang} title={ctx.t(`language.${lang}`)}>
                {lang.toUpperCase()}
              </span>
            ) : (
              <a
                href={`/language/${lang}?next=${next}`}
                lang={lang}
                hreflang={lang}
                title={ctx.t(`language.${lang}`)}
              >
                <span aria-hidden="true">{lang.toUpperCase()}</span>
                <span class="visually-hidden">{ctx.t(`language.${lang}`)}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The user menu: a disclosure that works without JavaScript. */
function UserMenu({ ctx, viewer }: { ctx: PageContext; viewer: Viewer }) {
  const { t } = ctx;
  return (
    <details class="user-menu">
      <summary>{viewer.name}</summary>
      <div class="user-menu-panel">
        {viewer.space ? (
          <p>
            <span class="muted">{t('user.spaceId')}</span> <strong>{viewer.space.identifier}</strong>
          </p>
        ) : null}
        <p>
          <span class="muted">{t('user.certificateNumber')}</span>{' '}
          <strong class="mono nowrap">{viewer.certificateNumber}</strong>
        </p>
        <ul>
          {viewer.space ? (
            <li>
              <a href="/space/profile">{t('user.spaceProfile')}</a>
            </li>
          ) : null}
          <li>
            {/* The seeds' words: "Manage my eSpaces" to start, "Change eSpace" once in one. */}
            <a href="/spaces">{t(viewer.space ? 'user.changeSpace' : 'user.manageSpaces')}</a>
          </li>
          <li>
            <a href="/devices">{t('user.linkDevice')}</a>
          </li>
        </ul>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <button type="submit" class="button">
            {t('user.logOut')}
          </button>
        </form>
      </div>
    </details>
  );
}

function SpaceNav({ ctx, links }: { ctx: PageContext; links: NavLink[] }) {
  const { t } = ctx;
  return (
    <nav class="space-nav" aria-label={t('nav.space')}>
      <ul class="wrap">
        {links.map((link) => {
          const current = ctx.path === link.href || ctx.path.startsWith(`${link.href}?`);
          return (
            <li key={link.href}>
              <a href={link.href} aria-current={current ? 'page' : undefined}>
                {link.label}
                {link.badge ? (
                  <span class="badge">
                    <span aria-hidden="true">{link.badge}</span>
                    <span class="visually-hidden">{t('user.unread', { count: link.badge })}</span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { t } = ctx;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t('site.name')}`}</title>
        <link rel="stylesheet" href={ctx.assets.css} />
        <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('site.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              <span class="brand-name">{t('site.name')}</span>
              <span class="brand-tagline">{t('site.tagline')}</span>
            </a>
            <div class="header-tools">
              <LanguageSwitcher ctx={ctx} />
              <div class="user-area">
                <span class="space-indicator">{ctx.viewer?.space?.name ?? t('user.noSpace')}</span>
                {ctx.viewer ? (
                  <UserMenu ctx={ctx} viewer={ctx.viewer} />
                ) : (
                  <a class="button button-secondary" href="/logon">
                    {t('user.logOn')}
                  </a>
                )}
              </div>
            </div>
          </div>
        </header>
        {ctx.viewer?.nav?.length ? <SpaceNav ctx={ctx} links={ctx.viewer.nav} /> : null}
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <nav aria-label={t('nav.footer')}>
              <ul class="footer-links">
                {footerLinks.map(([href, key]) => (
                  <li key={href}>
                    <a href={href}>{t(key)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <p class="footer-note">{t('footer.note')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Renders a complete HTML document: the layout around the page's own content. */
export function renderPage(ctx: PageContext, title: string, content: VNode): string {
  return `<!doctype html>${renderToString(
    <Layout ctx={ctx} title={title}>
      {content}
    </Layout>,
  )}`;
}
