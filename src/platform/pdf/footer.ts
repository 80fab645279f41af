import type { PdfDocument } from './document.ts';
import type { Fonts } from './fonts.ts';
import { A4, MARGIN, MM, MUTED, type Sheet, TEXT_WIDTH } from './sheet.ts';

/** Where the footer's rule runs: a page's content ends above it. */
export const FOOTER_TOP = 281 * MM;
const BASELINE = FOOTER_TOP + 5 * MM;

/**
 * A rule and a small line at the foot of the page: centred, or on the left with the page's
 * number ("Page 2 of 3", in the caller's words) on the right.
 */
export function drawFooter(sheet: Sheet, fonts: Fonts, text: string, pageLabel?: string) {
  const style = { font: fonts.regular, size: 8, color: MUTED };
  sheet.rule(MARGIN, FOOTER_TOP, TEXT_WIDTH);
  if (pageLabel === undefined) {
    sheet.line(text, A4.width / 2, BASELINE, style, 'center');
    return;
  }
  sheet.line(pageLabel, A4.width - MARGIN, BASELINE, style, 'right');
  sheet.y = BASELINE;
  const room = TEXT_WIDTH - style.font.widthOfTextAtSize(pageLabel, style.size) - 6 * MM;
  sheet.paragraph(text, style, 9, MARGIN, room);
}

/** The footer on every page so far, each with its number out of the total. */
export function drawNumberedFooters(
  doc: PdfDocument,
  text: string,
  label: (page: number, pages: number) => string,
) {
  doc.sheets.forEach((sheet, index) => {
    drawFooter(sheet, doc.fonts, text, label(index + 1, doc.sheets.length));
  });
}
