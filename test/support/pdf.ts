import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** A run of text as a PDF draws it, placed in points from the page's top-left corner. */
export type PdfText = {
  str: string;
  x: number;
  /** From the top of the page to the baseline. */
  baseline: number;
  width: number;
  height: number;
};

/** One page's text: its runs with their positions, and the lines they make, top to bottom. */
export type PdfPage = { width: number; height: number; items: PdfText[]; lines: string[]; text: string };

/** Runs on one baseline (within half a point), left to right, as one line of text. */
function linesOf(items: PdfText[]): string[] {
  const rows: PdfText[][] = [];
  for (const item of [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x)) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.baseline - item.baseline) < 0.5) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) =>
    row
      .sort((a, b) => a.x - b.x)
      .reduce((line, item, index) => {
        const previous = row[index - 1];
        const apart = previous && item.x - (previous.x + previous.width) > 1;
        return `${line}${apart ? ' ' : ''}${item.str}`;
      }, ''),
  );
}

/**
 * The text of every page of a PDF, read back by a real PDF reader (pdf.js), and the document's
 * information dictionary (title, author, language…).
 */
export async function readPdf(
  bytes: Uint8Array,
): Promise<{ pages: PdfPage[]; info: Record<string, unknown> }> {
  const document = await getDocument({
    // pdf.js takes the buffer over (it is detached afterwards): give it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [left = 0, bottom = 0, right = 0, top = 0] = page.view;
      const content = await page.getTextContent();
      const items = content.items
        .filter((item): item is TextItem => 'str' in item && item.str.trim() !== '')
        .map((item) => ({
          str: item.str,
          x: item.transform[4] - left,
          baseline: top - item.transform[5],
          width: item.width,
          height: item.height,
        }));
      const lines = linesOf(items);
      pages.push({ width: right - left, height: top - bottom, items, lines, text: lines.join('\n') });
    }
    const { info } = await document.getMetadata();
    return { pages, info: info as Record<string, unknown> };
  } finally {
    await document.destroy();
  }
}
