import { readFile } from 'node:fs/promises';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import type { DemoRemover } from '../../platform/demo.ts';
import { demoPersonsByKey } from '../identity/demo.ts';
import { spacesOfPerson } from '../spaces/service.ts';
import { hashAccessCode } from './rules.ts';
import { issueAccessCodes } from './service/codes.ts';
import { importRegistry, registries } from './service/registry.ts';
import {
  claimAccessCode,
  deleteDemoRegistries,
  findEntity,
  findScope,
  hasDemoRegistryRows,
} from './store.ts';
import { insertMandate } from './store-mandates.ts';

/**
 * Demo registries (eight administrations, their scopes, twenty companies and structures) and the
 * fiduciary's eSpace with mandates
 * obtained on three client companies. Karine's eSpace is left to certify with a code the officer
 * issues.
 */
export async function seedDemoCertification(db: Db, config: Config): Promise<void> {
  for (const registry of registries) {
    const csv = await readFile(new URL(`./demo/${registry}.csv`, import.meta.url), 'utf8');
    const result = await importRegistry(db, registry, csv, { demo: true });
    if (!result.ok) throw new Error(`demo ${registry}: ${JSON.stringify(result.problems)}`);
  }
  const people = await demoPersonsByKey(db);
  const sophie = people.get('3-fiduciary');
  const fiduciary = sophie
    ? (await spacesOfPerson({ db, config }, sophie.person.id)).find((s) => s.space.kind === 'business')?.space
    : undefined;
  const scope = await findScope(db, { code: 'ITM_ELECTIONS' });
  if (!fiduciary || !scope) return;
  const now = new Date();
  for (const value of ['B100003', 'B100005', 'B100009']) {
    const entity = (await findEntity(db, { scheme: 'rcs', value }))!;
    const [issued] = await issueAccessCodes(db, [{ scope, entity, kind: 'agent' }]);
    const claimed = (await claimAccessCode(db, {
      codeHash: hashAccessCode(issued!.code),
      scopeId: scope.scope.id,
      kind: 'agent',
      spaceId: fiduciary.id,
      now,
    }))!;
    await insertMandate(db, {
      spaceId: fiduciary.id,
      scopeId: scope.scope.id,
      entityId: entity.id,
      kind: 'agent',
      accessCodeId: claimed.id,
      createdBy: fiduciary.createdBy,
      validUntil: scope.scope.validUntil,
    });
  }
}

/**
 * The demo registries (marked when imported), with every access code and mandate on their
 * scopes and companies, and the officers of their administrations.
 */
export const demoCertificationRemover: DemoRemover = {
  present: hasDemoRegistryRows,
  remove: deleteDemoRegistries,
};
