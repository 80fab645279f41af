import { ruleCodes } from '../../platform/errors.ts';

/** Why a procedure's draft, resumption or transmission is refused (messages: errors.rule.<Code> in its locales). */
export const proceduresRuleCodes = ruleCodes([
  'ProcedureNotDraft',
  'ProcedureDeleteNotDraft',
  'ProcedureNotTransmittable',
  'StepChangedMeanwhile',
  'SubjectRequired',
  'SubjectNotCertified',
  'NoOpenVersion',
  'VersionScopeChanged',
  'ProcedureNameInvalid',
  'AnswersNoLongerValid',
  'VersionClosed',
  'MandateEnded',
  'TransmitNotAvailable',
]);

declare module '../../platform/errors.ts' {
  interface RuleCodes extends Record<(typeof proceduresRuleCodes)[number], true> {}
}
