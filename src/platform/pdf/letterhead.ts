import type { Fonts } from './fonts.ts';
import { MARGIN, MM, MUTED, type Sheet } from './sheet.ts';

/** Who sends a document: an administration's name and its postal and contact lines. */
export type Sender = { name: string; addressLines: string[]; contactLines: string[] };

const HEAD_WIDTH = 110 * MM;

/** The sender's name in bold and its address and contact lines below, top left of the page. */
export function drawLetterhead(sheet: Sheet, fonts: Fonts, sender: Sender) {
  const small = { font: fonts.regular, size: 8, color: MUTED };
  sheet.y = 17 * MM;
  sheet.paragraph(sender.name, { font: fonts.bold, size: 12 }, 14.5, MARGIN, HEAD_WIDTH);
  sheet.y -= 2;
  for (const line of [...sender.addressLines, ...sender.contactLines]) {
    sheet.paragraph(line, small, 10, MARGIN, HEAD_WIDTH);
  }
}

/** Where the sheet is folded in three for the envelope, and where a punch centres its holes. */
export function drawFoldMarks(sheet: Sheet) {
  for (const [top, length] of [
    [105 * MM, 4 * MM],
    [148.5 * MM, 6 * MM],
    [210 * MM, 4 * MM],
  ] as const) {
    sheet.rule(4 * MM, top, length);
  }
}
