import { eq } from 'drizzle-orm';
import { devices, legalEntities, persons } from '../../src/db/schema/index.ts';
import { confirmAccessCode } from '../../src/features/certification/service/confirm.ts';
import { openSession } from '../../src/features/identity/service/sessions.ts';
import { saveStep } from '../../src/features/procedures/service/drafts.ts';
import { procedureDetail } from '../../src/features/procedures/service/lists.ts';
import { transmit } from '../../src/features/procedures/service/transmit.ts';
import type { Role } from '../../src/features/spaces/permissions.ts';
import { addMembership, createBusinessSpace, type SpaceCtx } from '../../src/features/spaces/service.ts';
import { createPdf } from '../../src/platform/pdf/document.ts';
import type { TestApp } from './app.ts';
import { issueCode } from './certification.ts';
import { newOtpPerson } from './identity.ts';

/** Helpers for the procedures' service tests: people acting in eSpaces, without a browser. */

/** The context of a person logged on with `deviceId` (a session opened through the service). */
export async function ctxOf(t: TestApp, personId: string, deviceId: string): Promise<SpaceCtx> {
  const ctx = { db: t.database.db, config: t.config };
  const [device] = await t.database.db.select().from(devices).where(eq(devices.id, deviceId));
  const [person] = await t.database.db.select().from(persons).where(eq(persons.id, personId));
  const { session } = await openSession(ctx, device!, 'test');
  return { ...ctx, current: { session, person: person!, device: device! } };
}

/** A new person, logged on. */
export async function someone(t: TestApp, lang: 'fr' | 'en' | 'de' = 'en') {
  const person = await newOtpPerson(t, { lang });
  return { person, ctx: await ctxOf(t, person.personId, person.deviceId) };
}

/** A business eSpace set up by a new head of company (its Administrator). */
export async function businessSpace(t: TestApp, name: string, proceduresLang: 'fr' | 'en' | 'de' = 'en') {
  const head = await someone(t);
  const space = await createBusinessSpace(head.ctx, {
    name,
    companyName: `${name} SARL`,
    email: `office@${name.toLowerCase().replace(/\W+/g, '')}.example.lu`,
    proceduresLang,
  });
  return { space, head };
}

/** A new member of the eSpace with `role` (or deactivated), logged on. */
export async function memberOf(
  t: TestApp,
  spaceId: string,
  role: Role,
  status: 'active' | 'deactivated' = 'active',
) {
  const who = await someone(t);
  await addMembership(
    { db: t.database.db, config: t.config },
    {
      spaceId,
      personId: who.person.personId,
      role,
      email: who.person.email,
      certificateNumber: who.person.certificateNumber,
      status,
    },
  );
  return who;
}

/** The demo company with this identifier (B100001…). */
export async function entity(t: TestApp, value: string) {
  const [row] = await t.database.db.select().from(legalEntities).where(eq(legalEntities.value, value));
  if (!row) throw new Error(`no entity ${value}`);
  return row;
}

/** Gives the eSpace a mandate on a company for a scope, as its Administrator confirms a code. */
export async function mandateOn(
  t: TestApp,
  admin: SpaceCtx,
  spaceId: string,
  value: string,
  kind: 'holder' | 'agent' = 'holder',
  scope = 'ITM_ELECTIONS',
) {
  const { code } = await issueCode(t, { entity: `rcs:${value}`, kind, scope });
  return confirmAccessCode(admin, spaceId, { scopeCode: scope, kind, code });
}

/** Answers of ITM-SE-ANNOUNCE's steps, in order, that transmit. */
export const announceSteps: [string, Record<string, unknown>][] = [
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

/**
 * Saves every step of a draft of ITM-SE-ANNOUNCE with valid answers, as the step pages save them
 * (`at` gives each action its moment, when the test orders them).
 */
export async function fillSteps(
  ctx: SpaceCtx,
  spaceId: string,
  id: string,
  at: (ctx: SpaceCtx) => SpaceCtx = (c) => c,
): Promise<void> {
  let revision = (await procedureDetail(ctx, spaceId, id)).procedure.revision;
  for (const [stepId, values] of announceSteps) {
    const saved = await saveStep(at(ctx), spaceId, id, { stepId, values, revision });
    if (!saved.ok) throw new Error(`step ${stepId}: ${JSON.stringify(saved.errors)}`);
    revision = saved.procedure.revision;
  }
}

/** Fills a draft of ITM-SE-ANNOUNCE (as `fillSteps`) and transmits it; returns its reference. */
export async function fillAndTransmit(
  ctx: SpaceCtx,
  spaceId: string,
  id: string,
  at: (ctx: SpaceCtx) => SpaceCtx = (c) => c,
): Promise<string> {
  await fillSteps(ctx, spaceId, id, at);
  const outcome = await transmit(at(ctx), spaceId, id);
  if (outcome.status !== 'transmitted') throw new Error('not transmitted');
  return outcome.transmission.reference;
}

/** A real one-page PDF, as a person would upload. */
export async function onePagePdf(): Promise<Uint8Array> {
  const doc = await createPdf({ title: 'Letter', author: 'Test', lang: 'en', createdAt: new Date(0) });
  doc.addPage();
  return doc.save();
}
