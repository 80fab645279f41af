import { isUuid } from './uuid.ts';

/**
 * Keyset paging: a long list's next page starts after the last line shown (its sort key and id),
 * its previous page ends before the first, so that page 400 of a list costs what page 1 costs
 * (an offset reads and drops every line before the page). The cursor travels in the link as
 * base64url JSON; one that does not parse is ignored (the list starts at its first page).
 */
export type Cursor = { key: string; id: string };
/** Where a page starts: after a line, before a line, or at an offset (a bookmarked `?page=N`). */
export type PageAt = { after?: Cursor | undefined; before?: Cursor | undefined; offset: number };

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');

export function decodeCursor(value: unknown): Cursor | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [key, id] = parsed as unknown[];
    return typeof key === 'string' && !key.includes('\u0000') && typeof id === 'string' && isUuid(id)
      ? { key, id }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The start of page `page` of `size` lines from the query string's `after` or `before`. */
export function pageAtOf(query: { after?: unknown; before?: unknown }, page: number, size: number): PageAt {
  const after = decodeCursor(query.after);
  if (after) return { after, offset: 0 };
  const before = decodeCursor(query.before);
  if (before) return { before, offset: 0 };
  return { offset: (page - 1) * size };
}

/** The cursors of a page's first and last lines, for its "Previous" and "Next" links. */
export function cursorsOf<L>(
  lines: L[],
  cursorOf: (line: L) => Cursor,
): { first: string; last: string } | undefined {
  const first = lines[0];
  const last = lines.at(-1);
  return first && last
    ? { first: encodeCursor(cursorOf(first)), last: encodeCursor(cursorOf(last)) }
    : undefined;
}
