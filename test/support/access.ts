import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  devices,
  invitations,
  legalEntities,
  mandates,
  outboxMails,
  persons,
  sessions as sessionsTable,
  spaces as spacesTable,
} from '../../src/db/schema/index.ts';
import type { OfficerRole } from '../../src/features/authorities/permissions.ts';
import {
  formatCertificateNumber,
  generateCertificateNumber,
  hashToken,
} from '../../src/features/identity/rules.ts';
import { createPerson } from '../../src/features/identity/service/persons.ts';
import { openSession } from '../../src/features/identity/service/sessions.ts';
import { attachFile } from '../../src/features/procedures/service/attachments.ts';
import { startProcedure } from '../../src/features/procedures/service/drafts.ts';
import type { Role } from '../../src/features/spaces/permissions.ts';
import { addMembership, createBusinessSpace, type SpaceCtx } from '../../src/features/spaces/service.ts';
import { newOneTimeToken, ONE_TIME_FIELD } from '../../src/platform/http/idempotency.ts';
import type { TestApp } from './app.ts';
import { issueCode } from './certification.ts';
import type { OtpPerson } from './identity.ts';
import { ctxOf, fillAndTransmit, fillSteps, onePagePdf } from './procedures.ts';
import { invitationToken, lastMail } from './spaces.ts';

/**
 * The actors, verdicts and fixtures of the access table (src/features/route-access.table.ts),
 * which src/features/route-access.test.ts runs.
 */

export const actorNames = [
  'visitor',
  'person',
  'officer',
  'supervisor',
  'catalogue editor',
  'Manager without signature',
  'Manager',
  'Administrator',
] as const;
export type ActorName = (typeof actorNames)[number];
export const roleOf: Partial<Record<ActorName, Role>> = {
  'Manager without signature': 'manager_no_signature',
  Manager: 'manager',
  Administrator: 'administrator',
};

/** The officers of ITM among the actors, by their role in the back office. */
export const officerRoleOf: Partial<Record<ActorName, OfficerRole>> = {
  officer: 'officer',
  supervisor: 'supervisor',
  'catalogue editor': 'catalogue_editor',
};

/** Who may call a route: a visitor, any person, members by role, officers of ITM by role, demo only. */
export type Who = 'visitor' | 'person' | Role[] | { officers: OfficerRole[] } | 'demo';
export const MEMBERS: Role[] = ['manager_no_signature', 'manager', 'administrator'];
export const ADMIN: Role[] = ['administrator'];

/** An unsafe route's CSRF stand: 'token' (403 without it) or the reason it is exempt; null for GET. */
export type Csrf = 'token' | { exempt: string } | null;

export type Call = { url: string; body?: Record<string, string | string[]> };
export type Row = [
  route: string,
  who: Who,
  csrf: Csrf,
  call?: (f: Fixture, actor: ActorName) => Call | Promise<Call>,
  /** The status those who may not get, when it is not their kind's (a script's JSON route: 409). */
  refusal?: number,
];

