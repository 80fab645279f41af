import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * The faces every document is set in: DejaVu (Bitstream Vera licence, embedding allowed), from
 * the npm package `dejavu-fonts-ttf`. It covers the Latin, Greek and Cyrillic alphabets, so a name
 * such as « Łukasz Żółć » or « Đorđević » prints as typed. The condensed faces set as wide as
 * Helvetica did, which kept the letters' layout.
 */
const faces = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  mono: 'DejaVuSansMono-Bold.ttf',
} as const;

export type Fonts = Record<keyof typeof faces, PDFFont>;

const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

// Read once per process: the files are large (350–700 kB) and never change.
const files = new Map<string, Promise<Uint8Array>>();
const fontFile = (name: string) => {
  let file = files.get(name);
  if (!file) {
    file = readFile(path.join(fontDir, name));
    files.set(name, file);
  }
  return file;
};

/**
 * fontkit, but each font file parsed once per process: pdf-lib asks fontkit to parse the file
 * again for every document, which was most of a slip's time (hundreds of milliseconds for the
 * three faces). A parsed font is only read afterwards (each document makes its own subset).
 */
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const parsedOnce: typeof fontkit = {
  ...fontkit,
  create(data, postscriptName) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data);
      parsed.set(data, font);
    }
    return font;
  },
};

/**
 * A subset's tag, six capitals before "+" (ISO 32000-1, 9.6.4): readers (and pdffonts) know
 * the font is a subset by it. pdf-lib would add a random number instead; a tag drawn from the
 * document's identity keeps the same document byte for byte the same.
 */
function subsetTag(seed: string, face: string): string {
  const digest = createHash('sha256').update(`${seed}\n${face}`).digest();
  return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/**
 * Embeds the three faces in `doc`, each as a subset of the glyphs the document draws.
 * Ligatures and contextual forms are off: text is measured and drawn glyph by glyph, and
 * a reader copies "fi" as two letters.
 */
export async function embedFonts(doc: PDFDocument, seed: string): Promise<Fonts> {
  doc.registerFontkit(parsedOnce);
  const embed = async (face: string) =>
    doc.embedFont(await fontFile(face), {
      subset: true,
      customName: `${subsetTag(seed, face)}+${path.basename(face, '.ttf')}`,
      features: { liga: false, clig: false, calt: false, rlig: false },
    });
  return {
    regular: await embed(faces.regular),
    bold: await embed(faces.bold),
    mono: await embed(faces.mono),
  };
}
