import type { T } from '../../../platform/i18n/index.ts';
import { footerLinks } from '../../../platform/views/page.tsx';

export function HelpPage({ t }: { t: T }) {
  return (
    <article class="prose">
      <h1>{t('help.title')}</h1>
      <p>{t('help.intro')}</p>
      {(['1', '2', '3'] as const).map((n) => (
        <section key={n}>
          <h2>{t(`help.q${n}`)}</h2>
          <p>{t(`help.a${n}`)}</p>
        </section>
      ))}
    </article>
  );
}

/** A page of plain paragraphs: Contact, Legal notice, Accessibility. */
export function ProsePage({ t, section, paragraphs }: { t: T; section: string; paragraphs: string[] }) {
  return (
    <article class="prose">
      <h1>{t(`${section}.title`)}</h1>
      {paragraphs.map((key) => (
        <p key={key}>{t(`${section}.${key}`)}</p>
      ))}
    </article>
  );
}

export const prosePages = {
  '/contact': { section: 'contact', paragraphs: ['intro', 'helpdesk'] },
  '/legal-notice': { section: 'legal', paragraphs: ['publisher', 'data', 'cookies'] },
  '/accessibility': { section: 'accessibility', paragraphs: ['statement', 'measures', 'report'] },
} as const;

export function SitemapPage({ t }: { t: T }) {
  return (
    <article class="prose">
      <h1>{t('sitemap.title')}</h1>
      <ul>
        <li>
          <a href="/">{t('nav.home')}</a>
        </li>
        {footerLinks.map(([href, key]) => (
          <li key={href}>
            <a href={href}>{t(key)}</a>
          </li>
        ))}
      </ul>
    </article>
  );
}