/** What a row works on: its own business eSpace, its actors' sessions, things made once for it. */
export type Fixture = {
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

export const SCOPE = 'ITM_ELECTIONS';
export const newUser = (email = 'nina@example.lu') => ({
  surname: 'Newcomer',
  firstName: 'Nina',
  email,
  certificateNumber: formatCertificateNumber(generateCertificateNumber()),
  restricted: 'all',
  role: 'manager',
});

// Companies of the demo registry, for a row that types a holder code of its own (a company has one holder).
let nextEntity = 1;
export const freshEntity = () => `rcs:B1000${String(nextEntity++).padStart(2, '0')}`;

let nextCompany = 1;
/**
 * A company added to the registry for one row (`rcs:B9…`): the demo registry has fifteen, and a
 * company has one holder, so rows that certify their eSpace would run out of them.
 */
async function companyOfTheRow(f: Fixture): Promise<string> {
  const value = `B9${String(nextCompany++).padStart(5, '0')}`;
  await f.t.database.db.insert(legalEntities).values({
    scheme: 'rcs',
    value,
    name: `Access ${value} SARL`,
    address: { street: '1, rue de la Gare', postcode: 'L-1611', city: 'Luxembourg', country: 'Luxembourg' },
    lang: 'fr',
    attributes: {},
  });
  return `rcs:${value}`;
}

/** The row's eSpace certified with a holder code of a company of its own: its mandate. */
export const holder = (f: Fixture) =>
  f.once('holder', async () => {
    const { code } = await issueCode(f.t, { entity: await companyOfTheRow(f) });
    const url = `/space/certifications/${SCOPE}/holder`;
    const res = await f.send('Administrator', 'POST', { url, body: { code } });
    assert.equal(res.statusCode, 303, 'the holder code is taken');
    const [mandate] = await f.t.database.db
      .select()
      .from(mandates)
      .where(and(eq(mandates.spaceId, f.spaceId), eq(mandates.kind, 'holder')));
    return mandate!;
  });

/** The procedure the access rows work on: it needs the ITM_ELECTIONS certification. */
export const PROCEDURE = 'ITM-SE-ANNOUNCE';

/**
 * A draft of PROCEDURE in the row's certified eSpace, for its own company, started by its
 * Administrator: its id. One per actor when each deletes or changes their own.
 */
export const draft = (f: Fixture, actor = '') =>
  f.once(`draft ${actor}`, async () => {
    const { entityId } = await holder(f);
    const admin = f.person('Administrator')!;
    const ctx = await ctxOf(f.t, admin.personId, admin.deviceId);
    const row = await startProcedure(ctx, f.spaceId, { code: PROCEDURE, subjectEntityId: entityId });
    return row.id;
  });

/**
 * A draft of PROCEDURE with every step saved (through the service, as the step pages save it),
 * ready to transmit: its id. One per actor, since each transmits their own.
 */
export const completeDraft = (f: Fixture, actor = '') =>
  f.once(`complete draft ${actor}`, async () => {
    const id = await draft(f, `complete ${actor}`);
    const admin = f.person('Administrator')!;
    await fillSteps(await ctxOf(f.t, admin.personId, admin.deviceId), f.spaceId, id);
    return id;
  });

/** A procedure of the row's certified eSpace, filled and transmitted by its Administrator: its id. */
export const transmitted = (f: Fixture) =>
  f.once('transmitted', async () => {
    const { entityId } = await holder(f);
    const admin = f.person('Administrator')!;
    const ctx = await ctxOf(f.t, admin.personId, admin.deviceId);
    const row = await startProcedure(ctx, f.spaceId, { code: PROCEDURE, subjectEntityId: entityId });
    await fillAndTransmit(ctx, f.spaceId, row.id);
    return row.id;
  });

/** A PDF attached to a draft of the minutes of the elections (its file field): the draft's and the file's ids. */
export const attachment = (f: Fixture) =>
  f.once('attachment', async () => {
    const { entityId } = await holder(f);
    const admin = f.person('Administrator')!;
    const ctx = await ctxOf(f.t, admin.personId, admin.deviceId);
    const row = await startProcedure(ctx, f.spaceId, { code: 'ITM-SE-MINUTES', subjectEntityId: entityId });
    const file = await attachFile(ctx, f.spaceId, row.id, {
      fieldId: 'minutesFile',
      bytes: await onePagePdf(),
      filename: 'minutes.pdf',
    });
    return { id: row.id, fileId: file.fileId };
  });

/** An agent code the row's certified eSpace generated, as its page shows it. */
export const agentCode = (f: Fixture) =>
  f.once('agent code', async () => {
    await holder(f);
    const res = await f.send('Administrator', 'POST', { url: `/space/certifications/${SCOPE}/agent-code` });
    const code = res.body.match(/class="access-code mono"[^>]*>([0-9A-Z-]{19})</)?.[1];
    const id = res.body.match(/name="id" value="([^"]+)"/)?.[1];
    assert.ok(code && id, `an agent code (${res.statusCode})`);
    return { code, id };
  });

/** An invitation of the row's eSpace, pending, and the mail that carries it. */
export const invitation = (f: Fixture) =>
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
export const member = (f: Fixture, status: 'active' | 'deactivated' = 'active') =>
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
export const agentMandate = (f: Fixture) =>
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
export const emailChange = (f: Fixture) =>
  f.once('email change', async () => {
    const address = `notify.${f.identifier.toLowerCase()}@example.lu`;
    const body = { name: 'Access', proceduresLang: 'en', notificationEmail: address };
    await f.send('Administrator', 'POST', { url: '/space/profile/edit', body });
    const token = (await lastMail(f.t, address))?.text.match(/\/email-change\/([\w-]+)/)?.[1];
    assert.ok(token, 'a confirmation link');
    return token;
  });

