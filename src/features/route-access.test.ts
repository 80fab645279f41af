import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ActorName,
  accessFixture,
  actorNames,
  letThrough,
  mayCall,
  officerRoleOf,
  refused,
  whoText,
} from '../../test/support/access.ts';
import { type TestApp, testApp } from '../../test/support/app.ts';
import { newOtpPerson, type OtpPerson, pageCsrf } from '../../test/support/identity.ts';
import type { OfficerRole } from './authorities/permissions.ts';
import { grantOfficer } from './authorities/service.ts';
import { table } from './route-access.table.ts';

/**
 * Who may call every route the app registers (issue 12, point 7). The table has one row per route
 * Fastify registered; a route without a row (or a row without a route) fails the test. A row says
 * who may call its route — a visitor, any logged-on person, members of the selected business
 * eSpace by role, an officer of the administration, or anyone but in demo mode only — and every
 * kind of actor calls it: those who may not get the refusal of their kind (sent to log on, sent
 * to choose an eSpace, 403 or 404 for a role or a back office page, 404 outside demo mode); those
 * who may are let through (any other answer, never a 5xx). The CSRF column says how an unsafe
 * route stands: refused with 403 without the token, or exempt for the reason its route declares.
 * Each row runs on a fresh business eSpace with fresh sessions: rows do not depend on their order.
 */
describe('the access table: who may call every route the app registers', () => {
  let t: TestApp;
  let production: TestApp;
  const people = new Map<ActorName, OtpPerson>();
  let csrf: string;
  let csrfCookie: string;
  let productionCsrf: { csrf: string; cookie: string };

  before(async () => {
    t = await testApp({ env: { MAX_BUSINESS_SPACES: '10000' } });
    production = await testApp({ env: { MODE: 'production' } });
    for (const actor of actorNames.slice(1)) people.set(actor, await newOtpPerson(t));
    for (const [actor, role] of Object.entries(officerRoleOf) as [ActorName, OfficerRole][])
      await grantOfficer(
        { db: t.database.db, config: t.config },
        { person: people.get(actor)!.personId, administration: 'ITM', role },
      );
    // One CSRF secret for every request of the test: the token goes with its cookie, not with a session.
    const page = await pageCsrf(t, '/logon/token');
    csrf = page.csrf;
    csrfCookie = page.cookie.split('; ').find((c) => c.startsWith('_csrf='))!;
    productionCsrf = await pageCsrf(production, '/logon/token');
  });
  after(async () => {
    await t.close();
    await production.close();
  });

  it('has a row for every route registered, none for a route that is not, and a CSRF stand for every unsafe one', () => {
    const registered = new Map(t.app.registeredRoutes.map((r) => [`${r.method} ${r.url}`, r]));
    const rows = new Map(table.map((row) => [row[0], row]));
    assert.equal(rows.size, table.length, 'one row per route');
    assert.deepEqual(
      [...registered.keys()].filter((route) => !rows.has(route)),
      [],
      'routes without a row',
    );
    assert.deepEqual(
      [...rows.keys()].filter((route) => !registered.has(route)),
      [],
      'rows without a route',
    );
    for (const [route, , stand] of table) {
      const { method, csrfExempt } = registered.get(route)!;
      if (method === 'GET') assert.equal(stand, null, `${route} changes nothing: no CSRF stand`);
      else if (stand === 'token')
        assert.equal(csrfExempt, undefined, `${route} is exempt: say why in the table`);
      else assert.equal(csrfExempt, stand?.exempt, `${route}: the reason its route declares`);
    }
  });

  for (const [route, who, stand, call, refusal] of table) {
    const [method, pattern] = route.split(' ') as [string, string];
    it(`${route}: ${whoText(who)}${stand === 'token' ? '; 403 without a CSRF token' : ''}`, async () => {
      const f = await accessFixture(t, people, { token: csrf, cookie: csrfCookie });
      const callOf = async (actor: ActorName) => (call ? call(f, actor) : { url: pattern });
      const failures: string[] = [];
      const allowed = actorNames.filter((actor) => mayCall(who, actor));
      if (stand === 'token') {
        const res = await f.send(allowed[0]!, method, await callOf(allowed[0]!), false);
        if (res.statusCode !== 403 || !/Form expired/.test(res.body))
          failures.push(`without a CSRF token → ${res.statusCode}`);
      }
      // Those who may not first, then those who may (an Administrator's change comes last).
      for (const actor of actorNames) {
        const res = await f.send(actor, method, await callOf(actor));
        const ok = mayCall(who, actor) ? letThrough(who, res) : refused(who, actor, res, refusal);
        if (!ok) failures.push(`${actor} → ${res.statusCode} ${res.headers.location ?? ''}`);
      }
      if (who === 'demo') {
        const res = await production.app.inject({
          method: method as 'GET' | 'POST',
          url: (await callOf('visitor')).url,
          headers: { cookie: productionCsrf.cookie },
          ...(method === 'GET' ? {} : { payload: { _csrf: productionCsrf.csrf } }),
        });
        if (res.statusCode !== (refusal ?? 404)) failures.push(`outside demo mode → ${res.statusCode}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
