import type { Db } from '../../platform/db.ts';
import { demoPersonsByKey } from '../identity/demo.ts';
import { findAdministration, upsertOfficer } from './store.ts';

/**
 * The demo officer in the ITM and MENJE back offices (the administrations come with the
 * certification registries, seeded before). Officers go with their person when the demo is removed.
 */
export async function seedDemoOfficers(db: Db): Promise<void> {
  const officer = (await demoPersonsByKey(db)).get('4-officer');
  if (!officer) return;
  for (const code of ['ITM', 'MENJE']) {
    const administration = await findAdministration(db, code);
    if (administration)
      await upsertOfficer(db, {
        personId: officer.person.id,
        administrationId: administration.id,
        role: 'officer',
      });
  }
}
