/**
 * The procedures `npm run bench:procedures` measures, written on top of `bench/seed.ts`'s scale:
 *
 * - My procedures of a business eSpace at each size of `LIST_SIZES`, set-based
 *   (`insert … select generate_series`): every tenth procedure is transmitted (with a
 *   reference), the rest are drafts, each with its `created` event, and the eSpace's kept
 *   counters (`procedure_counts`) written from what was inserted;
 * - drafts of ITM-SE-ANNOUNCE for the fiduciary with 10 agent mandates: one filled through the
 *   services (`startProcedure`, `saveStep` with the suite's valid answers), then copied in SQL,
 *   so that each step save and each transmission of the load works on a draft of its own.
 */
import { hashToken } from '../src/features/identity/rules.ts';
import { findSessionWithOwner } from '../src/features/identity/store.ts';
import { saveStep, startProcedure } from '../src/features/procedures/service/drafts.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';
import { announceSteps } from '../test/support/procedures.ts';
import type { ScaleSeed, SqlRunner } from './seed.ts';

/**
 * My procedures is measured at these sizes of the eSpace's list: 10 (the small size,
 * a page of 10 lines), 300 (every page full, 25 lines and the paging links, as at the large
 * size: what differs from it is the size alone), and 100,000.
 */
export const LIST_SIZES = [10, 300, 100_000] as const;
const CODE = 'ITM-SE-ANNOUNCE';

export type ProceduresSeed = {
  /** The session cookie of the Administrator of the eSpace with that many procedures. */
  lists: Record<number, string>;
  /** The eSpace of each size. */
  listSpaces: Record<number, string>;
  /** The agent (fiduciary) whose drafts the posts save and transmit. */
  drafts: { cookie: string; spaceId: string; revision: number; forSteps: string[]; forTransmit: string[] };
};

/** A business eSpace with `size` procedures of ITM-SE-ANNOUNCE, its Administrator logged on. */
async function spaceWithProcedures(
  scale: ScaleSeed,
  size: number,
): Promise<{ cookie: string; space: string }> {
  const { seeder } = scale;
  const person = seeder.persons(1);
  const space = await seeder.businessSpace(`Société ${size} démarches`, person);
  const cookie = await seeder.session(person, space);
  await seeder.sql('begin');
  // Foreign keys are not checked row by row: the rows are consistent by construction.
  await seeder.sql('set local session_replication_role = replica');
  await seeder.sql(
    `with d as (select id, definition->'title'->>'fr' as title from procedure_definitions
                 where code = $3 order by version desc limit 1),
          owner as (select created_by as id from spaces where id = $1),
          rows as (
            insert into procedures (space_id, definition_id, subject_entity_id, name, sort_name, status,
                                    answers, certified, current_step, step_revisions, search_text,
                                    reference, transmitted_at, created_by, created_at, updated_by, updated_at)
            select $1, d.id, e.id, n.name, lower(n.name),
                   case when i % 10 = 0 then 'transmitted' else 'draft' end,
                   '{}', '{}', 'company', '{}',
                   lower(n.name || ' ' || d.title || ' ' || e.name || ' ' || e.value) ||
                     case when i % 10 = 0 then ' ' || lower(n.ref) else '' end,
                   case when i % 10 = 0 then n.ref end,
                   case when i % 10 = 0 then now() - i * interval '1 minute' end,
                   owner.id, now() - i * interval '1 minute', owner.id, now() - i * interval '1 minute'
              from generate_series(1, $2::int) i
              cross join d cross join owner
              join legal_entities e on e.scheme = 'rcs' and e.value = 'B' || (200001 + i % 20000)
              cross join lateral (select e.name || ' – élections ' || (2000 + i % 40) as name,
                                         'ITM-' || $4::text || '-' || lpad(i::text, 6, '0') as ref) n
            returning id, created_at, created_by)
     insert into procedure_events (procedure_id, kind, person_id, at)
     select id, 'created', created_by, created_at from rows`,
    [space, size, CODE, size],
  );
  await seeder.sql(
    `insert into procedure_counts (space_id, status, count)
     select space_id, status, count(*) from procedures where space_id = $1 group by space_id, status`,
    [space],
  );
  await seeder.sql('commit');
  return { cookie, space };
}

