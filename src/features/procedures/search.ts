import type { Definition } from './definition/types.ts';

/**
 * The catalogue's keyword search, its pure half: the text a published definition is found by,
 * and the query a person's words become. Both go through one normalisation, so "élections",
 * "Elections" and "ELECT" meet; the database half is a full-text index over the 'simple'
 * configuration (store/definitions.ts), which needs no extension and no locale: every word is
 * reduced here to the letters a-z and digits, so PGlite and PostgreSQL tokenise it alike.
 */

/** Letters that lose no accent in Unicode decomposition but are typed without one. */
const spelledOut: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** The words of `text`, lower case, accents removed, each a run of a-z and 0-9. */
export function searchWords(text: string): string[] {
  const plain = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøđðłþı]/g, (c) => spelledOut[c]!);
  return plain.split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * What a definition is found by: its titles, descriptions and keywords in the three languages,
 * its code, its administration's code and its theme's labels, each word once.
 */
export function searchTextOf(definition: Definition, themeLabels: readonly string[]): string {
  const { title, description, keywords } = definition;
  const texts = [
    definition.code,
    definition.administration,
    ...themeLabels,
    ...(['fr', 'en', 'de'] as const).flatMap((lang) => [title[lang], description[lang], ...keywords[lang]]),
  ];
  return [...new Set(texts.flatMap(searchWords))].join(' ');
}

/** Words of a search beyond these are ignored: a query stays cheap whatever is typed. */
export const MAX_SEARCH_WORDS = 8;
/** A word is cut at this length; no word of a definition is longer in practice. */
const MAX_WORD = 60;

/**
 * A PostgreSQL `tsquery` for what a person typed: every word must start a word of the
 * definition (`elect:*` finds « élections »). Undefined when nothing searchable was typed.
 * Only a-z and 0-9 reach the query, so nothing typed can change its syntax.
 */
export function prefixQuery(typed: string): string | undefined {
  const words = [...new Set(searchWords(typed).map((w) => w.slice(0, MAX_WORD)))].slice(0, MAX_SEARCH_WORDS);
  return words.length > 0 ? words.map((w) => `'${w}':*`).join(' & ') : undefined;
}
