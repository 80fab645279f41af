import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { type Agent, logOn, personLoggedOn } from '../../test/support/agent.ts';
import { type TestApp, testApp } from '../../test/support/app.ts';
import { confirmCode, issueCode } from '../../test/support/certification.ts';
import { newOtpPerson, secondToken } from '../../test/support/identity.ts';
import { ctxOf, entity, fillAndTransmit, fillSteps } from '../../test/support/procedures.ts';
import { join, membershipOf, pendingInvitation, setUpBusinessSpace } from '../../test/support/spaces.ts';
import { statementsOf } from '../../test/support/statements.ts';
import { memberships, persons, procedures } from '../db/schema/index.ts';
import type { Feature } from '../platform/http/app.tsx';
import { grantOfficer } from './authorities/service.ts';
import { startProcedure } from './procedures/service/drafts.ts';

/**
 * Every main page issues at most the SQL statements its feature's `budgets.ts` allows for one
 * logged-on GET (the session, the selected eSpace and its menu, the page, its counts), so that an
 * N+1 or a forgotten count fails here rather than slowing every user. Each list holds several
 * rows: a query per row then shows as more statements than the budget.
 */

/** Every feature's budgets, read from the `budgets.ts` beside its routes. */
async function allBudgets(): Promise<Map<string, number>> {
  const budgets = new Map<string, number>();
  for (const entry of await readdir(import.meta.dirname, { withFileTypes: true })) {
    const file = path.join(import.meta.dirname, entry.name, 'budgets.ts');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const { queryBudgets } = (await import(file)) as { queryBudgets: Record<string, number> };
    for (const [route, budget] of Object.entries(queryBudgets)) {
      assert.ok(!budgets.has(route), `${route} has two budgets`);
      budgets.set(route, budget);
    }
  }
  return budgets;
}

type Visitor = 'administrator' | 'officer';

/** Ids made in `before`, for the URLs of pages about one thing. */
const made = { draft: '', transmitted: '', complete: '' };

/** How to reach each budgeted route: as whom, at which URL (read once `before` has run). */
const visits: Record<string, { as: Visitor; url: string | (() => string) }> = {
  '/': { as: 'administrator', url: '/' },
  '/spaces': { as: 'administrator', url: '/spaces' },
  '/space/profile': { as: 'administrator', url: '/space/profile' },
  '/space/users': { as: 'administrator', url: '/space/users' },
  '/space/certifications': { as: 'administrator', url: '/space/certifications' },
  '/space/certifications/:scope': { as: 'administrator', url: '/space/certifications/ITM_ELECTIONS' },
  '/business-data': { as: 'administrator', url: '/business-data' },
  '/business-data/:scope': { as: 'administrator', url: '/business-data/ITM_ELECTIONS' },
  '/communications': { as: 'administrator', url: '/communications' },
  '/procedures': { as: 'administrator', url: '/procedures' },
  '/procedures/:id': { as: 'administrator', url: () => `/procedures/${made.transmitted}` },
  '/devices': { as: 'administrator', url: '/devices' },
  '/procedures/new': { as: 'administrator', url: '/procedures/new' },
  '/procedures/new/:code': { as: 'administrator', url: '/procedures/new/ITM-SE-ANNOUNCE' },
  '/backoffice': { as: 'officer', url: '/backoffice' },
  '/backoffice/:admin/codes': { as: 'officer', url: '/backoffice/ITM/codes' },
  '/procedures/:id/steps/:step': {
    as: 'administrator',
    url: () => `/procedures/${made.draft}/steps/contact`,
  },
  '/procedures/:id/check': { as: 'administrator', url: () => `/procedures/${made.complete}/check` },
};

/**
 * The statements of one GET, checked against a budget; the message lists them. The home page is
 * visited just before: the session is touched at most once a minute, a write of no page.
 */
async function withinBudget(agent: Agent, url: string, budget: number): Promise<number> {
  await agent.get('/');
  const { result, statements } = await statementsOf(() => agent.get(url));
  assert.equal(result.statusCode, 200, `${url} answers ${result.statusCode}`);
  assert.ok(
    statements.length <= budget,
    `${url} issued ${statements.length} SQL statements, over its budget of ${budget}:\n` +
      statements.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n'),
  );
  return statements.length;
}

/**
 * A page written for this test: the members of the selected eSpace, with each member's name
 * read by one query per member when `?perRow` (the N+1 a budget is there to catch).
 */
