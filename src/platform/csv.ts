import { parse } from 'csv-parse/sync';

/** A CSV row: its cells by lower-case column name, and its line in the file (for reports). */
export type CsvRow = { line: number; record: Record<string, string> };

/**
 * The rows of a CSV file with a header line (any BOM, blank lines skipped), or the syntax problem
 * that stops reading it, with its line.
 */
export function readCsv(csv: string): CsvRow[] | { line: number; message: string } {
  try {
    const records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines, record }));
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return { line: lines ?? 1, message };
  }
}
