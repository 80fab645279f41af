import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import type { DemoRemover } from '../../platform/demo.ts';
import { formatCertificateNumber } from './rules.ts';
import { currentCode, enrolOtp } from './service/otp.ts';
import { createPerson } from './service/persons.ts';
import { deleteDemoPersons, listDemoPersonIds, listDemoPersons } from './store.ts';
import type { DemoIdentity } from './views/demo.tsx';

/**
 * The demo identities: one of each kind of user the seeds describe. Their passwords are
 * published on the "Demo identities" page on purpose; they exist only in demo mode.
 */
export const demoPeople = [
  {
    key: '1-head',
    role: 'head',
    surname: 'Maitry',
    firstName: 'Karine',
    email: 'karine.maitry@demo.comptoir.lu',
    login: 'karine',
    password: 'demo-karine',
    lang: 'fr',
  },
  {
    key: '2-employee',
    role: 'employee',
    surname: 'Eschlin',
    firstName: 'Marc',
    email: 'marc.eschlin@demo.comptoir.lu',
    login: 'marc',
    password: 'demo-marc',
    lang: 'fr',
  },
  {
    key: '3-fiduciary',
    role: 'fiduciary',
    surname: 'Klein',
    firstName: 'Sophie',
    email: 'sophie.klein@demo.comptoir.lu',
    login: 'sophie',
    password: 'demo-sophie',
    lang: 'en',
  },
  {
    key: '4-officer',
    role: 'officer',
    surname: 'Schmit',
    firstName: 'Paul',
    email: 'paul.schmit@demo.comptoir.lu',
    login: 'paul',
    password: 'demo-paul',
    lang: 'de',
  },
] as const;

/** The mark of an identity made on the demo's first visit page: demo data too. */
export const VISITOR = 'visitor';

export async function seedDemoIdentities(db: Db, config: Config): Promise<void> {
  const ctx = { db, config };
  for (const p of demoPeople) {
    const person = await createPerson(
      ctx,
      { surname: p.surname, firstName: p.firstName, email: p.email, preferredLang: p.lang },
      p.key,
    );
    await enrolOtp(ctx, person.id, { login: p.login, password: p.password });
  }
}

/** The demo identities with the current code of their token. */
export async function demoIdentities(db: Db, now = Date.now()): Promise<DemoIdentity[]> {
  const rows = await listDemoPersons(db);
  return rows.flatMap(({ person, device }) => {
    const known = demoPeople.find((p) => p.key === person.demo && p.login === device.login);
    if (!known || !device.otpSecret) return [];
    return [
      {
        name: `${person.firstName} ${person.surname}`,
        role: known.role,
        login: known.login,
        password: known.password,
        code: currentCode(device.otpSecret, now),
        certificateNumber: formatCertificateNumber(device.certificateNumber),
      },
    ];
  });
}

/** The seeded demo persons and their token, by key (other features' demo data builds on them). */
export async function demoPersonsByKey(db: Db) {
  const rows = await listDemoPersons(db);
  return new Map(rows.map((row) => [row.person.demo ?? '', row]));
}

/** The ids of every demo identity, seeded or made by a visitor of the demo. */
export const demoPersonIds = (db: Db): Promise<string[]> => listDemoPersonIds(db);

/** The demo identities, seeded or made by visitors, and everything that hangs off them. */
export const demoIdentityRemover: DemoRemover = {
  present: async (db) => (await listDemoPersonIds(db)).length > 0,
  remove: async (tx) => ({ persons: await deleteDemoPersons(tx) }),
};
