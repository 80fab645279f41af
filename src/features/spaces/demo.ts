import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import type { DemoRemover } from '../../platform/demo.ts';
import { demoPersonIds, demoPersonsByKey } from '../identity/demo.ts';
import { generateSpaceIdentifier, type SpaceKind } from './rules.ts';
import { deleteSpacesCreatedBy, insertMembership, insertSpace } from './store.ts';

/**
 * Demo eSpaces: the head of company's business eSpace with her designated employee as Manager,
 * and the fiduciary's eSpace for a group of client companies. Private eSpaces come by themselves.
 */
export async function seedDemoSpaces(db: Db, _config: Config): Promise<void> {
  const people = await demoPersonsByKey(db);
  const karine = people.get('1-head');
  const marc = people.get('2-employee');
  const sophie = people.get('3-fiduciary');
  if (!karine || !marc || !sophie) return;
  const space = async (
    kind: SpaceKind,
    values: { name: string; companyName: string; createdBy: string; lang: string },
  ) =>
    (await insertSpace(db, {
      kind,
      identifier: generateSpaceIdentifier(kind),
      name: values.name,
      companyName: values.companyName,
      proceduresLang: values.lang,
      createdBy: values.createdBy,
    }))!;
  const join = (spaceId: string, who: NonNullable<typeof karine>, role: 'administrator' | 'manager') =>
    insertMembership(db, {
      spaceId,
      personId: who.person.id,
      role,
      email: who.person.email,
      certificateNumber: who.device.certificateNumber,
    });

  const elections = await space('business', {
    name: 'Maitry Bâtiment – Élections sociales',
    companyName: 'Maitry Bâtiment SARL',
    createdBy: karine.person.id,
    lang: 'fr',
  });
  await join(elections.id, karine, 'administrator');
  await join(elections.id, marc, 'manager');

  const fiduciary = await space('business', {
    name: 'Fiduciaire Klein – Groupe A',
    companyName: 'Fiduciaire Klein SA',
    createdBy: sophie.person.id,
    lang: 'en',
  });
  await join(fiduciary.id, sophie, 'administrator');
}

/**
 * The eSpaces demo identities set up (seeded, or made while trying the demo), whoever else
 * joined them; the identities themselves are removed after.
 */
export const demoSpaceRemover: DemoRemover = {
  remove: async (tx) => ({ spaces: await deleteSpacesCreatedBy(tx, await demoPersonIds(tx)) }),
};
