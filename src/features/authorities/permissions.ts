/**
 * What an administration's officers may do in its back office: the one place where their roles
 * turn into rights, like `spaces/permissions.ts` for the users of an eSpace. Every service asks
 * through `requireOfficer` (service.ts) before it acts.
 */

export const officerRoles = ['officer', 'supervisor', 'catalogue_editor'] as const;
export type OfficerRole = (typeof officerRoles)[number];

export const officerActions = [
  /** Issue, list and revoke the administration's access codes, print their letters. */
  'codes.manage',
  /** Process the cases of procedures sent to the administration. */
  'cases.process',
  /** Give cases to officers and watch the deadlines. */
  'cases.assign',
  /** Publish and close the administration's procedure definitions. */
  'catalogue.edit',
] as const;
export type OfficerAction = (typeof officerActions)[number];

const rights: Record<OfficerRole, ReadonlySet<OfficerAction>> = {
  officer: new Set(['codes.manage', 'cases.process']),
  supervisor: new Set(['codes.manage', 'cases.process', 'cases.assign']),
  catalogue_editor: new Set(['catalogue.edit']),
};

export const isOfficerRole = (value: unknown): value is OfficerRole =>
  officerRoles.includes(value as OfficerRole);

/** Whether an officer with `role` may do `action` in their administration. */
export const officerMay = (role: OfficerRole, action: OfficerAction): boolean => rights[role].has(action);
