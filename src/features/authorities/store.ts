import { and, asc, eq, ne } from 'drizzle-orm';
import { administrations, officers } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db.ts';
import type { OfficerRole } from './permissions.ts';

/**
 * SQL of administrations as authorities and of their officers. (The administrations' rows come
 * from the registries' import, certification/service/registry.ts.)
 */

export type AdministrationRow = typeof administrations.$inferSelect;

export async function findAdministration(db: Db, code: string): Promise<AdministrationRow | undefined> {
  const [row] = await db.select().from(administrations).where(eq(administrations.code, code));
  return row;
}

/** Makes the person an officer of the administration with `role`; false when they already were one with it. */
export async function upsertOfficer(
  db: Db,
  values: { personId: string; administrationId: string; role: OfficerRole },
): Promise<boolean> {
  const rows = await db
    .insert(officers)
    .values(values)
    .onConflictDoUpdate({
      target: [officers.personId, officers.administrationId],
      set: { role: values.role },
      setWhere: ne(officers.role, values.role),
    })
    .returning({ personId: officers.personId });
  return rows.length > 0;
}

/** The administrations a person works for, with their role in each, by code. */
export async function administrationsOfOfficer(
  db: Db,
  personId: string,
): Promise<{ administration: AdministrationRow; role: OfficerRole }[]> {
  return db
    .select({ administration: administrations, role: officers.role })
    .from(officers)
    .innerJoin(administrations, eq(administrations.id, officers.administrationId))
    .where(eq(officers.personId, personId))
    .orderBy(asc(administrations.code));
}

/** The role of a person in one administration, if they work there. */
export async function officerRole(
  db: Db,
  personId: string,
  administrationCode: string,
): Promise<{ administration: AdministrationRow; role: OfficerRole } | undefined> {
  const [row] = await db
    .select({ administration: administrations, role: officers.role })
    .from(officers)
    .innerJoin(administrations, eq(administrations.id, officers.administrationId))
    .where(and(eq(officers.personId, personId), eq(administrations.code, administrationCode)));
  return row;
}
