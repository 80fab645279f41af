import { ruleCodes } from '../errors.ts';

/** Why a file is refused (messages: errors.rule.<Code> in the platform's locales). */
export const fileRuleCodes = ruleCodes(['FileEmpty', 'FileTooLarge', 'FileTypeNotAllowed']);

declare module '../errors.ts' {
  interface RuleCodes extends Record<(typeof fileRuleCodes)[number], true> {}
}
