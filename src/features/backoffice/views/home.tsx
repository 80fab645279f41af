import type { Lang, T } from '../../../platform/i18n/index.ts';
import type { AdministrationRow } from '../../authorities/service.ts';

export type OfficeLink = { href: string; label: string };

/** The officer's administrations, to choose one; each leads to its pages the officer may open. */
export function BackOfficeHome(props: {
  t: T;
  lang: Lang;
  administrations: { administration: AdministrationRow; pages: OfficeLink[] }[];
}) {
  const { t, lang } = props;
  return (
    <>
      <h1>{t('backoffice.title')}</h1>
      <ul class="sources">
        {props.administrations.map(({ administration: a, pages }) => (
          <li key={a.code}>
            <a href={pages[0]!.href}>{a.names[lang]}</a> <span class="muted">{a.code}</span>
            {pages.length > 1 ? (
              <ul>
                {pages.map((page) => (
                  <li key={page.href}>
                    <a href={page.href}>{page.label}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
