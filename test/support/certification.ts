import { readFile } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, mandates, spaces } from '../../src/db/schema/index.ts';
import { formatAccessCode } from '../../src/features/certification/rules.ts';
import { issueOrderedCodes } from '../../src/features/certification/service/codes.ts';
import { importRegistry } from '../../src/features/certification/service/registry.ts';
import type { Database } from '../../src/platform/db.ts';
import { type Agent, personLoggedOn } from './agent.ts';
import type { TestApp } from './app.ts';
import { freshDatabase } from './db.ts';
import { setUpBusinessSpace } from './spaces.ts';

/** A business eSpace set up by a new head of company, logged on. */
export async function company(t: TestApp, name: string) {
  const { agent, person } = await personLoggedOn(t);
  const identifier = await setUpBusinessSpace(agent, name);
  const [space] = await t.database.db.select().from(spaces).where(eq(spaces.identifier, identifier));
  return { agent, person, identifier, spaceId: space!.id };
}

/** The mandates of an eSpace not ended. */
export const activeMandates = (t: TestApp, spaceId: string) =>
  t.database.db
    .select()
    .from(mandates)
    .where(and(eq(mandates.spaceId, spaceId), sql`${mandates.endedAt} is null`));

/** Issues an access code as the operator would (`comptoir codes issue`); returns it in plain text. */
export async function issueCode(
  t: TestApp,
  order: { scope?: string; entity: string; kind?: 'holder' | 'agent'; expiresOn?: string },
) {
  const result = await issueOrderedCodes(
    t.database.db,
    [
      {
        line: 1,
        scope: order.scope ?? 'ITM_ELECTIONS',
        entity: order.entity,
        kind: order.kind ?? 'holder',
        expiresOn: order.expiresOn ?? '',
      },
    ],
    new Date(),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const [issued] = result.issued;
  return { id: issued!.row.id, reference: issued!.row.reference, code: formatAccessCode(issued!.code) };
}

/** Types a code in a scope's block of the Certifications tab, as an Administrator would. */
export function confirmCode(
  agent: Agent,
  code: string,
  kind: 'holder' | 'agent' = 'holder',
  scope = 'ITM_ELECTIONS',
) {
  return agent.post(`/space/certifications/${scope}/${kind}`, { code });
}

/** The demo's administrations and certification scopes, imported as an operator imports them. */
export async function importDemoRegistries(database: Database): Promise<void> {
  for (const registry of ['administrations', 'scopes'] as const) {
    const csv = await readFile(
      new URL(`../../src/features/certification/demo/${registry}.csv`, import.meta.url),
      'utf8',
    );
    const result = await importRegistry(database.db, registry, csv);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
  }
}

/** A fresh database of the engine under test with those registries: what publishing procedures checks against. */
export async function databaseWithRegistries(): Promise<Database> {
  const database = await freshDatabase();
  await importDemoRegistries(database);
  return database;
}

/** A business eSpace set up by a new head of company and certified with a holder code of `entity`. */
export async function certifiedCompany(t: TestApp, name: string, entity: string) {
  const head = await company(t, name);
  const answer = await confirmCode(head.agent, (await issueCode(t, { entity })).code);
  if (answer.statusCode !== 303) throw new Error(`holder code of ${entity} refused: ${answer.statusCode}`);
  return head;
}

/** Puts the eSpace's mandates past their period, as when a social elections period ends. */
export async function endPeriodOf(t: TestApp, spaceId: string): Promise<void> {
  await t.database.db.execute(
    sql`update mandates set valid_until = now() - interval '1 day' where space_id = ${spaceId}`,
  );
}

/** The events of an eSpace's trail with this action. */
export const spaceTrail = (t: TestApp, spaceId: string, action: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.spaceId, spaceId), eq(auditEvents.action, action)));
