import { ruleCodes } from '../../platform/errors.ts';

/** Why setting up an eSpace is refused (messages: errors.rule.<Code> in its locales). */
export const spacesRuleCodes = ruleCodes(['BusinessSpaceLimitReached']);

declare module '../../platform/errors.ts' {
  interface RuleCodes extends Record<(typeof spacesRuleCodes)[number], true> {}
}
