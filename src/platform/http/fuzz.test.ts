import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { type Agent, logOn, personLoggedOn } from '../../../test/support/agent.ts';
import { type TestApp, testApp } from '../../../test/support/app.ts';
import { confirmCode, issueCode } from '../../../test/support/certification.ts';
import { newOtpPerson, pageCsrf } from '../../../test/support/identity.ts';
import { join, membershipOf, pendingInvitation, setUpBusinessSpace } from '../../../test/support/spaces.ts';
import { changedTables, snapshotTables } from '../../../test/support/tables.ts';
import { mandates, spaces } from '../../db/schema/index.ts';
import { grantOfficer } from '../../features/authorities/service.ts';
import { newOneTimeToken } from './idempotency.ts';

/**
 * Garbage to every route the app registers, as every kind of actor (issue 11, point 2): a NUL
 * character, bodies over the limit and just under it, arrays where one value is expected,
 * invalid UTF-8, JSON of the wrong types or shape, malformed JSON, an unknown content type, and
 * path params that are garbage or plausible ids of someone else's things. No answer may be a
 * 5xx, a NUL is always refused with 400, and no table changes but the bookkeeping ones
 * (test/support/tables.ts says which and why). Every request carries a valid CSRF token (and every
 * form a new one-time token), so the garbage reaches the handlers.
 */

type Actor = { name: string; cookie: string; csrf: string };
type Probe = { label: string; options: InjectOptions; expect?: number };

/**
 * Routes that act without reading any input (a button): any well-formed post makes them act,
 * so they get only the garbage that must be refused before any handler runs.
 */
const actsWithoutInput = new Set([
  'POST /logout',
  'POST /logout/all',
  'POST /space/leave',
  'POST /devices/token',
  'POST /space/profile/email-change/cancel',
]);

/** Every form field name a route of the portal reads. */
const FIELDS = [
  'login',
  'password',
  'code',
  'device',
  'response',
  'identifier',
  'next',
  'name',
  'companyName',
  'email',
  'surname',
  'firstName',
  'certificateNumber',
  'restricted',
  'role',
  'step',
  'go',
  'label',
  'from',
  'id',
  'scope',
  'kind',
  'entities',
  'expiresOn',
  'proceduresLang',
  'notificationEmail',
  'officePhone',
  'mobilePhone',
  'function',
  'page',
  'preferredLang',
  'approved',
  'revision',
  'shown',
];

/** Path params that are garbage (already as written in a URL). */
const GARBAGE = [
  '%FF%FE',
  '..%2F..%2Fpackage.json',
  'x'.repeat(2000),
  '%E2%82%AC%F0%9F%92%A9',
  "'%20or%201%3D1--",
  '-1',
  '00000000-0000-0000-0000-00000000000g',
  '%2e%2e',
];

const encodeForm = (fields: Record<string, string | string[]>) =>
  Object.entries(fields)
    .flatMap(([key, value]) => [value].flat().map((v) => `${key}=${encodeURIComponent(v)}`))
    .join('&');

