import { rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { A4, type Sheet } from './sheet.ts';

// A reader needs four light modules around the symbol to find it (ISO/IEC 18004).
const QUIET_ZONE = 4;

/**
 * Draws `text` as a QR code whose top-left corner is at `x`, `top` and which is `size` wide,
 * quiet zone included. Error correction M survives a fold or a stain. The modules are drawn
 * as vectors, one rectangle per run of dark modules: sharp at any printer's resolution.
 */
export function drawQrCode(sheet: Sheet, text: string, at: { x: number; top: number; size: number }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  let path = '';
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && modules.get(row, col)) col++;
      path += `M${start} ${row}h${col - start}v1h${start - col}z`;
    }
  }
  const module = at.size / (count + 2 * QUIET_ZONE);
  sheet.page?.drawSvgPath(path, {
    x: at.x + QUIET_ZONE * module,
    y: A4.height - at.top - QUIET_ZONE * module,
    scale: module,
    color: rgb(0, 0, 0),
    borderWidth: 0,
  });
}
