import type { PDFFont } from 'pdf-lib';

// Letters with a stroke have no decomposition in Unicode: NFKD alone leaves "ł" as it is.
const LOOKALIKES: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  Ŧ: 'T',
  ŧ: 't',
  ı: 'i',
  '‐': '-',
  '‑': '-',
  '−': '-',
};

const charsets = new WeakMap<PDFFont, ReadonlySet<number>>();
const charsetOf = (font: PDFFont) => {
  let set = charsets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charsets.set(font, set);
  }
  return set;
};

/**
 * Text that `font` can draw as typed. A character the font has no glyph for (a Chinese name in
 * a Latin font, an emoji) would print as an empty box: it loses its diacritics if that is
 * enough ("Ṏ" → "O" in the monospace face), a space the face lacks becomes a space, and what
 * is left (control characters too) becomes "?".
 */
export function printable(text: string, font: PDFFont): string {
  const drawable = charsetOf(font);
  const has = (char: string) => drawable.has(char.codePointAt(0)!) && !/\p{Cc}/u.test(char);
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (has(char)) {
      out += char;
      continue;
    }
    // NFKD rather than NFD: it also turns ligatures ("ﬁ") and typographic spaces into plain text.
    const bare = (LOOKALIKES[char] ?? char).normalize('NFKD').replace(/\p{M}/gu, '');
    if (bare && [...bare].every(has)) out += bare;
    else out += /\s/u.test(char) ? ' ' : '?';
  }
  return out;
}

/**
 * The lines of `text` no wider than `maxWidth` at `size`, broken at spaces (a no-break space
 * holds, as French typography wants before ":" and inside « »); a word wider than the line
 * is cut where it must.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  // Each word is measured once and a line's width is the sum of its words and spaces (no kerning
  // pair of these faces involves a space): measuring the whole line again at each word made the
  // wrapping quadratic, and most of a transmission slip's time.
  const widthOf = (s: string) => font.widthOfTextAtSize(s, size);
  const space = widthOf(' ');
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const word of text.split(' ').filter(Boolean)) {
    const wordWidth = widthOf(word);
    const candidate = line ? width + space + wordWidth : wordWidth;
    if (candidate <= maxWidth) {
      line = line ? `${line} ${word}` : word;
      width = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const char of word) {
      if (line && widthOf(line + char) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
    width = widthOf(line);
  }
  if (line) lines.push(line);
  return lines;
}