describe('garbage to every registered route, as every kind of actor', () => {
  let t: TestApp;
  const actors: Actor[] = [];
  /** Plausible values of path params: real things of another eSpace, or unknown. */
  let plausible: Record<string, string[]>;

  before(async () => {
    t = await testApp();
    // Another business eSpace, certified, with a member and a pending invitation.
    const other = await personLoggedOn(t);
    const otherIdentifier = await setUpBusinessSpace(other.agent, 'Elsewhere SARL');
    await confirmCode(other.agent, (await issueCode(t, { entity: 'rcs:B100002' })).code);
    const otherMember = await newOtpPerson(t);
    await join(t, other.agent, otherMember, await logOn(t, otherMember), { role: 'manager' });
    const invitation = await pendingInvitation(t, other.agent);
    const [mandate] = await t.database.db
      .select({ id: mandates.id, entityId: mandates.entityId })
      .from(mandates)
      .innerJoin(spaces, eq(spaces.id, mandates.spaceId))
      .where(and(eq(spaces.identifier, otherIdentifier), eq(mandates.kind, 'holder')));
    const menjeCode = await issueCode(t, { scope: 'MENJE_FORMATION', entity: 'rcs:B100003' });
    plausible = {
      id: [
        (await membershipOf(t, otherMember.personId, otherIdentifier)).id,
        invitation,
        mandate!.id,
        other.person.deviceId,
        menjeCode.id,
        randomUUID(),
      ],
      entity: [mandate!.entityId, randomUUID()],
      scope: ['ITM_ELECTIONS', 'MENJE_FORMATION'],
      admin: ['ITM', 'MENJE'],
      kind: ['holder', 'agent'],
      lang: ['en', 'xx'],
      token: ['a'.repeat(43), randomUUID()],
      '*': ['app.css', '..%2F..%2Fpackage.json'],
    };

    // The actors: a visitor, a person with no eSpace selected, one in their private eSpace,
    // each role of a business eSpace, and an officer of an administration.
    const visitor = await pageCsrf(t, '/logon/token');
    actors.push({ name: 'visitor', ...visitor });
    const add = async (name: string, agent: Agent) => {
      const page = await pageCsrf(t, '/devices', agent.cookie());
      actors.push({ name, ...page });
    };
    await add('person with no eSpace selected', (await personLoggedOn(t)).agent);
    const privateOne = (await personLoggedOn(t)).agent;
    const privateIdentifier = (await privateOne.get('/spaces')).body.match(/PP-[A-NP-Z1-9]{6}/)?.[0];
    assert.equal(
      (await privateOne.post('/spaces/select', { identifier: privateIdentifier! })).statusCode,
      303,
    );
    await add('person in their private eSpace', privateOne);
    const head = await personLoggedOn(t);
    await setUpBusinessSpace(head.agent, 'Fuzzed SARL');
    await add('Administrator', head.agent);
    for (const role of ['manager', 'manager_no_signature']) {
      const person = await newOtpPerson(t);
      const browser = await logOn(t, person);
      await join(t, head.agent, person, browser, { role });
      await add(role === 'manager' ? 'Manager' : 'Manager without signature', browser);
    }
    const officer = await newOtpPerson(t);
    await grantOfficer(
      { db: t.database.db, config: t.config },
      { person: officer.personId, administration: 'ITM' },
    );
    await add('officer of ITM', await logOn(t, officer));
    // The mails of the setting up are sent now: the outbox worker's marks are not the garbage's.
    await t.mail.runOnce();
  });
  after(() => t.close());

  /** The route's URL with its params filled: fill 0 is a NUL, 1 garbage, 2 and 3 plausible values. */
  const urlOf = (pattern: string, fill: number) => {
    let n = 0;
    return pattern.replace(/:(\w+)|\*$/g, (match, name: string | undefined) => {
      n++;
      if (fill === 0) return '%00x';
      if (fill === 1) return GARBAGE[(n + pattern.length) % GARBAGE.length]!;
      const values = plausible[name ?? match] ?? plausible.id!;
      return encodeURIComponent(values[(fill + n + pattern.length) % values.length]!);
    });
  };
  const hasParams = (pattern: string) => /:\w+|\*$/.test(pattern);

  const getProbes = (pattern: string): Probe[] => [
    hasParams(pattern)
      ? { label: 'NUL in a path param', options: { url: urlOf(pattern, 0) }, expect: 400 }
      : { label: 'NUL in the query', options: { url: `${pattern}?q=a%00b&next=%00` }, expect: 400 },
    {
      label: 'arrays in the query',
      options: { url: `${urlOf(pattern, 1)}?q=a&q=b&page=1&page=2&next=%2F%2Fevil.example&done=x&done=y` },
    },
    {
      label: 'invalid UTF-8 and huge values in the query',
      options: {
        url: `${urlOf(pattern, 2 + (pattern.length % 2))}?q=%FF%FE%C0%AF&page=99999999999999999999&done=${'%E2%82%AC'.repeat(2000)}&device=%C0`,
      },
    },
  ];

  const postProbes = (pattern: string, actor: Actor, refusedOnly: boolean): Probe[] => {
    const form = (
      fields: Record<string, string | string[]>,
      fill: number,
      label: string,
      expect?: number,
    ) => ({
      label,
      expect,
      options: {
        method: 'POST' as const,
        url: urlOf(pattern, fill),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encodeForm({ _csrf: actor.csrf, _once: newOneTimeToken(), ...fields }),
      },
    });
    const json = (payload: string, fill: number, label: string, expect?: number) => ({
      label,
      expect,
      options: {
        method: 'POST' as const,
        url: urlOf(pattern, fill),
        headers: { 'content-type': 'application/json', 'csrf-token': actor.csrf },
        payload,
      },
    });
    const each = (value: string | string[]) => Object.fromEntries(FIELDS.map((f) => [f, value]));
    const refused: Probe[] = [
      form(each('a\u0000b'), 2, 'NUL in every field', 400),
      form({ [FIELDS[0]!]: 'x'.repeat(1_100_000) }, 3, 'a body over the limit', 413),
      json('{"name": ', 2, 'malformed JSON', 400),
      json('{"name": "a\\u0000b", "response": {"id": ["\\u0000"]}}', 3, 'NUL deep in JSON', 400),
      {
        label: 'an unknown content type',
        expect: 415,
        options: {
          method: 'POST',
          url: urlOf(pattern, 2),
          headers: { 'content-type': 'application/xml', 'csrf-token': actor.csrf },
          payload: '<a/>',
        },
      },
    ];
    if (refusedOnly) return refused;
    const wrongTypes = Object.fromEntries(
      FIELDS.map((f, i) => [f, [{ nested: [1, { a: null }] }, 12, true, null, [], ['x', 'y']][i % 6]]),
    );
    return [
      ...refused,
      form(each('x'.repeat(25_000)), 1, 'every field just under the limit'),
      form(each(['1', '2']), 2, 'arrays for scalars'),
      {
        label: 'invalid UTF-8 bytes and odd characters',
        options: {
          method: 'POST',
          url: urlOf(pattern, 3),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: Buffer.concat([
            Buffer.from(`_csrf=${encodeURIComponent(actor.csrf)}&_once=${newOneTimeToken()}`),
            ...FIELDS.map((f, i) =>
              Buffer.concat([
                Buffer.from(`&${f}=`),
                i % 2
                  ? Buffer.from([0xff, 0xfe, 0xc0, 0xaf])
                  : Buffer.from(encodeURIComponent('\uFFFE\u200B<b>')),
              ]),
            ),
          ]),
        },
      },
      json(JSON.stringify(wrongTypes), 2, 'JSON of the wrong types'),
      pattern.length % 2
        ? json('[["id"], 1]', 1, 'JSON that is not an object')
        : json('"just a string"', 3, 'a JSON string'),
    ];
  };

  it('answers no 5xx, refuses every NUL with 400, and saves nothing', async (context) => {
    const routes = t.app.registeredRoutes.filter((r) => r.method === 'GET' || r.method === 'POST');
    assert.ok(routes.length > 60, `the routes were collected (${routes.length})`);
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const before = await snapshotTables(t);
      for (const actor of actors) {
        const probes =
          route.method === 'GET'
            ? getProbes(route.url)
            : postProbes(route.url, actor, actsWithoutInput.has(key));
        for (const probe of probes) {
          const res = await t.app.inject({
            ...probe.options,
            headers: { ...probe.options.headers, cookie: actor.cookie, 'accept-language': 'en' },
          });
          sent++;
          const wrong =
            res.statusCode >= 500 || (probe.expect !== undefined && res.statusCode !== probe.expect);
          if (wrong) failures.push(`${actor.name}: ${key} (${probe.label}) → ${res.statusCode}`);
        }
      }
      const changed = changedTables(before, await snapshotTables(t));
      if (changed.length > 0) failures.push(`${key} saved something in ${changed.join(', ')}`);
    }
    context.diagnostic(`${sent} requests to ${routes.length} routes as ${actors.length} actors`);
    assert.deepEqual(failures, [], `${failures.length} of ${sent} requests`);
    assert.doesNotMatch(t.logs(), /"level":(50|60)/, 'no error in the log');
  });

  it('refuses every unsafe route without a CSRF token with 403, and saves nothing (issue 11, point 10)', async () => {
    const unsafe = t.app.registeredRoutes.filter((r) => r.method !== 'GET');
    assert.deepEqual(
      unsafe.filter((r) => r.csrfExempt),
      [],
      'no route opts out of CSRF today',
    );
    const before = await snapshotTables(t);
    const failures: string[] = [];
    for (const actor of actors) {
      for (const route of [...unsafe, { method: 'POST', url: '/api/nothing-here' }]) {
        for (const options of [
          { url: urlOf(route.url, 2), payload: { identifier: 'x', code: 'x', name: 'x', role: 'manager' } },
          { url: urlOf(route.url, 3), payload: { _csrf: 'forged' } },
        ]) {
          const res = await t.app.inject({
            method: route.method as 'POST',
            ...options,
            headers: { cookie: actor.cookie, 'accept-language': 'en' },
          });
          const refused = res.statusCode === 403 && /Form expired/.test(res.body);
          if (!refused) failures.push(`${actor.name}: ${route.method} ${options.url} → ${res.statusCode}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(changedTables(before, await snapshotTables(t)), []);
  });
});
