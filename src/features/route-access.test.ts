import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { type TestApp, testApp } from '../../test/support/app.ts';
import { issueCode } from '../../test/support/certification.ts';
import { newOtpPerson, type OtpPerson, pageCsrf } from '../../test/support/identity.ts';
import { invitationToken, lastMail } from '../../test/support/spaces.ts';
import {
  devices,
  invitations,
  mandates,
  outboxMails,
  persons,
  sessions as sessionsTable,
  spaces as spacesTable,
} from '../db/schema/index.ts';
import { newOneTimeToken, ONE_TIME_FIELD } from '../platform/http/idempotency.ts';
import { grantOfficer } from './certification/service/officers.ts';
import { formatCertificateNumber, generateCertificateNumber, hashToken } from './identity/rules.ts';
import { createPerson } from './identity/service/persons.ts';
import { openSession } from './identity/service/sessions.ts';
import type { Role } from './spaces/permissions.ts';
import { addMembership, createBusinessSpace, type SpaceCtx } from './spaces/service.ts';

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

const actorNames = [
  'visitor',
  'person',
  'officer',
  'Manager without signature',
  'Manager',
  'Administrator',
] as const;
type ActorName = (typeof actorNames)[number];
const roleOf: Partial<Record<ActorName, Role>> = {
  'Manager without signature': 'manager_no_signature',
  Manager: 'manager',
  Administrator: 'administrator',
};

/** Who may call a route. */
type Who = 'visitor' | 'person' | Role[] | 'officer' | 'demo';
const MEMBERS: Role[] = ['manager_no_signature', 'manager', 'administrator'];
const ADMIN: Role[] = ['administrator'];

/** An unsafe route's CSRF stand: 'token' (403 without it) or the reason it is exempt; null for GET. */
type Csrf = 'token' | { exempt: string } | null;

type Call = { url: string; body?: Record<string, string | string[]> };
type Row = [
  route: string,
  who: Who,
  csrf: Csrf,
  call?: (f: Fixture, actor: ActorName) => Call | Promise<Call>,
  /** The status those who may not get, when it is not their kind's (a script's JSON route: 409). */
  refusal?: number,
];

/** What a row works on: its own business eSpace, its actors' sessions, things made once for it. */
type Fixture = {
  t: TestApp;
  spaceId: string;
  identifier: string;
  /** A CSRF token valid with the cookies every request of the test sends. */
  csrf: string;
  person: (actor: ActorName) => OtpPerson | undefined;
  /** A new session of `person` (in a new business eSpace of theirs if asked): its cookies. */
  session: (
    person: OtpPerson,
    options?: { business?: string },
  ) => Promise<{ cookie: string; spaceId: string | undefined }>;
  send: (actor: ActorName, method: string, call: Call, withCsrf?: boolean) => Promise<LightMyRequestResponse>;
  /** Makes a thing once per row, whichever actor asks first. */
  once: <T>(key: string, make: () => Promise<T>) => Promise<T>;
};

const SCOPE = 'ITM_ELECTIONS';
const newUser = (email = 'nina@example.lu') => ({
  surname: 'Newcomer',
  firstName: 'Nina',
  email,
  certificateNumber: formatCertificateNumber(generateCertificateNumber()),
  restricted: 'all',
  role: 'manager',
});

// Companies of the demo registry, one per row that certifies its eSpace (a company has one holder).
let nextEntity = 1;
const freshEntity = () => `rcs:B1000${String(nextEntity++).padStart(2, '0')}`;

/** The row's eSpace certified with a holder code of a company of its own: its mandate. */
const holder = (f: Fixture) =>
  f.once('holder', async () => {
    const { code } = await issueCode(f.t, { entity: freshEntity() });
    const url = `/space/certifications/${SCOPE}/holder`;
    const res = await f.send('Administrator', 'POST', { url, body: { code } });
    assert.equal(res.statusCode, 303, 'the holder code is taken');
    const [mandate] = await f.t.database.db
      .select()
      .from(mandates)
      .where(and(eq(mandates.spaceId, f.spaceId), eq(mandates.kind, 'holder')));
    return mandate!;
  });

