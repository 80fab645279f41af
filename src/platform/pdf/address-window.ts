import type { Fonts } from './fonts.ts';
import { MM, MUTED, type Sheet } from './sheet.ts';

// DIN 5008 form B, the address field of a left window envelope: a 5 mm band for the return
// address, then the addressee, where the window shows them whatever the envelope's model.
const WINDOW = { left: 20 * MM, top: 45 * MM, addressTop: 50 * MM, width: 85 * MM, bottom: 90 * MM };

/** Where a letter's text starts: below the address window, as DIN 5008 form B places it. */
export const LETTER_BODY_TOP = 103 * MM;

/**
 * The return address on one small line and the addressee's lines below it, inside the window
 * of a DIN 5008 type B envelope. A long address still ends inside the window: its lines draw
 * closer, then smaller. Returns the baseline of the addressee's first line (where a letter
 * puts its date, on the right).
 */
export function drawAddressWindow(
  sheet: Sheet,
  fonts: Fonts,
  address: { returnAddress: string; addressee: string[] },
): number {
  sheet.y = WINDOW.top + 3 * MM;
  sheet.paragraph(
    address.returnAddress,
    { font: fonts.regular, size: 6.5, color: MUTED },
    8,
    WINDOW.left,
    WINDOW.width,
  );
  sheet.rule(WINDOW.left, sheet.y - 6, WINDOW.width, 0.4);

  const first = Math.max(WINDOW.addressTop + 5 * MM, sheet.y + 3 * MM);
  const regular = { font: fonts.regular, size: 10 };
  const count = address.addressee.reduce((n, line) => n + sheet.wrap(line, regular, WINDOW.width).length, 0);
  const leading = Math.min(12.5, (WINDOW.bottom - first) / Math.max(count - 1, 1));
  const style = { font: fonts.regular, size: Math.min(10, leading / 1.15) };
  sheet.y = first;
  for (const line of address.addressee) sheet.paragraph(line, style, leading, WINDOW.left, WINDOW.width);
  return first;
}
