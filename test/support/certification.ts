import { formatAccessCode } from '../../src/features/certification/rules.ts';
import { issueOrderedCodes } from '../../src/features/certification/service/codes.ts';
import type { Agent } from './agent.ts';
import type { TestApp } from './app.ts';

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
