import { ruleCodes } from '../../platform/errors.ts';

/** Why certification refuses an access code or a mandate (messages: errors.rule.<Code> in its locales). */
export const certificationRuleCodes = ruleCodes([
  'AccessCodeMalformed',
  'AccessCodeInvalid',
  'AccessCodeLocked',
  'CertificationPeriodOver',
  'MandateAlreadyHeld',
  'MandateHeldElsewhere',
]);

declare module '../../platform/errors.ts' {
  interface RuleCodes extends Record<(typeof certificationRuleCodes)[number], true> {}
}
