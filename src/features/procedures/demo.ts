import type { Db } from '../../platform/db.ts';
import type { DemoRemover } from '../../platform/demo.ts';
import { demoCatalogueFiles } from './catalogue/files.ts';
import { publishDefinition } from './service/publish.ts';
import {
  deleteDemoDefinitions,
  hasDemoDefinitions,
  operatorDefinitionsOnDemoRegistries,
} from './store/definitions.ts';
import { deleteProceduresOnDemoDefinitions } from './store/procedures.ts';

/**
 * The demo catalogue (catalogue/*.json), published as the operator would publish it, marked as
 * the demo's. It needs the demo registries: its seeder runs after certification's.
 */
export async function seedDemoProcedures(db: Db): Promise<void> {
  for (const [name, json] of demoCatalogueFiles()) {
    const outcome = await publishDefinition({ db }, json, { demo: true });
    if (outcome.status === 'refused')
      throw new Error(`demo catalogue ${name}: ${outcome.problems.join('; ')}`);
  }
}

/**
 * The versions the demo published. Removing the demo registries would leave a version the
 * operator published on one of their administrations or scopes without it: the removal is
 * refused, and says which rows to import first (an operator's import makes a row theirs).
 */
export const demoProceduresRemover: DemoRemover = {
  present: hasDemoDefinitions,
  async remove(tx) {
    const stranded = await operatorDefinitionsOnDemoRegistries(tx);
    if (stranded.length > 0) {
      const list = stranded.map(
        (v) => `${v.code} v${v.version} (${[v.administration, v.scope].filter(Boolean).join(', ')})`,
      );
      throw new Error(
        `procedures you published use the demo's administrations or certification scopes: ${list.join(', ')}. ` +
          'Import those registry rows first (comptoir import administrations|scopes FILE.csv makes them yours), then remove the demo.',
      );
    }
    // The procedures started on them go first: a published version is never deleted under one.
    const started = await deleteProceduresOnDemoDefinitions(tx);
    return { procedures: started, 'procedure versions': await deleteDemoDefinitions(tx) };
  },
};