/**
 * An access code of ITM issued for the row (its id and code, as the back office shows them once);
 * one per actor when each revokes their own.
 */
export const issued = (f: Fixture, actor = '') =>
  f.once(`issued code ${actor}`, () => issueCode(f.t, { entity: 'rcs:B100015' }));

export const get = (url: string) => () => ({ url });
export const post =
  (url: string, body: Record<string, string | string[]> = {}) =>
  () => ({ url, body });
export const select = (f: Fixture) => ({ url: '/spaces/select', body: { identifier: f.identifier } });

export const sentToLogOn = (res: LightMyRequestResponse) =>
  res.statusCode === 303 && /^\/logon($|\?next=)/.test(String(res.headers.location));
export const sentToChoose = (res: LightMyRequestResponse) =>
  res.statusCode === 303 && res.headers.location === '/spaces?notice=select';

/** The officer roles a route is for, when it is a back office route. */
const officersOf = (who: Who) => (typeof who === 'object' && !Array.isArray(who) ? who.officers : undefined);

export function mayCall(who: Who, actor: ActorName): boolean {
  if (who === 'visitor' || who === 'demo') return true;
  if (actor === 'visitor') return false;
  if (who === 'person') return true;
  const officers = officersOf(who);
  if (officers) return officers.some((role) => role === officerRoleOf[actor]);
  const role = roleOf[actor];
  return role !== undefined && Array.isArray(who) && who.includes(role);
}

/** The refusal of its kind, for an actor who may not call the route. */
export function refused(who: Who, actor: ActorName, res: LightMyRequestResponse, refusal?: number): boolean {
  if (refusal) return res.statusCode === refusal;
  if (actor === 'visitor') return sentToLogOn(res);
  if (officersOf(who))
    return officerRoleOf[actor] ? [403, 404].includes(res.statusCode) : res.statusCode === 404;
  if (!roleOf[actor]) return sentToChoose(res);
  return res.statusCode === 403 || res.statusCode === 404;
}

/**
 * Let through: never a 5xx nor a refusal of the route's kind. On a visitor's or a person's route
 * a 404 is the service's answer about the thing (someone else's invitation, an eSpace they are
 * not in), not a refusal of the route; on a member's, an officer's or a demo route it is one.
 */
export function letThrough(who: Who, res: LightMyRequestResponse): boolean {
  if (res.statusCode >= 500 || sentToLogOn(res) || sentToChoose(res)) return false;
  if (who === 'visitor' || who === 'person') return true;
  return res.statusCode !== 403 && res.statusCode !== 404;
}

export const whoText = (who: Who) =>
  Array.isArray(who)
    ? who.join(' | ')
    : typeof who === 'object'
      ? `officers ${who.officers.join(' | ')}`
      : who;

/** A fresh business eSpace whose Administrator, Manager and Manager without signature are the actors. */
export async function accessFixture(
  t: TestApp,
  people: Map<ActorName, OtpPerson>,
  csrf: { token: string; cookie: string },
): Promise<Fixture> {
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
    return { cookie: `sid=${opened.token}; ${csrf.cookie}`, spaceId };
  };
  const admin = people.get('Administrator')!;
  const adminSession = await session(admin, { business: 'Access' });
  const spaceId = adminSession.spaceId!;
  const [space] = await db.select().from(spacesTable).where(eq(spacesTable.id, spaceId));
  const cookies = new Map<ActorName, string>([
    ['visitor', csrf.cookie],
    ['Administrator', adminSession.cookie],
    ['person', (await session(people.get('person')!)).cookie],
  ]);
  for (const actor of ['person', 'officer', 'supervisor', 'catalogue editor'] as const)
    cookies.set(actor, (await session(people.get(actor)!)).cookie);
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
    csrf: csrf.token,
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
                ...(withCsrf ? { _csrf: csrf.token } : {}),
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
