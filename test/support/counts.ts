import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/platform/db.ts';

const rowsOf = async (db: Db, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: { key: string; n: number | string }[] }).rows;

/** Count rows as `key → n`, leaving zeros out (a count row at 0 and no row say the same). */
const asMap = (rows: { key: string; n: number | string }[]) =>
  Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.key, Number(r.n)]));

/**
 * Checks that the counts the database keeps (src/db/schema/counts.ts) equal the rows they count,
 * for every eSpace and company: the Users tab's lines, and the agent mandates not ended by eSpace
 * and by company, per scope and period.
 */
export async function assertCountsRight(db: Db): Promise<void> {
  const kept = asMap(await rowsOf(db, sql`select space_id::text as key, users as n from space_user_counts`));
  const recounted = asMap(
    await rowsOf(
      db,
      sql`select space_id::text as key, count(*) as n from (
            select space_id from memberships
            union all
            select space_id from invitations where status in ('pending', 'declined', 'expired')) u
          group by space_id`,
    ),
  );
  assert.deepEqual(kept, recounted, 'space_user_counts');
  const key = sql`owner || ' ' || owner_id || ' ' || scope_id || ' ' || valid_until::text`;
  const keptMandates = asMap(
    await rowsOf(db, sql`select ${key} as key, mandates as n from agent_mandate_counts`),
  );
  const recountedMandates = asMap(
    await rowsOf(
      db,
      sql`select ${key} as key, count(*) as n from (
            select k.owner, k.owner_id, m.scope_id, coalesce(m.valid_until, 'infinity') as valid_until
              from mandates m
              cross join lateral (values ('space', m.space_id), ('entity', m.entity_id)) k(owner, owner_id)
             where m.kind = 'agent' and m.ended_at is null) c
          group by 1`,
    ),
  );
  assert.deepEqual(keptMandates, recountedMandates, 'agent_mandate_counts');
}
