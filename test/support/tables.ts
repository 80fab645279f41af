import { type SQL, sql } from 'drizzle-orm';
import type { TestApp } from './app.ts';

const rowsOf = async <T>(t: TestApp, query: SQL) =>
  ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;

/**
 * Tables a refused request may write to and still have saved nothing: the log on in progress
 * (showing a log on page starts one; asking passkey options stores a challenge), the sessions
 * (each request marks its session seen), the audit trail (refusals are audited), the
 * failure counters (a wrong code counts) and the answers of creating forms' one-time tokens (a
 * form sent back to itself with a redirect keeps that answer for its token).
 */
export const bookkeepingTables = new Set([
  'logon_attempts',
  'sessions',
  'audit_events',
  'throttle_events',
  'idempotency_keys',
]);

/**
 * A fingerprint of every row of every table of the portal but the `ignore`d ones (by default
 * the bookkeeping ones), one per table, read in one statement: two equal snapshots mean nothing
 * was saved in between.
 */
export async function snapshotTables(t: TestApp, ignore = bookkeepingTables): Promise<Map<string, string>> {
  const names = (
    await rowsOf<{ name: string }>(
      t,
      sql`select table_name as name from information_schema.tables
           where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )
  )
    .map((row) => row.name)
    .filter((name) => !ignore.has(name));
  const parts = names.map(
    (name) =>
      sql`select ${name}::text as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as print from ${sql.identifier(name)} t`,
  );
  const rows = await rowsOf<{ name: string; print: string }>(t, sql.join(parts, sql` union all `));
  return new Map(rows.map((row) => [row.name, row.print]));
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => before.get(name) !== after.get(name),
  );
}
