import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatDate } from '../../platform/i18n/dates.ts';
import { translator } from '../../platform/i18n/index.ts';
import { formatAccessCode } from '../certification/rules.ts';

/** A postal letter that carries one access code to a company. */
export type Letter = {
  lang: 'fr' | 'en' | 'de';
  /** Letterhead: the administration's name in `lang` and its postal address / contact lines. */
  administration: { name: string; addressLines: string[]; contactLines: string[] };
  /** The addressee, placed for a window envelope: company name, then postal address lines. */
  recipient: { name: string; addressLines: string[] };
  kind: 'holder' | 'agent';
  /** The certification scope: its code (e.g. ITM_ELECTIONS) and its name in `lang`. */
  scope: { code: string; name: string };
  /** The legal entity the code gives access to: name and identifier as shown (e.g. "RCS B123456"). */
  entity: { name: string; identifier: string };
  /** The access code, 16 characters; printed in 4 groups of 4 separated by hyphens, in a monospace font, large. */
  code: string;
  /** The code's public reference (e.g. "ITM-K7Q2M9"), printed so that a company can quote it when it calls. */
  reference: string;
  /** Letter date. */
  issuedAt: Date;
  /** Until when the code can be used, if it expires. */
  expiresAt?: Date | null | undefined;
  /** The portal's address (BASE_URL), e.g. https://comptoir.example.lu */
  portalUrl: string;
};

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = 20 * MM;
const TEXT_WIDTH = PAGE.width - 2 * MARGIN;
// DIN 5008 form B, the address field of a left window envelope: a 5 mm band for the return
// address, then the addressee, where the window shows them whatever the envelope's model.
const WINDOW = { left: 20 * MM, top: 45 * MM, addressTop: 50 * MM, width: 85 * MM, bottom: 90 * MM };
const BODY_TOP = 103 * MM;
const FOOTER_RULE = 281 * MM;
// Body text sizes to try, largest first: long names in the longest language must still fit.
const BODY_SIZES = [10.5, 10, 9.5, 9];

const INK = rgb(0.11, 0.12, 0.14);
const MUTED = rgb(0.36, 0.38, 0.42);
const HAIRLINE = rgb(0.72, 0.74, 0.77);
const BOX_FILL = rgb(0.955, 0.96, 0.965);

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

/**
 * Text the standard PDF fonts can draw: they encode WinAnsi only, and pdf-lib throws on any
 * other character. A character outside it loses its diacritics ("ł" → "l", "ș" → "s"), an odd
 * space becomes a space, and what is left becomes "?", so that a company's name never stops
 * a batch of letters.
 */
export function toWinAnsi(text: string, encodable: ReadonlySet<number>): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (encodable.has(char.codePointAt(0)!)) {
      out += char;
      continue;
    }
    // NFKD rather than NFD: it also turns ligatures ("ﬁ") and typographic spaces into plain text.
    const bare = (LOOKALIKES[char] ?? char).normalize('NFKD').replace(/\p{M}/gu, '');
    if ([...bare].every((c) => encodable.has(c.codePointAt(0)!))) out += bare;
    else out += /\s/u.test(char) ? ' ' : '?';
  }
  return out;
}

/**
 * How wide `text` is once drawn. pdf-lib's `widthOfTextAtSize` counts the kerning pairs of the
 * font's metrics, but `drawText` does not kern: measured as a whole, "bb" is narrower than it
 * prints, and a line that "fits" would run into the margin.
 */
export function drawnWidth(text: string, font: PDFFont, size: number): number {
  let width = 0;
  for (const char of text) width += font.widthOfTextAtSize(char, size);
  return width;
}

/**
 * The lines of `text` no wider than `maxWidth` at `size`, broken at spaces (a no-break space
 * holds, as French typography wants before ":" and inside « »); a word wider than the line
 * is cut where it must.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const fits = (candidate: string) => drawnWidth(candidate, font, size) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const char of word) {
      if (line && !fits(line + char)) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line) lines.push(line);
  return lines;
}

type Fonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont };
type Style = { font: PDFFont; size: number; color?: Color };

/**
 * A page laid out from the top, as a letter is designed: `y` is the distance from the top edge
 * to the next baseline. Without a page it only measures, to choose a size before drawing.
 */
class Sheet {
  y = 0;
  constructor(
    private readonly page: PDFPage | undefined,
    private readonly printable: (text: string) => string,
  ) {}