/** An agent code the row's certified eSpace generated, as its page shows it. */
const agentCode = (f: Fixture) =>
  f.once('agent code', async () => {
    await holder(f);
    const res = await f.send('Administrator', 'POST', { url: `/space/certifications/${SCOPE}/agent-code` });
    const code = res.body.match(/class="access-code mono"[^>]*>([0-9A-Z-]{19})</)?.[1];
    const id = res.body.match(/name="id" value="([^"]+)"/)?.[1];
    assert.ok(code && id, `an agent code (${res.statusCode})`);
    return { code, id };
  });

/** An invitation of the row's eSpace, pending, and the mail that carries it. */
const invitation = (f: Fixture) =>
  f.once('invitation', async () => {
    const email = `invitee.${f.identifier.toLowerCase()}@example.lu`;
    const body = { ...newUser(email), step: '3', go: 'next' };
    const res = await f.send('Administrator', 'POST', { url: '/space/users/new', body });
    assert.equal(res.statusCode, 303, 'the invitation is sent');
    const [row] = await f.t.database.db.select().from(invitations).where(eq(invitations.email, email));
    const [mail] = await f.t.database.db.select().from(outboxMails).where(eq(outboxMails.recipient, email));
    return { id: row!.id, token: await invitationToken(f.t, email), mailId: mail!.id };
  });

/** A member of the row's eSpace other than the actors (deactivated if asked): their membership id. */
const member = (f: Fixture, status: 'active' | 'deactivated' = 'active') =>
  f.once(`member ${status}`, async () => {
    const ctx = { db: f.t.database.db, config: f.t.config };
    const other = await createPerson(ctx, { surname: 'Target', firstName: 'Tina', email: 'tina@example.lu' });
    const row = await addMembership(ctx, {
      spaceId: f.spaceId,
      personId: other.id,
      role: 'manager',
      email: other.email,
      certificateNumber: generateCertificateNumber(),
      status,
    });
    return row.id;
  });

/** An agent mandate on the row's company, held by another eSpace (the person's): its id. */
const agentMandate = (f: Fixture) =>
  f.once('agent mandate', async () => {
    const { code } = await agentCode(f);
    const other = await f.session(f.person('person')!, { business: 'Agent SARL' });
    const res = await f.t.app.inject({
      method: 'POST',
      url: `/space/certifications/${SCOPE}/agent`,
      headers: { cookie: other.cookie },
      payload: { _csrf: f.csrf, [ONE_TIME_FIELD]: newOneTimeToken(), code },
    });
    assert.equal(res.statusCode, 303, 'the agent code is taken');
    const [mandate] = await f.t.database.db
      .select()
      .from(mandates)
      .where(and(eq(mandates.spaceId, other.spaceId!), eq(mandates.kind, 'agent')));
    return mandate!.id;
  });

/** A link to confirm a new notification e-mail of the row's eSpace: its token. */
const emailChange = (f: Fixture) =>
  f.once('email change', async () => {
    const address = `notify.${f.identifier.toLowerCase()}@example.lu`;
    const body = { name: 'Access', proceduresLang: 'en', notificationEmail: address };
    await f.send('Administrator', 'POST', { url: '/space/profile/edit', body });
    const token = (await lastMail(f.t, address))?.text.match(/\/email-change\/([\w-]+)/)?.[1];
    assert.ok(token, 'a confirmation link');
    return token;
  });

/** An access code of ITM issued for the row (its id and code, as the back office shows them once). */
const issued = (f: Fixture) => f.once('issued code', () => issueCode(f.t, { entity: 'rcs:B100015' }));

const get = (url: string) => () => ({ url });
const post =
  (url: string, body: Record<string, string | string[]> = {}) =>
  () => ({ url, body });
const select = (f: Fixture) => ({ url: '/spaces/select', body: { identifier: f.identifier } });

