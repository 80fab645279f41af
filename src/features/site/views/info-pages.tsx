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

export function ContactPage({ t }: { t: T }) {
  return (
    <article class="prose">
      <h1>{t('contact.title')}</h1>
      <p>{t('contact.intro')}</p>
      <p>{t('contact.helpdesk')}</p>
    </article>
  );
}

export function LegalNoticePage({ t }: { t: T }) {
  return (
    <article class="prose">
      <h1>{t('legal.title')}</h1>
      <p>{t('legal.publisher')}</p>
      <p>{t('legal.data')}</p>
      <p>{t('legal.cookies')}</p>
    </article>
  );
}

export function AccessibilityPage({ t }: { t: T }) {
  return (
    <article class="prose">
      <h1>{t('accessibility.title')}</h1>
      <p>{t('accessibility.statement')}</p>
      <p>{t('accessibility.measures')}</p>
      <p>{t('accessibility.report')}</p>
    </article>
  );
}

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