  /** One line, its start at `x` (left), its centre (center) or its end (right). */
  line(text: string, x: number, baseline: number, style: Style, align: 'left' | 'center' | 'right' = 'left') {
    const printable = this.printable(text);
    const width = drawnWidth(printable, style.font, style.size);
    const start = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
    this.page?.drawText(printable, {
      x: start,
      y: PAGE.height - baseline,
      font: style.font,
      size: style.size,
      color: style.color ?? INK,
    });
  }

  /** Wrapped text from `y` on, each line `leading` below the last; `y` ends below it. */
  paragraph(text: string, style: Style, leading: number, x = MARGIN, width = PAGE.width - MARGIN - x) {
    for (const line of this.wrap(text, style, width)) {
      this.line(line, x, this.y, style);
      this.y += leading;
    }
  }

  wrap(text: string, style: Style, width: number): string[] {
    return wrapText(this.printable(text), style.font, style.size, width);
  }

  rule(x: number, top: number, width: number, thickness = 0.5) {
    this.page?.drawLine({
      start: { x, y: PAGE.height - top },
      end: { x: x + width, y: PAGE.height - top },
      thickness,
      color: HAIRLINE,
    });
  }

  box(top: number, height: number) {
    this.page?.drawRectangle({
      x: MARGIN,
      y: PAGE.height - top - height,
      width: TEXT_WIDTH,
      height,
      color: BOX_FILL,
      borderColor: MUTED,
      borderWidth: 0.75,
    });
  }
}

const subjectOf = (letter: Letter) =>
  translator(letter.lang)(`backoffice.letter.subject.${letter.kind}`, { scope: letter.scope.name });

/** Letterhead, fold marks, return address, addressee and date: everything above the body. */
function drawHead(sheet: Sheet, fonts: Fonts, letter: Letter) {
  const { administration } = letter;
  const small = { font: fonts.regular, size: 8, color: MUTED };
  sheet.y = 17 * MM;
  sheet.paragraph(administration.name, { font: fonts.bold, size: 12 }, 14.5, MARGIN, 110 * MM);
  sheet.y -= 2;
  for (const line of [...administration.addressLines, ...administration.contactLines]) {
    sheet.paragraph(line, small, 10, MARGIN, 110 * MM);
  }

  // Where the sheet is folded in three for the envelope, and where a punch centres its holes.
  for (const [top, length] of [
    [105 * MM, 4 * MM],
    [148.5 * MM, 6 * MM],
    [210 * MM, 4 * MM],
  ] as const) {
    sheet.rule(4 * MM, top, length);
  }

  const returnStyle = { font: fonts.regular, size: 6.5, color: MUTED };
  sheet.y = WINDOW.top + 3 * MM;
  sheet.paragraph(
    [administration.name, ...administration.addressLines].join(' · '),
    returnStyle,
    8,
    WINDOW.left,
    WINDOW.width,
  );
  sheet.rule(WINDOW.left, sheet.y - 6, WINDOW.width, 0.4);

  const addressee = [letter.recipient.name, ...letter.recipient.addressLines];
  const first = Math.max(WINDOW.addressTop + 5 * MM, sheet.y + 3 * MM);
  const regular = { font: fonts.regular, size: 10 };
  const count = addressee.reduce((n, line) => n + sheet.wrap(line, regular, WINDOW.width).length, 0);
  // A long address still ends inside the window: its lines draw closer, then smaller.
  const leading = Math.min(12.5, (WINDOW.bottom - first) / Math.max(count - 1, 1));
  const style = { font: fonts.regular, size: Math.min(10, leading / 1.15) };
  sheet.y = first;
  for (const line of addressee) sheet.paragraph(line, style, leading, WINDOW.left, WINDOW.width);

  const date = formatDate(letter.lang, letter.issuedAt);
  sheet.line(
    translator(letter.lang)('backoffice.letter.place', { date }),
    PAGE.width - MARGIN,
    first,
    regular,
    'right',
  );
}

