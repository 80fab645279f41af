import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import {
  activeMandates,
  certifiedCompany,
  company,
  confirmCode,
  endPeriodOf,
  issueCode,
  spaceTrail,
} from '../../../test/support/certification.ts';
import { assertCountsRight } from '../../../test/support/counts.ts';
import { accessCodes, auditEvents, legalEntities, mandates } from '../../db/schema/index.ts';

const TAKEN = /Another business eSpace holds the main mandate of this company for this certification/;
const INVALID = /This access code cannot be used\. Check it against the letter/;

/** The company's main mandates not ended, in any eSpace. */
async function holdersOf(t: TestApp, value: string) {
  return t.database.db
    .select({ spaceId: mandates.spaceId, id: mandates.id })
    .from(mandates)
    .innerJoin(legalEntities, eq(legalEntities.id, mandates.entityId))
    .where(
      and(eq(legalEntities.value, value), eq(mandates.kind, 'holder'), sql`${mandates.endedAt} is null`),
    );
}

const codeStatus = async (t: TestApp, id: string) =>
  (await t.database.db.select().from(accessCodes).where(eq(accessCodes.id, id)))[0]?.status;

/** The holder's agent code generated on the Certifications tab, in plain text. */
async function generateAgentCode(holder: Awaited<ReturnType<typeof company>>) {
  const generated = await holder.agent.post('/space/certifications/ITM_ELECTIONS/agent-code');
  const code = generated.body.match(/class="access-code mono"[^>]*>([0-9A-Z-]{19})</)?.[1];
  if (!code) throw new Error(`no agent code (${generated.statusCode})`);
  return code;
}

describe('one holder of a company main mandate at a time', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('two eSpaces confirming holder codes of one company at the same moment: exactly one holds it', async () => {
    for (const value of ['B100013', 'B100014', 'B100015']) {
      const [a, b] = [await company(t, `First ${value}`), await company(t, `Second ${value}`)];
      const codes = [
        await issueCode(t, { entity: `rcs:${value}` }),
        await issueCode(t, { entity: `rcs:${value}` }),
      ];
      const answers = await Promise.all([
        confirmCode(a.agent, codes[0]!.code),
        confirmCode(b.agent, codes[1]!.code),
      ]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [303, 400], value);
      const loser = answers.findIndex((r) => r.statusCode === 400);
      assert.match(answers[loser]!.body, TAKEN);
      const holders = await holdersOf(t, value);
      assert.equal(holders.length, 1, value);
      assert.equal(holders[0]!.spaceId, [a, b][1 - loser]!.spaceId);
      assert.equal(await codeStatus(t, codes[loser]!.id), 'issued', 'the refused code stays unused');
      assert.equal(await codeStatus(t, codes[1 - loser]!.id), 'used');
    }
    const refusals = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'certification.code_refused'));
    assert.equal(refusals.length, 0, 'a right code on a company held elsewhere is not a wrong guess');
  });

  it('the main mandate given up, the company code works in another eSpace; its agents lose their access', async () => {
    const holder = await certifiedCompany(t, 'Hôtel du Parc – old eSpace', 'rcs:B100009');
    const used = await generateAgentCode(holder);
    const unused = await generateAgentCode(holder);
    const fiduciary = await company(t, 'Fiduciaire du Parc');
    assert.equal((await confirmCode(fiduciary.agent, used, 'agent')).statusCode, 303);
    const dataLink = (await fiduciary.agent.get('/space/certifications')).body.match(
      /href="(\/business-data\/ITM_ELECTIONS\/[0-9a-f-]{36})">Hôtel du Parc Schmit SA/,
    )?.[1];
    assert.ok(dataLink);
    assert.equal((await fiduciary.agent.get(dataLink)).statusCode, 200);

    // Another eSpace with a right code of the same company is refused while the first holds it.
    const successor = await company(t, 'Hôtel du Parc – new eSpace');
    const next = await issueCode(t, { entity: 'rcs:B100009' });
    const refused = await confirmCode(successor.agent, next.code);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, TAKEN);
    assert.equal(await codeStatus(t, next.id), 'issued');

    // The holder gives its main mandate up from the Certifications tab.
    const tab = await holder.agent.get('/space/certifications');
    const giveUp = tab.body.match(
      /href="(\/space\/certifications\/ITM_ELECTIONS\/m\/[0-9a-f-]{36}\/give-up)">Give up the main mandate</,
    )?.[1];
    assert.ok(giveUp, 'a link on the main mandate');
    const confirmPage = await holder.agent.get(giveUp);
    assert.match(confirmPage.body, /The agents you gave access to lose it at once/);
    const done = await holder.agent.post(giveUp);
    assert.equal(done.statusCode, 303);
    assert.match(String(done.headers.location), /done=givenUpHolder/);
    assert.match(
      (await holder.agent.get(String(done.headers.location))).body,
      /The main mandate was given up/,
    );

    // The fiduciary loses the data at once; the agent code not used yet no longer works.
    assert.equal((await fiduciary.agent.get(dataLink)).statusCode, 404);
    assert.equal((await activeMandates(t, fiduciary.spaceId)).length, 0);
    const [ended] = await t.database.db
      .select()
      .from(mandates)
      .where(and(eq(mandates.spaceId, fiduciary.spaceId), eq(mandates.kind, 'agent')));
    assert.equal(ended?.endReason, 'revoked_by_holder');
    const trail = await spaceTrail(t, fiduciary.spaceId, 'certification.mandate_revoked_by_holder');
    assert.equal(trail.length, 1);
    const late = await company(t, 'Late fiduciary');
    const lateAnswer = await confirmCode(late.agent, unused, 'agent');
    assert.equal(lateAnswer.statusCode, 400);
    assert.match(lateAnswer.body, INVALID);

    // The code the successor kept now certifies its eSpace.
    assert.equal((await confirmCode(successor.agent, next.code)).statusCode, 303);
    const holders = await holdersOf(t, 'B100009');
    assert.deepEqual(
      holders.map((h) => h.spaceId),
      [successor.spaceId],
    );
  });

  it("a main mandate past its period in another eSpace gives way to the new period's eSpace", async () => {
    const previous = await certifiedCompany(t, 'Klein – Élections 2019-2024', 'rcs:B100010');
    await endPeriodOf(t, previous.spaceId);
    const current = await certifiedCompany(t, 'Klein – Élections 2024-2029', 'rcs:B100010');
    assert.deepEqual(
      (await holdersOf(t, 'B100010')).map((h) => h.spaceId),
      [current.spaceId],
    );
    const [old] = await t.database.db.select().from(mandates).where(eq(mandates.spaceId, previous.spaceId));
    assert.equal(old?.endReason, 'renewed');
  });
  it('keeps the list counts right through every change above (main mandates renewed and revoked, with the agents they let in)', async () => {
    await assertCountsRight(t.database.db);
  });
});