const BUDGETED_LIST = '/test/members';
const listPage: Feature = (app, deps) => {
  app.get<{ Querystring: { perRow?: string } }>(BUDGETED_LIST, async (request, reply) => {
    const { db } = deps.database;
    const rows = await db.select().from(memberships).where(eq(memberships.spaceId, request.space!.space.id));
    const names = request.query.perRow
      ? await Promise.all(
          rows.map(
            async (m) => (await db.select().from(persons).where(eq(persons.id, m.personId)))[0]!.surname,
          ),
        )
      : rows.map((m) => m.sortName);
    return reply.send(names);
  });
};

describe('query budgets: the SQL statements of one logged-on GET of each page', () => {
  let t: TestApp;
  const agents = {} as Record<Visitor, Agent>;
  let budgets: Map<string, number>;

  before(async () => {
    t = await testApp({ extraFeatures: [listPage] });
    budgets = await allBudgets();
    // An Administrator of a certified business eSpace with three more members (whose joining
    // fills "My communications"), two pending invitations, three mandates obtained, two devices.
    const { person, agent } = await personLoggedOn(t);
    agents.administrator = agent;
    const identifier = await setUpBusinessSpace(agent, 'Budget Bâtiment');
    for (let i = 0; i < 3; i++) {
      const member = await personLoggedOn(t);
      await join(t, agent, member.person, member.agent);
    }
    await pendingInvitation(t, agent);
    await pendingInvitation(t, agent);
    const holder = await issueCode(t, { entity: 'rcs:B100001' });
    assert.equal((await confirmCode(agent, holder.code)).statusCode, 303);
    for (const entity of ['rcs:B100002', 'rcs:B100003', 'rcs:B100004']) {
      const client = await issueCode(t, { entity, kind: 'agent' });
      assert.equal((await confirmCode(agent, client.code, 'agent')).statusCode, 303);
    }
    await secondToken(t, person);

    // Three procedures of the certified company's announcement: one transmitted (the detail
    // shows its history and slip), one complete (Check your answers), one filled up to its last step.
    const ctx = await ctxOf(t, person.personId, person.deviceId);
    const spaceId = (await membershipOf(t, person.personId, identifier)).spaceId;
    const subjectEntityId = (await entity(t, 'B100001')).id;
    const started = [];
    for (let i = 0; i < 3; i++)
      started.push(await startProcedure(ctx, spaceId, { code: 'ITM-SE-ANNOUNCE', subjectEntityId }));
    made.transmitted = started[0]!.id;
    await fillAndTransmit(ctx, spaceId, made.transmitted);
    made.complete = started[2]!.id;
    await fillSteps(ctx, spaceId, made.complete);
    made.draft = started[1]!.id;
    await t.database.db
      .update(procedures)
      .set({ currentStep: 'contact' })
      .where(eq(procedures.id, made.draft));
    // An officer of two administrations (so /backoffice lists them), with codes issued.
    const officer = await newOtpPerson(t);
    for (const administration of ['ITM', 'MENJE']) {
      await grantOfficer(
        { db: t.database.db, config: t.config },
        { person: officer.personId, administration },
      );
    }
    for (const entity of ['rcs:B100005', 'rcs:B100006', 'rcs:B100007']) await issueCode(t, { entity });
    agents.officer = await logOn(t, officer);
  });
  after(() => t.close());

  it('has a visit for every budget and a budget for every page visited', async () => {
    assert.deepEqual([...budgets.keys()].sort(), Object.keys(visits).sort());
  });

  for (const [route, { as }] of Object.entries(visits)) {
    it(`GET ${route} stays within its budget`, async (test) => {
      const budget = budgets.get(route);
      assert.ok(budget !== undefined, `no budget for ${route}`);
      const { url } = visits[route]!;
      const issued = await withinBudget(agents[as], typeof url === 'string' ? url : url(), budget);
      test.diagnostic(`${route}: ${issued} statements, budget ${budget}`);
    });
  }

  it('fails a page that reads each row of its list with a query of its own (N+1)', async () => {
    const { statements } = await statementsOf(() => agents.administrator.get(BUDGETED_LIST));
    const budget = statements.length;
    assert.equal(await withinBudget(agents.administrator, BUDGETED_LIST, budget), budget);
    // The same page with a query per member (four of them) goes over the budget it kept before.
    await assert.rejects(withinBudget(agents.administrator, `${BUDGETED_LIST}?perRow=1`, budget), {
      message: new RegExp(`issued ${budget + 4} SQL statements, over its budget of ${budget}`),
    });
  });
});