/** Subject, code and instructions, in body text of `size`; `sheet.y` tells where it ended. */
function drawBody(sheet: Sheet, fonts: Fonts, letter: Letter, size: number) {
  const t = translator(letter.lang);
  const { kind, reference, portalUrl: portal } = letter;
  const names = {
    entity: letter.entity.name,
    scope: letter.scope.name,
    scopeCode: letter.scope.code,
    portal,
  };
  const body = { font: fonts.regular, size };
  const leading = size * 1.4;
  const gap = size * 0.75;

  sheet.y = BODY_TOP;
  sheet.paragraph(subjectOf(letter), { font: fonts.bold, size: size + 1.5 }, leading + 2);
  sheet.paragraph(t('backoffice.letter.reference', { reference }), { ...body, color: MUTED }, leading);
  sheet.y += 2 * gap;
  sheet.paragraph(t('backoffice.letter.salutation'), body, leading);
  sheet.y += gap;
  sheet.paragraph(
    t(`backoffice.letter.intro.${kind}`, { ...names, identifier: letter.entity.identifier }),
    body,
    leading,
  );

  const boxTop = sheet.y - size + gap;
  const boxHeight = 19 * MM;
  sheet.box(boxTop, boxHeight);
  const centre = PAGE.width / 2;
  sheet.line(
    t(`backoffice.letter.codeLabel.${kind}`),
    centre,
    boxTop + 6 * MM,
    { ...body, size: 8.5, color: MUTED },
    'center',
  );
  sheet.line(
    formatAccessCode(letter.code),
    centre,
    boxTop + 14 * MM,
    { font: fonts.mono, size: 20 },
    'center',
  );
  sheet.y = boxTop + boxHeight + gap + size;

  sheet.paragraph(t(`backoffice.letter.stepsTitle.${kind}`), { font: fonts.bold, size }, leading);
  sheet.y += gap / 2;
  const steps =
    kind === 'holder'
      ? ['logOn', 'space', 'profile', 'confirm']
      : ['handOver', 'logOn', 'profile', 'confirm'];
  steps.forEach((step, index) => {
    sheet.line(`${index + 1}.`, MARGIN + 4 * MM, sheet.y, body, 'right');
    sheet.paragraph(t(`backoffice.letter.steps.${kind}.${step}`, names), body, leading, MARGIN + 6 * MM);
    sheet.y += gap / 2;
  });

  sheet.y += gap;
  const notes = [
    t('backoffice.letter.once'),
    t(`backoffice.letter.confidential.${kind}`),
    ...(letter.expiresAt
      ? [t('backoffice.letter.validUntil', { date: formatDate(letter.lang, letter.expiresAt) })]
      : []),
    t(`backoffice.letter.allUsers.${kind}`, names),
  ];
  sheet.paragraph(notes.join(' '), body, leading);
  sheet.y += gap;
  sheet.paragraph(t('backoffice.letter.questions', { reference }), body, leading);
  sheet.y += 2 * gap;
  sheet.paragraph(t('backoffice.letter.closing'), body, leading);
  sheet.y += gap;
  sheet.paragraph(letter.administration.name, { font: fonts.bold, size }, leading);
}

function drawFooter(sheet: Sheet, fonts: Fonts, letter: Letter) {
  sheet.rule(MARGIN, FOOTER_RULE, TEXT_WIDTH);
  const footer = translator(letter.lang)('backoffice.letter.footer', { portal: letter.portalUrl });
  sheet.line(
    footer,
    PAGE.width / 2,
    FOOTER_RULE + 5 * MM,
    { font: fonts.regular, size: 8, color: MUTED },
    'center',
  );
}

/** One A4 page per letter, in the order given, as one PDF document. */
export async function renderLetters(letters: Letter[]): Promise<Uint8Array> {
  const [first] = letters;
  if (!first) throw new RangeError('renderLetters needs at least one letter');
  // Left to itself pdf-lib stamps the current time and its own name: the letter's date is what
  // counts, and the same letter then gives the same bytes whenever it is printed again.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.CourierBold),
  };
  const encodable = new Set(fonts.regular.getCharacterSet());
  const printable = (text: string) => toWinAnsi(text, encodable);

  for (const letter of letters) {
    const size =
      BODY_SIZES.find((candidate) => {
        const probe = new Sheet(undefined, printable);
        drawBody(probe, fonts, letter, candidate);
        return probe.y <= FOOTER_RULE;
      }) ?? BODY_SIZES.at(-1)!;
    const sheet = new Sheet(doc.addPage([PAGE.width, PAGE.height]), printable);
    drawHead(sheet, fonts, letter);
    drawBody(sheet, fonts, letter, size);
    drawFooter(sheet, fonts, letter);
  }

  // A batch comes from one administration for one scope: its first letter names the document.
  doc.setTitle(subjectOf(first));
  doc.setAuthor(first.administration.name);
  doc.setLanguage(first.lang);
  doc.setCreationDate(first.issuedAt);
  doc.setProducer('Comptoir');
  return doc.save();
}
