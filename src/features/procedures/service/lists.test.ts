import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../../test/support/app.ts';
import { businessSpace, mandateOn, memberOf, someone } from '../../../../test/support/procedures.ts';
import { statementsOf } from '../../../../test/support/statements.ts';
import { AppError } from '../../../platform/errors.ts';
import type { SpaceCtx } from '../../spaces/service.ts';
import { listQuery } from '../store/procedures.ts';
import { deleteDraft, renameProcedure, saveStep, startProcedure } from './drafts.ts';
import { myProcedures, procedureDetail, transmissionSlip } from './lists.ts';
import { transmit } from './transmit.ts';

const steps: [string, Record<string, unknown>][] = [
  ['company', { employeeCount: 48 }],
  [
    'elections',
    { electionDate: '2029-03-12', delegatesCount: 3, existingDelegation: false, equalityDelegate: true },
  ],
  [
    'contact',
    { contactName: 'Karine Maitry', contactEmail: 'rh@maitry.lu', contactTelephone: '+352 621 123 456' },
  ],
];

describe('My procedures and a procedure detail', () => {
  let t: TestApp;
  let spaceId: string;
  let head: SpaceCtx;
  let colleague: SpaceCtx;
  const ids: Record<string, string> = {};
  let minute = 0;
  /** Each action a minute after the last: "last change" orders them without waiting. */
  const at = (ctx: SpaceCtx): SpaceCtx => ({ ...ctx, now: new Date(Date.UTC(2029, 0, 10, 8, minute++)) });

  before(async () => {
    t = await testApp();
    const made = await businessSpace(t, 'Fiduciaire Ettelbruck');
    spaceId = made.space.id;
    head = made.head.ctx;
    colleague = (await memberOf(t, spaceId, 'manager')).ctx;
    const own = (await mandateOn(t, head, spaceId, 'B100001')).entityId;
    const client = (await mandateOn(t, head, spaceId, 'B100003', 'agent')).entityId;
    // Five procedures: two transmitted, two drafts, one deleted, with names of the eSpace's own.
    const make = async (name: string, entityId: string, fill: boolean, by = head) => {
      const draft = await startProcedure(at(by), spaceId, {
        code: 'ITM-SE-ANNOUNCE',
        subjectEntityId: entityId,
      });
      await renameProcedure(at(by), spaceId, draft.id, name);
      if (fill) {
        let revision = draft.revision + 1;
        for (const [stepId, values] of steps) {
          const saved = await saveStep(at(by), spaceId, draft.id, { stepId, values, revision });
          assert.ok(saved.ok);
          revision = saved.procedure.revision;
        }
      }
      ids[name] = draft.id;
      return draft.id;
    };
    const weber = await make('Élections Weber', client, true);
    await transmit(at(head), spaceId, weber);
    await make('Brouillon Maitry', own, false);
    const maitry = await make('Annonce Maitry 2029', own, true, colleague);
    await transmit(at(colleague), spaceId, maitry);
    await make('Zéro Weber', client, false, colleague);
    const doomed = await make('To delete', own, false);
    await deleteDraft(at(head), spaceId, doomed);
  });
  after(() => t.close());

  const names = (page: Awaited<ReturnType<typeof myProcedures>>) => page.items.map((item) => item.name);

  it('lists the procedures not deleted, last changed first, with procedure, company and who changed it last', async () => {
    const page = await myProcedures(head, spaceId);
    assert.deepEqual(names(page), [
      'Zéro Weber',
      'Annonce Maitry 2029',
      'Brouillon Maitry',
      'Élections Weber',
    ]);
    const first = page.items[0]!;
    assert.equal(first.code, 'ITM-SE-ANNOUNCE');
    assert.equal(first.title.en, 'Announcement of the social elections');
    assert.deepEqual(first.subject, { name: 'Weber Transports SARL', scheme: 'rcs', value: 'B100003' });
    assert.equal(first.updatedBy?.surname, colleague.current.person.surname);
    assert.equal(first.status, 'draft');
    assert.match(page.items[1]!.reference ?? '', /^ITM-2029-\d{6}$/);
    assert.equal(page.next, undefined);
    assert.equal(page.totals.all, 4);
    assert.equal(page.totals.draft, 2);
    assert.equal(page.totals.transmitted, 2);
    assert.equal(page.totals.in_processing, 0);
  });

  it('filters by status, and shows all for a status it does not know', async () => {
    assert.deepEqual(names(await myProcedures(head, spaceId, { status: 'transmitted' })), [
      'Annonce Maitry 2029',
      'Élections Weber',
    ]);
    assert.deepEqual(names(await myProcedures(head, spaceId, { status: 'draft' })), [
      'Zéro Weber',
      'Brouillon Maitry',
    ]);
    assert.equal((await myProcedures(head, spaceId, { status: 'deleted' })).items.length, 4);
    assert.equal((await myProcedures(head, spaceId, { status: 'nonsense' })).items.length, 4);
  });

  it('sorts by name and by reference (drafts last)', async () => {
    // Accents do not count: « Élections » sorts among the e.
    assert.deepEqual(names(await myProcedures(head, spaceId, { order: 'name' })), [
      'Annonce Maitry 2029',
      'Brouillon Maitry',
      'Élections Weber',
      'Zéro Weber',
    ]);
    const byReference = await myProcedures(head, spaceId, { order: 'reference' });
    assert.deepEqual(names(byReference).slice(0, 2), ['Élections Weber', 'Annonce Maitry 2029']);
    assert.deepEqual(
      byReference.items.slice(2).map((item) => item.reference),
      [null, null],
    );
  });

  it('finds by the start of any word of the name, reference, procedure or company, without accents', async () => {
    const found = async (q: string) => names(await myProcedures(head, spaceId, { q })).sort();
    assert.deepEqual(await found('zero'), ['Zéro Weber']);
    assert.deepEqual(
      await found('ELECTIONS weber'),
      ['Zéro Weber', 'Élections Weber'],
      'the title has « élections »',
    );
    assert.deepEqual(await found('WEB'), ['Zéro Weber', 'Élections Weber']);
    assert.deepEqual(await found('transports'), ['Zéro Weber', 'Élections Weber']);
    assert.deepEqual(await found('B100001'), ['Annonce Maitry 2029', 'Brouillon Maitry']);
    assert.deepEqual(await found('Sozialwahlen').then((n) => n.length), 4);
    const reference = (await myProcedures(head, spaceId, { status: 'transmitted' })).items[0]!.reference!;
    assert.deepEqual(await found(reference), ['Annonce Maitry 2029']);
    assert.deepEqual(await found('nothing-like-it'), []);
    assert.equal((await myProcedures(head, spaceId, { q: '  ' })).items.length, 4);
  });

  it('pages by keyset in every order: each procedure once, and a cursor that is not one starts again', async () => {
    for (const order of ['changed', 'name', 'reference']) {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await myProcedures(head, spaceId, { order, limit: 1, after });
        seen.push(...names(page));
        after = page.next;
      } while (after);
      assert.deepEqual(seen, names(await myProcedures(head, spaceId, { order })), order);
    }
    for (const after of ['garbage', Buffer.from('["x","y"]').toString('base64url'), 'W251bGwsIjEiXQ'])
      assert.equal((await myProcedures(head, spaceId, { after })).items.length, 4);
  });

  it('counts nothing: the totals come from the counters', async () => {
    const { statements } = await statementsOf(() =>
      myProcedures(head, spaceId, { q: 'weber', status: 'draft' }),
    );
    assert.ok(
      statements.every((s) => !/count\s*\(/i.test(s)),
      statements.join('\n'),
    );
  });

  it('shows a procedure with its timeline, answers, company and slip to every member', async () => {
    const detail = await procedureDetail(colleague, spaceId, ids['Élections Weber']!);
    assert.deepEqual(
      detail.timeline.map((e) => [e.kind, e.step, e.by?.surname]),
      [
        ['created', null, head.current.person.surname],
        ['renamed', null, head.current.person.surname],
        ['saved', 'company', head.current.person.surname],
        ['saved', 'elections', head.current.person.surname],
        ['saved', 'contact', head.current.person.surname],
        ['transmitted', null, head.current.person.surname],
      ],
    );
    assert.equal(detail.subject?.value, 'B100003');
    assert.equal(detail.answers.companyName, 'Weber Transports SARL');
    assert.equal(detail.answers.delegatesCount, 3);
    assert.match(detail.transmission?.reference ?? '', /^ITM-2029-/);
    const slip = await transmissionSlip(colleague, spaceId, ids['Élections Weber']!);
    assert.equal(slip.mediaType, 'application/pdf');
    assert.equal(slip.filename, `${detail.transmission!.reference}.pdf`);
    const draft = await procedureDetail(head, spaceId, ids['Brouillon Maitry']!);
    assert.equal(draft.transmission, undefined);
    await assert.rejects(transmissionSlip(head, spaceId, ids['Brouillon Maitry']!), notFound);
  });

  const notFound = (error: unknown) => error instanceof AppError && error.code === 'NotFound';

  it('gives outsiders, deactivated members and a deleted procedure not found', async () => {
    const outsider = (await someone(t)).ctx;
    const deactivated = (await memberOf(t, spaceId, 'administrator', 'deactivated')).ctx;
    for (const ctx of [outsider, deactivated]) {
      await assert.rejects(myProcedures(ctx, spaceId), notFound);
      await assert.rejects(procedureDetail(ctx, spaceId, ids['Élections Weber']!), notFound);
      await assert.rejects(transmissionSlip(ctx, spaceId, ids['Élections Weber']!), notFound);
    }
    await assert.rejects(procedureDetail(head, spaceId, ids['To delete']!), notFound);
    await assert.rejects(procedureDetail(head, spaceId, 'not-an-id'), notFound);
  });
});