// The access table: one row per registered route (a second row of a route says what it adds).
const table: Row[] = [
  // The portal's pages and files, for anyone.
  ['GET /', 'visitor', null],
  ['GET /help', 'visitor', null],
  ['GET /contact', 'visitor', null],
  ['GET /legal-notice', 'visitor', null],
  ['GET /accessibility', 'visitor', null],
  ['GET /sitemap', 'visitor', null],
  ['GET /language/:lang', 'visitor', null, get('/language/en')],
  ['GET /healthz', 'visitor', null],
  ['GET /assets/*', 'visitor', null, get('/assets/app.css')],
  [
    'GET /assets/vendor/simplewebauthn/*',
    'visitor',
    null,
    get('/assets/vendor/simplewebauthn/index.umd.min.js'),
  ],
  // Log on and out.
  ['GET /logon', 'visitor', null],
  ['GET /logon/token', 'visitor', null],
  [
    'POST /logon/token',
    'visitor',
    'token',
    post('/logon/token', { login: 'nobody', password: 'x', code: '1' }),
  ],
  ['GET /logon/certificate', 'visitor', null],
  ['GET /logon/certificate/complete', 'visitor', null, get('/logon/certificate/complete?ticket=unknown')],
  ['GET /logon/oidc', 'visitor', null],
  ['GET /logon/oidc/callback', 'visitor', null],
  ['GET /logon/passkey', 'visitor', null],
  ['POST /logon/passkey/options', 'visitor', 'token'],
  ['POST /logon/passkey/verify', 'visitor', 'token', post('/logon/passkey/verify', { response: '{}' })],
  ['POST /logout', 'person', 'token'],
  ['POST /logout/all', 'person', 'token'],
  // The demo: its identities, its first visit, its mailbox.
  ['GET /demo-identities', 'demo', null],
  ['GET /first-visit', 'demo', null],
  ['POST /first-visit', 'demo', 'token', post('/first-visit', { surname: '', device: 'token' })],
  ['GET /first-visit/passkey', 'demo', null],
  // The passkey scripts' routes answer JSON: without the log on attempt they continue (a first
  // visit's here, a person's below), "expired" with 409.
  ['POST /first-visit/passkey/options', 'demo', 'token', undefined, 409],
  [
    'POST /first-visit/passkey/verify',
    'demo',
    'token',
    post('/first-visit/passkey/verify', { response: '{}' }),
    409,
  ],
  ['GET /dev/mailbox', 'demo', null],
  [
    'GET /dev/mailbox/:id',
    'demo',
    null,
    async (f) => ({ url: `/dev/mailbox/${(await invitation(f)).mailId}` }),
  ],
  // A person's devices: their own only (the service answers 404 for another's).
  ['GET /devices', 'person', null],
  [
    'POST /devices/:id/revoke',
    'person',
    'token',
    // Their only device: refused as the last one, with a message (nothing revoked).
    (f, actor) => ({
      url: `/devices/${f.person(actor)?.deviceId ?? '00000000-0000-4000-8000-000000000000'}/revoke`,
    }),
  ],
  ['POST /devices/token', 'person', 'token'],
  ['GET /devices/certificate', 'person', null],
  ['POST /devices/certificate', 'person', 'token', post('/devices/certificate', { label: 'unknown' })],
  ['GET /devices/passkey', 'person', null],
  ['POST /devices/passkey/options', 'person', 'token', undefined, 409],
  [
    'POST /devices/passkey/verify',
    'person',
    'token',
    post('/devices/passkey/verify', { response: '{}' }),
    409,
  ],
  // eSpaces: a person's list, setting one up, choosing one (a non-member is told it is not found).
  ['GET /spaces', 'person', null],
  ['POST /spaces/select', 'person', 'token', select],
  ['GET /spaces/new', 'person', null],
  [
    'POST /spaces/new',
    'person',
    'token',
    post('/spaces/new', { name: 'Set up', companyName: 'Set up SARL', email: 'a@example.lu' }),
  ],
  // The selected eSpace: what every member sees, what only its Administrators do (rule 7).
  ['GET /space/profile', MEMBERS, null],
  ['GET /space/profile/edit', ADMIN, null],
  [
    'POST /space/profile/edit',
    ADMIN,
    'token',
    post('/space/profile/edit', { name: 'Renamed', companyName: 'Renamed SARL' }),
  ],
  ['POST /space/profile/email-change/cancel', ADMIN, 'token'],
  [
    'GET /email-change/:token',
    'visitor',
    null,
    async (f) => ({ url: `/email-change/${await emailChange(f)}` }),
  ],
  [
    'POST /email-change/:token',
    'visitor',
    'token',
    async (f) => ({ url: `/email-change/${await emailChange(f)}` }),
  ],
  ['GET /space/activity', ADMIN, null],
  ['GET /space/users', MEMBERS, null],
  ['GET /space/users/new', ADMIN, null],
  [
    'POST /space/users/new',
    ADMIN,
    'token',
    () => ({ url: '/space/users/new', body: { ...newUser(), step: '3', go: 'next' } }),
  ],
  ['GET /space/users/m/:id', ADMIN, null, async (f) => ({ url: `/space/users/m/${await member(f)}` })],
  ...(['role', 'deactivate', 'remove'] as const).map(
    (change): Row => [
      `POST /space/users/m/:id/${change}`,
      ADMIN,
      'token',
      async (f) => ({
        url: `/space/users/m/${await member(f)}/${change}`,
        body: { role: 'manager_no_signature' },
      }),
    ],
  ),
  [
    'POST /space/users/m/:id/reactivate',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/users/m/${await member(f, 'deactivated')}/reactivate` }),
  ],
  // Every member may leave; the only Administrator is told why not (rule 8).
  ['POST /space/leave', MEMBERS, 'token'],
  [
    'GET /space/users/i/:id',
    ADMIN,
    null,
    async (f) => ({ url: `/space/users/i/${(await invitation(f)).id}` }),
  ],
  [
    'POST /space/users/i/:id/resend',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/users/i/${(await invitation(f)).id}/resend` }),
  ],
  [
    'POST /space/users/i/:id/withdraw',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/users/i/${(await invitation(f)).id}/withdraw` }),
  ],
  // Invitations are answered by the person invited (anyone else is told it is not theirs).
  [
    'GET /invitations/:token',
    'person',
    null,
    async (f) => ({ url: `/invitations/${(await invitation(f)).token}` }),
  ],
  [
    'POST /invitations/:token/accept',
    'person',
    'token',
    async (f) => ({ url: `/invitations/${(await invitation(f)).token}/accept` }),
  ],
  [
    'POST /invitations/:token/decline',
    'person',
    'token',
    async (f) => ({ url: `/invitations/${(await invitation(f)).token}/decline` }),
  ],
  [
    'POST /invitations/id/:id/accept',
    'person',
    'token',
    async (f) => ({ url: `/invitations/id/${(await invitation(f)).id}/accept` }),
  ],
  [
    'POST /invitations/id/:id/decline',
    'person',
    'token',
    async (f) => ({ url: `/invitations/id/${(await invitation(f)).id}/decline` }),
  ],
  // Certification: every member sees (rule 9), Administrators certify and manage agents.
  ['GET /space/certifications', MEMBERS, null],
  ['GET /space/certifications/:scope', MEMBERS, null, get(`/space/certifications/${SCOPE}`)],
  [
    'POST /space/certifications/:scope/:kind',
    ADMIN,
    'token',
    async (f) => ({
      url: `/space/certifications/${SCOPE}/holder`,
      body: { code: (await issueCode(f.t, { entity: freshEntity() })).code },
    }),
  ],
  [
    'GET /space/certifications/:scope/agents',
    MEMBERS,
    null,
    async (f) => {
      await holder(f);
      return { url: `/space/certifications/${SCOPE}/agents` };
    },
  ],
  [
    'GET /space/certifications/:scope/agents/:id/revoke',
    ADMIN,
    null,
    async (f) => ({ url: `/space/certifications/${SCOPE}/agents/${await agentMandate(f)}/revoke` }),
  ],
  [
    'POST /space/certifications/:scope/agents/:id/revoke',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/certifications/${SCOPE}/agents/${await agentMandate(f)}/revoke` }),
  ],
  [
    'GET /space/certifications/:scope/m/:id/give-up',
    ADMIN,
    null,
    async (f) => ({ url: `/space/certifications/${SCOPE}/m/${(await holder(f)).id}/give-up` }),
  ],
  [
    'POST /space/certifications/:scope/m/:id/give-up',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/certifications/${SCOPE}/m/${(await holder(f)).id}/give-up` }),
  ],
  [
    'POST /space/certifications/:scope/agent-code',
    ADMIN,
    'token',
    async (f) => {
      await holder(f);
      return { url: `/space/certifications/${SCOPE}/agent-code` };
    },
  ],
  [
    'POST /space/certifications/:scope/agent-code/letter',
    ADMIN,
    'token',
    async (f) => ({ url: `/space/certifications/${SCOPE}/agent-code/letter`, body: await agentCode(f) }),
  ],
  ['GET /business-data', MEMBERS, null],
  ['GET /business-data/:scope', MEMBERS, null, get(`/business-data/${SCOPE}`)],
  [
    'GET /business-data/:scope/:entity',
    MEMBERS,
    null,
    async (f) => ({ url: `/business-data/${SCOPE}/${(await holder(f)).entityId}` }),
  ],
  // My communications: every member.
  ['GET /communications', MEMBERS, null],
  // Its body is checked before its guard: a well-formed one, so that the guard decides.
  [
    'POST /communications/read',
    MEMBERS,
    'token',
    post('/communications/read', { id: '00000000-0000-4000-8000-000000000000', page: '1' }),
  ],
  // The back office: officers of the administration only (anyone else: not found).
  ['GET /backoffice', 'officer', null],
  ['GET /backoffice/:admin/codes', 'officer', null, get('/backoffice/ITM/codes')],
  ['GET /backoffice/:admin/codes/new', 'officer', null, get('/backoffice/ITM/codes/new')],
  [
    'POST /backoffice/:admin/codes/new',
    'officer',
    'token',
    post('/backoffice/ITM/codes/new', {
      scope: SCOPE,
      kind: 'holder',
      entities: 'rcs:B100014',
      expiresOn: '',
    }),
  ],
  [
    'POST /backoffice/:admin/letters',
    'officer',
    'token',
    async (f) => {
      const code = await issued(f);
      return { url: '/backoffice/ITM/letters', body: { id: code.id, code: code.code } };
    },
  ],
  [
    'GET /backoffice/:admin/codes/:id/revoke',
    'officer',
    null,
    async (f) => ({ url: `/backoffice/ITM/codes/${(await issued(f)).id}/revoke` }),
  ],
  [
    'POST /backoffice/:admin/codes/:id/revoke',
    'officer',
    'token',
    async (f) => ({ url: `/backoffice/ITM/codes/${(await issued(f)).id}/revoke` }),
  ],
];

const sentToLogOn = (res: LightMyRequestResponse) =>
  res.statusCode === 303 && /^\/logon($|\?next=)/.test(String(res.headers.location));
const sentToChoose = (res: LightMyRequestResponse) =>
  res.statusCode === 303 && res.headers.location === '/spaces?notice=select';

function mayCall(who: Who, actor: ActorName): boolean {
  if (who === 'visitor' || who === 'demo') return true;
  if (actor === 'visitor') return false;
  if (who === 'person') return true;
  if (who === 'officer') return actor === 'officer';
  const role = roleOf[actor];
  return role !== undefined && who.includes(role);
}

/** The refusal of its kind, for an actor who may not call the route. */
function refused(who: Who, actor: ActorName, res: LightMyRequestResponse, refusal?: number): boolean {
  if (refusal) return res.statusCode === refusal;
  if (actor === 'visitor') return sentToLogOn(res);
  if (who === 'officer') return res.statusCode === 404;
  if (!roleOf[actor]) return sentToChoose(res);
  return res.statusCode === 403 || res.statusCode === 404;
}

/**
 * Let through: never a 5xx nor a refusal of the route's kind. On a visitor's or a person's route
 * a 404 is the service's answer about the thing (someone else's invitation, an eSpace they are
 * not in), not a refusal of the route; on a member's, an officer's or a demo route it is one.
 */
function letThrough(who: Who, res: LightMyRequestResponse): boolean {
  if (res.statusCode >= 500 || sentToLogOn(res) || sentToChoose(res)) return false;
  if (who === 'visitor' || who === 'person') return true;
  return res.statusCode !== 403 && res.statusCode !== 404;
}

const whoText = (who: Who) => (Array.isArray(who) ? who.join(' | ') : who);

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
    await grantOfficer(
      { db: t.database.db, config: t.config },
      { person: people.get('officer')!.personId, administration: 'ITM' },
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

  /** A fresh business eSpace whose Administrator, Manager and Manager without signature are the actors. */
  async function fixture(): Promise<Fixture> {
    const db = t.database.db;
    const ctx = { db, config: t.config };
    const session: Fixture['session'] = async (person, options = {}) => {
      const [device] = await db.select().from(devices).where(eq(devices.id, person.deviceId));
      const [row] = await db.select().from(persons).where(eq(persons.id, person.personId));
      const opened = await openSession(ctx, device!, 'test');
      let spaceId: string | undefined;
      if (options.business) {
        const spaceCtx: SpaceCtx = {
          ...ctx,
          current: { session: opened.session, person: row!, device: device! },
        };
        const space = await createBusinessSpace(spaceCtx, {
          name: options.business,
          companyName: `${options.business} SARL`,
          email: person.email,
          proceduresLang: 'en',
        });
        spaceId = space.id;
        await db
          .update(sessionsTable)
          .set({ selectedSpaceId: spaceId })
          .where(eq(sessionsTable.id, opened.session.id));
      }
      return { cookie: `sid=${opened.token}; ${csrfCookie}`, spaceId };
    };
    const admin = people.get('Administrator')!;
    const adminSession = await session(admin, { business: 'Access' });
    const spaceId = adminSession.spaceId!;
    const [space] = await db.select().from(spacesTable).where(eq(spacesTable.id, spaceId));
    const cookies = new Map<ActorName, string>([
      ['visitor', csrfCookie],
      ['Administrator', adminSession.cookie],
      ['person', (await session(people.get('person')!)).cookie],
      ['officer', (await session(people.get('officer')!)).cookie],
    ]);
    for (const actor of ['Manager', 'Manager without signature'] as const) {
      const person = people.get(actor)!;
      await addMembership(ctx, {
        spaceId,
        personId: person.personId,
        role: roleOf[actor]!,
        email: person.email,
        certificateNumber: person.certificateNumber,
      });
      const own = await session(person);
      const sid = own.cookie.split('; ')[0]!.slice('sid='.length);
      await db
        .update(sessionsTable)
        .set({ selectedSpaceId: spaceId })
        .where(eq(sessionsTable.tokenHash, hashToken(sid)));
      cookies.set(actor, own.cookie);
    }
    const made = new Map<string, Promise<unknown>>();
    return {
      t,
      spaceId,
      identifier: space!.identifier,
      csrf,
      person: (actor) => people.get(actor),
      session,
      send: (actor, method, call, withCsrf = true) =>
        t.app.inject({
          method: method as 'GET' | 'POST',
          url: call.url,
          headers: { cookie: cookies.get(actor)!, 'accept-language': 'en' },
          ...(method === 'GET'
            ? {}
            : {
                payload: {
                  ...(withCsrf ? { _csrf: csrf } : {}),
                  [ONE_TIME_FIELD]: newOneTimeToken(),
                  ...call.body,
                },
              }),
        }),
      once: <T>(key: string, make: () => Promise<T>) => {
        if (!made.has(key)) made.set(key, make());
        return made.get(key) as Promise<T>;
      },
    };
  }

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
      const f = await fixture();
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
