import { ruleCodes } from '../../platform/errors.ts';

/** Why an invitation or a change of users is refused (messages: errors.rule.<Code> in its locales). */
export const membersRuleCodes = ruleCodes([
  'InviteeAlreadyMember',
  'InviteeAlreadyInvited',
  'InvitationInvalid',
  'InvitationForAnotherCertificate',
  'AlreadyMember',
  'RoleInvalid',
  'LastAdministrator',
]);

declare module '../../platform/errors.ts' {
  interface RuleCodes extends Record<(typeof membersRuleCodes)[number], true> {}
}