/**
 * One draft filled through the services as the step pages fill it, then `copies` copies of it in
 * SQL (with their `created` events and the counters); resolves to the copies' ids.
 */
async function copiesOfFilledDraft(sql: SqlRunner, template: string, copies: number): Promise<string[]> {
  await sql('begin');
  const { rows } = await sql(
    `with rows as (
       insert into procedures (space_id, definition_id, subject_entity_id, name, sort_name, status, answers,
                               certified, current_step, revision, step_revisions, search_text,
                               created_by, updated_by, updated_at)
       select space_id, definition_id, subject_entity_id, name, sort_name, status, answers, certified,
              current_step, revision, step_revisions, search_text, created_by, updated_by, updated_at
         from procedures, generate_series(1, $2::int)
        where id = $1
       returning id, space_id, created_by),
     events as (insert into procedure_events (procedure_id, kind, person_id) select id, 'created', created_by from rows)
     select id from rows`,
    [template, copies],
  );
  await sql(
    `update procedure_counts set count = count + $2
      where (space_id, status) = (select space_id, status from procedures where id = $1)`,
    [template, copies],
  );
  await sql('commit');
  return rows.map((row) => (row as { id: string }).id);
}

/**
 * Seeds My procedures at each size and the drafts to post to, on the database `scale` was
 * seeded on (`databaseUrl` for the services, or PGlite's data folder).
 */
export async function seedProcedures(
  scale: ScaleSeed,
  database: { databaseUrl?: string; dataDir: string },
  drafts: { forSteps: number; forTransmit: number },
): Promise<ProceduresSeed> {
  const lists: Record<number, string> = {};
  const listSpaces: Record<number, string> = {};
  for (const size of LIST_SIZES) {
    const owner = await spaceWithProcedures(scale, size);
    lists[size] = owner.cookie;
    listSpaces[size] = owner.space;
  }

  // The fiduciary with 10 agent mandates on ITM_ELECTIONS: its first client is the draft's company.
  const cookie = scale.cookies.mandates[10]!;
  const opened = await openDatabase({ ...database, poolMax: 2 });
  try {
    const current = await findSessionWithOwner(opened.db, hashToken(cookie.replace(/^sid=/, '')));
    if (!current?.session.selectedSpaceId) throw new Error('the fiduciary has no session');
    const spaceId = current.session.selectedSpaceId;
    const ctx = { db: opened.db, config: loadConfig({ MODE: 'demo', LOG_LEVEL: 'warn' }), current };
    const { rows } = await scale.seeder.sql(
      `select m.entity_id as id from mandates m where m.space_id = $1 order by m.sort_name limit 1`,
      [spaceId],
    );
    const subjectEntityId = (rows[0] as { id: string }).id;
    const draft = await startProcedure(ctx, spaceId, { code: CODE, subjectEntityId });
    let revision = draft.revision;
    for (const [stepId, values] of announceSteps) {
      const saved = await saveStep(ctx, spaceId, draft.id, { stepId, values, revision });
      if (!saved.ok) throw new Error(`step ${stepId}: ${JSON.stringify(saved.errors)}`);
      revision = saved.procedure.revision;
    }
    const forSteps = await copiesOfFilledDraft(scale.seeder.sql, draft.id, drafts.forSteps);
    const forTransmit = await copiesOfFilledDraft(scale.seeder.sql, draft.id, drafts.forTransmit);
    await scale.seeder.sql('analyze');
    return { lists, listSpaces, drafts: { cookie, spaceId, revision, forSteps, forTransmit } };
  } finally {
    await opened.close();
  }
}
