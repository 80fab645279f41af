import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { logOn, personLoggedOn } from '../../../test/support/agent.ts';
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
import { newOtpPerson, secondToken } from '../../../test/support/identity.ts';
import { join, setUpBusinessSpace } from '../../../test/support/spaces.ts';
import {
  accessCodes,
  auditEvents,
  certificationScopes,
  mandates,
  throttleEvents,
} from '../../db/schema/index.ts';
import { formatDate } from '../../platform/i18n/dates.ts';
import { encodeCursor } from '../../platform/keyset.ts';

const INVALID = /This access code cannot be used\. Check it against the letter/;

describe('certification of business eSpaces by access codes', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ env: { CODE_FAILURES_PER_HOUR: '4', CODE_LOCK_MINUTES: '60' } });
  });
  after(() => t.close());

  it('a holder code from the letter certifies the eSpace: every member sees the certified data', async () => {
    const head = await company(t, 'Maitry Bâtiment – Élections sociales');
    const tab = await head.agent.get('/space/certifications');
    assert.equal(tab.statusCode, 200);
    assert.match(tab.body, /Inspectorate of Labour and Mines - ITM_ELECTIONS/);
    assert.match(tab.body, /You want to access the certified data of your company\./);
    assert.match(
      tab.body,
      /By validating this code, all users of this business eSpace will have access to this information\./,
    );
    assert.match(tab.body, /Holder access code/);
    assert.match(tab.body, /You currently do not have any access mandates\./);
    // A Manager joins before the certification: they read, they do not confirm codes.
    const manager = await newOtpPerson(t);
    const managerAgent = await logOn(t, manager);
    await join(t, head.agent, manager, managerAgent, { role: 'manager' });

    const { code } = await issueCode(t, { entity: 'rcs:B100001' });
    // Typed as people do: lower case, with spaces instead of hyphens.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const refusedToManager = await confirmCode(managerAgent, typed);
    assert.equal(refusedToManager.statusCode, 403);
    const confirmed = await confirmCode(head.agent, typed);
    assert.equal(confirmed.statusCode, 303);
    assert.match(String(confirmed.headers.location), /done=holder&open=ITM_ELECTIONS#scope-ITM_ELECTIONS/);

    for (const reader of [head.agent, managerAgent]) {
      const after = await reader.get('/space/certifications');
      assert.match(after.body, /This eSpace is certified for Maitry Bâtiment SARL \(RCS B100001\)/);
      const catalogue = await reader.get('/business-data');
      assert.match(catalogue.body, /href="\/business-data\/ITM_ELECTIONS">Registration of activation codes</);
      const source = await reader.get('/business-data/ITM_ELECTIONS');
      const link = source.body.match(
        /href="(\/business-data\/ITM_ELECTIONS\/[0-9a-f-]{36})">Maitry Bâtiment SARL/,
      )?.[1];
      assert.ok(link, 'the own company is listed');
      const data = await reader.get(link);
      assert.equal(data.statusCode, 200);
      assert.match(data.body, /Number of employees<\/dt><dd>48</);
      assert.match(data.body, /12, rue de Hollerich, L-1740 Luxembourg/);
    }
    assert.doesNotMatch((await managerAgent.get('/space/certifications')).body, /name="code"/, 'no form');
    // The code worked once: in another eSpace it is refused like any wrong code.
    const other = await company(t, 'Someone else');
    const again = await confirmCode(other.agent, code);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, INVALID);
  });

  it('a wrong code gets one message, whatever is wrong with it, and each refusal is audited', async () => {
    const head = await company(t, 'Wrong codes SARL');
    // Used by an eSpace that then holds its company (not Boulangerie Hoffmann, which a later test certifies).
    const used = await issueCode(t, { entity: 'rcs:B100003' });
    const user = await company(t, 'First user');
    assert.equal((await confirmCode(user.agent, used.code)).statusCode, 303);
    const otherScope = await issueCode(t, { scope: 'MENJE_FORMATION', entity: 'structure:S10001' });
    const agentCode = await issueCode(t, { entity: 'rcs:B100002', kind: 'agent' });
    const expired = await issueCode(t, { entity: 'rcs:B100002', expiresOn: '2099-01-01' });
    await t.database.db.execute(
      sql`update access_codes set expires_at = now() - interval '1 minute' where reference = ${expired.reference}`,
    );
    const wrong = [used.code, otherScope.code, agentCode.code, expired.code, 'ABCD-EFGH-JKMN-PQRS'];
    const bodies = new Set<string>();
    for (const [i, code] of wrong.entries()) {
      const res = await confirmCode(head.agent, code);
      assert.equal(res.statusCode, 400, `wrong code ${i}`);
      assert.match(res.body, INVALID);
      assert.match(res.body, /<a href="#code-holder-ITM_ELECTIONS">/, 'the error summary links to the field');
      assert.match(res.body, new RegExp(`value="${code}"`), 'what was typed is kept');
      bodies.add(res.body.match(/<p class="error-message"[^>]*>([^<]+)</)?.[1] ?? '');
      // Four failures lock; the test stops before that (see the next test).
      if (i === 2) await t.database.db.execute(sql`delete from throttle_events`);
    }
    assert.equal(bodies.size, 1, 'the same words every time');
    const refusals = await spaceTrail(t, head.spaceId, 'certification.code_refused');
    assert.equal(refusals.length, wrong.length);
    assert.ok(
      !JSON.stringify(refusals).includes(used.code.replace(/-/g, '')),
      'the typed code is not recorded',
    );
    // Not a code at all: a plain explanation, not counted as a guess.
    const short = await confirmCode(head.agent, 'ABC123');
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /An access code has 16 letters and digits/);
    const empty = await confirmCode(head.agent, ' ');
    assert.match(empty.body, /Enter the holder access code from the letter/);
    await t.database.db.execute(sql`delete from throttle_events`);
  });

  it('after too many wrong codes an eSpace and a person are locked for an hour, even with a right code', async () => {
    const head = await company(t, 'Locked SARL');
    for (let i = 0; i < 4; i++)
      assert.equal((await confirmCode(head.agent, 'ABCD-EFGH-JKMN-PQRS')).statusCode, 400);
    const right = await issueCode(t, { entity: 'rcs:B100004' });
    // Asked again 10 minutes into the lock: it still ends an hour after it began.
    await t.database.db.execute(
      sql`update throttle_events set at = at - interval '10 minutes' where bucket = 'code.lock'`,
    );
    const locked = await confirmCode(head.agent, right.code);
    assert.equal(locked.statusCode, 429);
    // Until an hour after the lock began, whenever one asks.
    const [lock] = await t.database.db
      .select()
      .from(throttleEvents)
      .where(and(eq(throttleEvents.bucket, 'code.lock'), eq(throttleEvents.key, `space:${head.spaceId}`)));
    const until = formatDate('en', new Date(lock!.at.getTime() + 60 * 60_000), 'time');
    assert.match(
      locked.body,
      new RegExp(
        `Too many wrong access codes were typed\\. For your security, access codes are refused until ${until}`,
      ),
    );
    // The same person in another eSpace is locked too.
    await setUpBusinessSpace(head.agent, 'Second eSpace of the same head');
    assert.equal((await confirmCode(head.agent, right.code)).statusCode, 429);
    // An hour later, the right code works (and it was not used meanwhile).
    await t.database.db.execute(sql`update throttle_events set at = at - interval '61 minutes'`);
    assert.equal((await confirmCode(head.agent, right.code)).statusCode, 303);
    const locks = await spaceTrail(t, head.spaceId, 'certification.code_refused');
    assert.equal(locks.length, 4, 'the refusals while locked are not guesses: only the four wrong codes');
  });

  it('wrong codes sent at once by one person from several eSpaces: no more are checked than the limit', async () => {
    // One person, six eSpaces, a browser (and a token) working in each: the person's count is shared.
    const person = await newOtpPerson(t);
    const browsers = [];
    for (let i = 0; i < 6; i++) {
      const token = i === 0 ? person : await secondToken(t, person, i + 1);
      const browser = await logOn(t, token);
      const identifier = await setUpBusinessSpace(browser, `Parallel guesses ${i}`);
      browsers.push({ browser, identifier });
    }
    const answers = await Promise.all(
      browsers.map(({ browser }) => confirmCode(browser, 'ABCD-EFGH-JKMN-PQRS')),
    );
    const refusals = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.personId, person.personId), eq(auditEvents.action, 'certification.code_refused')),
      );
    assert.equal(refusals.length, 4, 'codes checked');
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [400, 400, 400, 400, 429, 429]);
    await t.database.db.execute(sql`delete from throttle_events`);
  });

  it('two eSpaces sending the same code at the same moment: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await company(t, `Race A${round}`), await company(t, `Race B${round}`)];
      const { code } = await issueCode(t, { entity: 'rcs:B100006' });
      const results = await Promise.all([confirmCode(a.agent, code), confirmCode(b.agent, code)]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 400], `round ${round}`);
      const won = [...(await activeMandates(t, a.spaceId)), ...(await activeMandates(t, b.spaceId))];
      assert.equal(won.length, 1);
      // The company has one holder at a time: the next round's code needs it free again.
      await t.database.db.update(mandates).set({ endedAt: new Date() }).where(eq(mandates.id, won[0]!.id));
    }
    await t.database.db.execute(sql`delete from throttle_events`);
  });

  it('a holder generates an agent code; its fiduciary adds access, sees the data; revoked, it loses it at once', async () => {
    const holder = await certifiedCompany(t, 'Hoffmann – Élections', 'rcs:B100002');
    const generated = await holder.agent.post('/space/certifications/ITM_ELECTIONS/agent-code');
    assert.equal(generated.statusCode, 200);
    assert.equal(generated.headers['cache-control'], 'no-store');
    const agentCode = generated.body.match(/class="access-code mono"[^>]*>([0-9A-Z-]{19})</)?.[1];
    assert.ok(agentCode, 'the code is shown once');
    const letter = await holder.agent.post('/space/certifications/ITM_ELECTIONS/agent-code/letter', {
      id: generated.body.match(/name="id" value="([^"]+)"/)![1]!,
      code: agentCode.replace(/-/g, ''),
    });
    assert.equal(letter.statusCode, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.ok(letter.rawPayload.subarray(0, 5).toString() === '%PDF-');
    const forged = await holder.agent.post('/space/certifications/ITM_ELECTIONS/agent-code/letter', {
      id: generated.body.match(/name="id" value="([^"]+)"/)![1]!,
      code: 'ABCDEFGHJKMNPQRS',
    });
    assert.equal(forged.statusCode, 404, 'a letter only for the very code');

    const fiduciary = await company(t, 'Fiduciaire du Nord – Groupe B');
    const added = await confirmCode(fiduciary.agent, agentCode, 'agent');
    assert.equal(added.statusCode, 303);
    const tab = await fiduciary.agent.get('/space/certifications');
    assert.match(tab.body, /Boulangerie Hoffmann SA/);
    assert.match(tab.body, /See the 1 mandate obtained/);
    const dataLink = tab.body.match(
      /href="(\/business-data\/ITM_ELECTIONS\/[0-9a-f-]{36})">Boulangerie Hoffmann SA/,
    )?.[1];
    assert.ok(dataLink);
    assert.match((await fiduciary.agent.get(dataLink)).body, /Food retail/);
    // A new code from the same client renews the access: one mandate, the new one.
    const second = await issueCode(t, { entity: 'rcs:B100002', kind: 'agent' });
    assert.equal((await confirmCode(fiduciary.agent, second.code, 'agent')).statusCode, 303);
    const open = await activeMandates(t, fiduciary.spaceId);
    assert.equal(open.length, 1);
    assert.equal(open[0]!.accessCodeId, second.id);
    assert.match((await fiduciary.agent.get(dataLink)).body, /Food retail/);
    // Pages of client companies start after or end before a line (keyset): around the only one.
    const around = { key: 'boulangerie hoffmann sa', id: open[0]!.id };
    const source = (at: string) => fiduciary.agent.get(`/business-data/ITM_ELECTIONS?page=2&${at}`);
    assert.doesNotMatch((await source(`after=${encodeCursor(around)}`)).body, /Boulangerie Hoffmann/);
    assert.match(
      (await source(`after=${encodeCursor({ ...around, key: 'a' })}`)).body,
      /Boulangerie Hoffmann/,
    );
    assert.match(
      (await source(`before=${encodeCursor({ ...around, key: 'z' })}`)).body,
      /Boulangerie Hoffmann/,
    );
    assert.doesNotMatch((await source(`before=${encodeCursor(around)}`)).body, /Boulangerie Hoffmann/);

    const agents = await holder.agent.get('/space/certifications/ITM_ELECTIONS/agents');
    assert.match(agents.body, /Fiduciaire du Nord – Groupe B/);
    assert.match(agents.body, new RegExp(fiduciary.identifier));
    const revokeLink = agents.body.match(
      /href="(\/space\/certifications\/ITM_ELECTIONS\/agents\/[0-9a-f-]{36}\/revoke)"/,
    )?.[1];
    assert.ok(revokeLink);
    const confirmPage = await holder.agent.get(revokeLink);
    assert.match(confirmPage.body, /will no longer see your company's data/);
    assert.equal((await holder.agent.post(revokeLink)).statusCode, 303);
    assert.equal((await fiduciary.agent.get(dataLink)).statusCode, 404, 'lost at the next request');
    assert.doesNotMatch(
      (await fiduciary.agent.get('/business-data/ITM_ELECTIONS')).body,
      /Boulangerie Hoffmann/,
    );
    assert.match(
      (await fiduciary.agent.get('/space/certifications')).body,
      /You currently do not have any access mandates\./,
    );
    assert.equal((await holder.agent.post(revokeLink)).statusCode, 404, 'revoked once');
    // The agent's trail says its access ended; it does not say who holds the company.
    const [trail] = await spaceTrail(t, fiduciary.spaceId, 'certification.mandate_revoked_by_holder');
    assert.ok(trail);
    assert.equal(trail.personId, null);
  });

  it('a fiduciary gives up a mandate; a mandate ends with its scope period and the scope asks for a new code', async () => {
    const fiduciary = await company(t, 'Fiduciaire Sud');
    const client = await issueCode(t, { entity: 'rcs:B100007', kind: 'agent' });
    assert.equal((await confirmCode(fiduciary.agent, client.code, 'agent')).statusCode, 303);
    const page = await fiduciary.agent.get('/space/certifications/ITM_ELECTIONS');
    const giveUp = page.body.match(
      /href="(\/space\/certifications\/ITM_ELECTIONS\/m\/[0-9a-f-]{36}\/give-up)"/,
    )?.[1];
    assert.ok(giveUp);
    assert.match(
      (await fiduciary.agent.get(giveUp)).body,
      /will no longer see the data of Schroeder Nettoyage SARL/,
    );
    assert.equal((await fiduciary.agent.post(giveUp)).statusCode, 303);
    assert.equal((await activeMandates(t, fiduciary.spaceId)).length, 0);

    const head = await certifiedCompany(t, 'Wagner – Élections 2024-2029', 'rcs:B100008');
    // The social elections' mandate period ends.
    await endPeriodOf(t, head.spaceId);
    const ended = await head.agent.get('/space/certifications');
    assert.match(ended.body, /The main mandate of this eSpace ended on/);
    assert.match(ended.body, /name="code"/, 'the holder code form is back');
    assert.match(
      (await head.agent.get('/business-data')).body,
      /href="\/space\/certifications\?open=ITM_ELECTIONS#scope-ITM_ELECTIONS"/,
    );
    const renewed = await confirmCode(head.agent, (await issueCode(t, { entity: 'rcs:B100008' })).code);
    assert.equal(renewed.statusCode, 303);
    const all = await t.database.db.select().from(mandates).where(eq(mandates.spaceId, head.spaceId));
    assert.deepEqual(all.map((m) => m.endReason).sort(), ['renewed', null].sort());
  });

  it("a private eSpace has no certifications; another eSpace's company data is not found", async () => {
    const { agent } = await personLoggedOn(t);
    const spacesPage = await agent.get('/spaces');
    const privateId = spacesPage.body.match(/PP-[A-NP-Z1-9]{6}/)?.[0];
    assert.ok(privateId);
    await agent.post('/spaces/select', { identifier: privateId });
    assert.equal((await agent.get('/space/certifications')).statusCode, 404);
    assert.equal((await agent.get('/business-data')).statusCode, 404);
    const holder = await certifiedCompany(t, 'Kieffer – private data', 'rcs:B100005');
    const link = (await holder.agent.get('/business-data/ITM_ELECTIONS')).body.match(
      /href="(\/business-data\/ITM_ELECTIONS\/[0-9a-f-]{36})">Kieffer/,
    )?.[1];
    assert.ok(link);
    const stranger = await company(t, 'Stranger');
    const seen = await stranger.agent.get(link);
    assert.equal(seen.statusCode, 404);
    assert.doesNotMatch(seen.body, /Kieffer/);
  });
  it("an agent code for the eSpace's own certified company is refused like a wrong code, and stays unused", async () => {
    const head = await certifiedCompany(t, 'Own agent code', 'rcs:B100010');
    const own = await issueCode(t, { entity: 'rcs:B100010', kind: 'agent' });
    const refused = await confirmCode(head.agent, own.code, 'agent');
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, INVALID);
    const [code] = await t.database.db.select().from(accessCodes).where(eq(accessCodes.id, own.id));
    assert.equal(code?.status, 'issued');
    const [main] = await activeMandates(t, head.spaceId);
    assert.equal(main?.kind, 'holder', 'the main mandate stays');
    await t.database.db.execute(sql`delete from throttle_events`);
  });

  it('a code typed on a scope page comes back to that page, with its error there', async () => {
    const fiduciary = await company(t, 'Fiduciaire de la page');
    const wrong = await fiduciary.agent.post('/space/certifications/ITM_ELECTIONS/agent', {
      code: 'ABCD-EFGH-JKMN-PQRS',
      from: 'scope',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /<h1>Inspectorate of Labour and Mines - ITM_ELECTIONS<\/h1>/);
    assert.match(wrong.body, /href="#code-agent-ITM_ELECTIONS"/);
    assert.match(wrong.body, /<details class="add-access" open/);
    const client = await issueCode(t, { entity: 'rcs:B100011', kind: 'agent' });
    const added = await fiduciary.agent.post('/space/certifications/ITM_ELECTIONS/agent', {
      code: client.code,
      from: 'scope',
    });
    assert.equal(added.statusCode, 303);
    assert.match(String(added.headers.location), /^\/space\/certifications\/ITM_ELECTIONS\?done=agent/);
    const page = await fiduciary.agent.get('/space/certifications/ITM_ELECTIONS');
    assert.match(page.body, /name="from" value="scope"/);
    await t.database.db.execute(sql`delete from throttle_events`);
  });

  it('heads a scope page and the tab in order: no level skipped after the h1 (axe heading-order)', async () => {
    const head = await company(t, 'Titres en ordre');
    const levelsOf = (html: string) => [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    for (const url of ['/space/certifications/ITM_ELECTIONS', '/space/certifications']) {
      const levels = levelsOf((await head.agent.get(url)).body);
      assert.equal(levels[0], 1, url);
      for (let i = 1; i < levels.length; i++) {
        assert.ok(levels[i]! <= levels[i - 1]! + 1, `${url}: h${levels[i - 1]} then h${levels[i]}`);
      }
    }
    const scope = (await head.agent.get('/space/certifications/ITM_ELECTIONS')).body;
    assert.match(scope, /<h2 id="scope-ITM_ELECTIONS-main">Main mandate<\/h2>/);
  });

  it('once a scope period is over, its codes are refused with the date, and the code stays unused', async () => {
    const head = await company(t, 'After the period');
    const { id, code } = await issueCode(t, { entity: 'rcs:B100012' });
    const [scope] = await t.database.db
      .select()
      .from(certificationScopes)
      .where(eq(certificationScopes.code, 'ITM_ELECTIONS'));
    await t.database.db.execute(
      sql`update certification_scopes set valid_until = now() - interval '1 day' where code = 'ITM_ELECTIONS'`,
    );
    try {
      const refused = await confirmCode(head.agent, code);
      assert.equal(refused.statusCode, 400);
      assert.match(
        refused.body,
        /The period of this certification ended on \d\d\/\d\d\/\d{4}\. The administration sends the access codes of the next period by post\./,
      );
      const [row] = await t.database.db.select().from(accessCodes).where(eq(accessCodes.id, id));
      assert.equal(row?.status, 'issued');
      assert.equal((await activeMandates(t, head.spaceId)).length, 0);
      await assert.rejects(
        issueCode(t, { entity: 'rcs:B100012' }),
        /the period of scope ITM_ELECTIONS ended on/,
      );
    } finally {
      await t.database.db
        .update(certificationScopes)
        .set({ validUntil: scope!.validUntil })
        .where(eq(certificationScopes.id, scope!.id));
    }
  });
  it('keeps the list counts right through every change above (agent codes confirmed, mandates revoked by the holder and the administration, given up, past their period)', async () => {
    await assertCountsRight(t.database.db);
  });
});