describe('My procedures at scale', () => {
  let t: TestApp;
  let spaceId: string;
  const ROWS = 20_000;

  before(async () => {
    t = await testApp();
    spaceId = (await businessSpace(t, 'Big Fiduciary')).space.id;
    // Rows written straight into the table: only the columns the list reads matter here.
    await t.database.db.execute(sql`
      insert into procedures
        (space_id, definition_id, name, sort_name, status, answers, certified, current_step,
         step_revisions, search_text, reference, updated_at)
      select ${spaceId}, (select id from procedure_definitions where code = 'ITM-SE-ANNOUNCE' and version = 2),
             'Client ' || i, 'client ' || i,
             case when i % 3 = 0 then 'transmitted' else 'draft' end, '{}', '{}', 'company', '{}',
             'client ' || i, case when i % 3 = 0 then 'ITM-2029-' || lpad(i::text, 6, '0') end,
             now() - i * interval '1 minute'
        from generate_series(1, ${ROWS}) as i`);
    // Other eSpaces' procedures, as a portal holds: their references share the global index of
    // references, which would serve an order by reference only by reading them too.
    for (const name of ['Other Fiduciary', 'Third Fiduciary']) {
      const other = (await businessSpace(t, name)).space.id;
      await t.database.db.execute(sql`
        insert into procedures
          (space_id, definition_id, name, sort_name, status, answers, certified, current_step,
           step_revisions, search_text, reference, updated_at)
        select ${other}, (select id from procedure_definitions where code = 'ITM-SE-ANNOUNCE' and version = 2),
               'Client ' || i, 'client ' || i, 'transmitted', '{}', '{}', 'company', '{}',
               'client ' || i, ${name.slice(0, 5).toUpperCase()} || '-2029-' || lpad(i::text, 6, '0'), now()
          from generate_series(1, ${ROWS}) as i`);
    }
    await t.database.db.execute(sql`analyze procedures`);
  });
  after(() => t.close());

  const planOf = async (filter: Parameters<typeof listQuery>[1]) =>
    (
      (await t.database.db.execute(sql`explain ${listQuery(t.database.db, filter)}`)) as unknown as {
        rows: { 'QUERY PLAN': string }[];
      }
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');

  for (const [order, status, index] of [
    ['changed', undefined, 'procedures_space_changed_idx'],
    ['changed', 'draft', 'procedures_space_status_changed_idx'],
    ['name', undefined, 'procedures_space_name_idx'],
    ['reference', undefined, 'procedures_space_reference_idx'],
    ['name', 'transmitted', 'procedures_space_status_name_idx'],
    ['reference', 'transmitted', 'procedures_space_status_reference_idx'],
  ] as const) {
    it(`reads a page by ${order}${status ? ` of ${status}` : ''} from ${index}, sorting nothing`, async () => {
      const plan = await planOf({ spaceId, order, status, limit: 26 });
      assert.match(plan, new RegExp(`Index Scan( Backward)? using ${index} on procedures`), plan);
      assert.doesNotMatch(plan, /Seq Scan on procedures|Sort/, plan);
    });
  }

  // "Previous": the page before a line reads the same index backwards from it.
  const id = '00000000-0000-4000-8000-000000000000';
  for (const [order, key, index] of [
    ['changed', new Date(Date.now() - 5000 * 60_000).toISOString(), 'procedures_space_changed_idx'],
    ['name', 'client 5000', 'procedures_space_name_idx'],
    ['reference', 'ITM-2029-005000', 'procedures_space_reference_idx'],
    ['reference', null, 'procedures_space_reference_idx'],
  ] as const) {
    it(`reads the page before a line by ${order}${key === null ? ' (a draft)' : ''} from ${index}, sorting nothing`, async () => {
      const plan = await planOf({ spaceId, order, before: { key, id }, limit: 26 });
      assert.match(plan, new RegExp(`Index Scan( Backward)? using ${index} on procedures`), plan);
      assert.doesNotMatch(plan, /Seq Scan on procedures|Sort/, plan);
    });
  }
});
