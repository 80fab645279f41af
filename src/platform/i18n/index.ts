import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

export const languages = ['fr', 'en', 'de'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'fr';
/** Cookie that keeps the visitor's language choice. */
export const LANG_COOKIE = 'lang';

type Catalogue = { [key: string]: string | Catalogue };

function merge(target: Catalogue, source: Catalogue, where: string): Catalogue {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'object' && typeof existing === 'object') merge(existing, value, `${where}.${key}`);
    else if (existing !== undefined) throw new Error(`i18n key ${where}.${key} is defined twice`);
    else target[key] = value;
  }
  return target;
}

/**
 * Each language's catalogue: the platform's strings plus every feature's own
 * (`src/features/<name>/locales/<lang>.json`), so a feature carries its words with it.
 */
function loadCatalogues(): Record<Lang, Catalogue> {
  const src = fileURLToPath(new URL('../../', import.meta.url));
  const folders = [path.join(src, 'platform/i18n/locales')];
  for (const feature of readdirSync(path.join(src, 'features'), { withFileTypes: true })) {
    const folder = path.join(src, 'features', feature.name, 'locales');
    if (feature.isDirectory() && existsSync(folder)) folders.push(folder);
  }
  const result = { fr: {}, en: {}, de: {} } as Record<Lang, Catalogue>;
  for (const lang of languages) {
    for (const folder of folders) {
      const file = path.join(folder, `${lang}.json`);
      if (existsSync(file)) merge(result[lang], JSON.parse(readFileSync(file, 'utf8')), lang);
    }
  }
  return result;
}

export const catalogues = loadCatalogues();
const { fr, en, de } = catalogues;

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

/** Past this many remembered strings a language's memo starts again (keys may come from input). */
const MEMO_LIMIT = 10_000;

const isFlat = (options: object) =>
  Object.values(options).every((value) => value === null || typeof value !== 'object');

/**
 * A translator that remembers its answers. i18next spends about 8 µs in each call (key parsing,
 * nesting and interpolation expressions), even for a plain string, and a page makes 30 to 150
 * calls: 36 % of the home page's time (bench/README.md). The catalogues never change while the
 * process runs, so the same key with the same options (plain values: counts, names, dates
 * already formatted) always gives the same string. Calls with objects in their options (or
 * i18next's other signatures) go to i18next as they are.
 */
function memoised(base: T): T {
  const memo = new Map<string, string>();
  const call = base as unknown as (...args: unknown[]) => unknown;
  const translate = (key: unknown, options?: unknown, ...rest: unknown[]): unknown => {
    if (typeof key !== 'string' || rest.length > 0) return call(key, options, ...rest);
    let id: string;
    if (options === undefined) id = key;
    else if (typeof options === 'object' && options !== null && isFlat(options))
      id = `${key}\u0000${JSON.stringify(options)}`;
    else return call(key, options);
    let text = memo.get(id);
    if (text === undefined) {
      const answer = call(key, options);
      if (typeof answer !== 'string') return answer;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(id, answer);
      text = answer;
    }
    return text;
  };
  return translate as unknown as T;
}

// One fixed translator per language, built once: requests only pick theirs.
const translators = Object.fromEntries(languages.map((l) => [l, memoised(instance.getFixedT(l))])) as Record<
  Lang,
  T
>;

export function translator(lang: Lang): T {
  return translators[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** A stored or received language code when it is one of ours, else the fallback. */
export const langOr = (value: unknown, fallback: Lang = defaultLang): Lang =>
  isLang(value) ? value : fallback;

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
