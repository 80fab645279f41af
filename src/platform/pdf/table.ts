import type { PdfDocument } from './document.ts';
import { FOOTER_TOP } from './footer.ts';
import { MARGIN, MM, type Sheet, TEXT_WIDTH } from './sheet.ts';

/** A column: its heading, its share of the text width, and how its cells align. */
export type TableColumn = { header: string; share: number; align?: 'left' | 'right' };
export type Table = { columns: TableColumn[]; rows: string[][] };

const PADDING = 2 * MM;

/**
 * Draws `table` from `sheet.y` on, across the text width: a bold header row, then each row
 * with its cells wrapped in their column, a hairline under each. A row that would run into
 * the footer goes to a new page, under the header again. Returns the sheet the table ended
 * on, its `y` below the table.
 */
export function drawTable(doc: PdfDocument, sheet: Sheet, table: Table, size = 9.5): Sheet {
  const total = table.columns.reduce((sum, column) => sum + column.share, 0);
  const columns = table.columns.map((column, index) => {
    const before = table.columns.slice(0, index).reduce((sum, c) => sum + c.share, 0);
    return {
      ...column,
      left: MARGIN + (TEXT_WIDTH * before) / total,
      width: (TEXT_WIDTH * column.share) / total,
    };
  });
  const leading = size * 1.3;
  const body = { font: doc.fonts.regular, size };
  const head = { font: doc.fonts.bold, size };

  const layout = (cells: string[], style: typeof body) =>
    columns.map((column, index) => sheet.wrap(cells[index] ?? '', style, column.width - PADDING));
  const heightOf = (lines: string[][]) => Math.max(1, ...lines.map((cell) => cell.length)) * leading;
  const drawRow = (target: Sheet, lines: string[][], style: typeof body) => {
    const top = target.y;
    lines.forEach((cell, index) => {
      const column = columns[index]!;
      cell.forEach((line, n) => {
        const baseline = top + size + n * leading;
        if (column.align === 'right')
          target.line(line, column.left + column.width - PADDING, baseline, style, 'right');
        else target.line(line, column.left, baseline, style);
      });
    });
    target.y = top + heightOf(lines) + size * 0.4;
    target.rule(MARGIN, target.y, TEXT_WIDTH);
    target.y += size * 0.4;
  };

  const header = layout(
    table.columns.map((column) => column.header),
    head,
  );
  let current = sheet;
  drawRow(current, header, head);
  for (const row of table.rows) {
    const lines = layout(row, body);
    if (current.y + heightOf(lines) > FOOTER_TOP - 4 * MM) {
      current = current.page ? doc.addPage() : doc.measure();
      current.y = MARGIN;
      drawRow(current, header, head);
    }
    drawRow(current, lines, body);
  }
  return current;
}
