import i18next, { type TFunction } from 'i18next';
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };

export const languages = ['fr', 'en', 'de'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'fr';
/** Cookie that keeps the visitor's language choice. */
export const LANG_COOKIE = 'lang';
export const catalogues = { fr, en, de } as const;

export type T = TFunction;

const instance = i18next.createInstance();
await instance.init({
  resources: { fr: { translation: fr }, en: { translation: en }, de: { translation: de } },
  lng: defaultLang,
  fallbackLng: defaultLang,
  supportedLngs: [...languages],
  // Preact escapes everything it renders; escaping here too would double-escape.
  interpolation: { escapeValue: false },
  initAsync: false,
});

// One fixed translator per language, built once: requests only pick theirs.
const translators = Object.fromEntries(languages.map((l) => [l, instance.getFixedT(l)])) as Record<Lang, T>;

export function translator(lang: Lang): T {
  return translators[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The language of a request: the visitor's choice (cookie) first, then the best match of the
 * browser's Accept-Language, then French.
 */
export function negotiateLang(cookieValue: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookieValue)) return cookieValue;
  if (!acceptLanguage) return defaultLang;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked.find((entry) => isLang(entry.base))?.base as Lang | undefined) ?? defaultLang;
}
