import { type Color, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { printable, wrapText } from './text.ts';

/** Millimetres to PDF points: pages are designed in millimetres, as printers and DIN 5008 are. */
export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
/** Left and right margins, and the top of a page that has no letterhead. */
export const MARGIN = 20 * MM;
export const TEXT_WIDTH = A4.width - 2 * MARGIN;

export const INK = rgb(0.11, 0.12, 0.14);
export const MUTED = rgb(0.36, 0.38, 0.42);
export const HAIRLINE = rgb(0.72, 0.74, 0.77);
const BOX_FILL = rgb(0.955, 0.96, 0.965);

export type TextStyle = { font: PDFFont; size: number; color?: Color };
export type Align = 'left' | 'center' | 'right';

/**
 * A page laid out from the top, as a document is designed: `y` is the distance from the top
 * edge to the next baseline. Without a page it only measures, to choose a size before drawing.
 * Text is made printable in its font first: nothing a person typed can stop a document.
 */
export class Sheet {
  y = 0;
  constructor(readonly page: PDFPage | undefined) {}

  /** One line, its start at `x` (left), its centre (center) or its end (right). */
  line(text: string, x: number, baseline: number, style: TextStyle, align: Align = 'left') {
    const drawn = printable(text, style.font);
    const width = style.font.widthOfTextAtSize(drawn, style.size);
    const start = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
    this.page?.drawText(drawn, {
      x: start,
      y: A4.height - baseline,
      font: style.font,
      size: style.size,
      color: style.color ?? INK,
    });
  }

  /** Wrapped text from `y` on, each line `leading` below the last; `y` ends below it. */
  paragraph(text: string, style: TextStyle, leading: number, x = MARGIN, width = A4.width - MARGIN - x) {
    for (const line of this.wrap(text, style, width)) {
      this.line(line, x, this.y, style);
      this.y += leading;
    }
  }

  /** The lines `text` takes in `width`, as `paragraph` would draw them. */
  wrap(text: string, style: TextStyle, width: number): string[] {
    return wrapText(printable(text, style.font), style.font, style.size, width);
  }

  /** A horizontal hairline `top` from the top edge. */
  rule(x: number, top: number, width: number, thickness = 0.5) {
    this.page?.drawLine({
      start: { x, y: A4.height - top },
      end: { x: x + width, y: A4.height - top },
      thickness,
      color: HAIRLINE,
    });
  }

  /** A shaded, framed box across the text width, to set something apart (a code, a total). */
  box(top: number, height: number, x = MARGIN, width = TEXT_WIDTH) {
    this.page?.drawRectangle({
      x,
      y: A4.height - top - height,
      width,
      height,
      color: BOX_FILL,
      borderColor: MUTED,
      borderWidth: 0.75,
    });
  }
}
