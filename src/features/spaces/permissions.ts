/**
 * Who may do what in an eSpace: the one place where roles turn into rights (rules 7 and 9).
 * Every service asks `can` before it acts; pages only use it to hide what would be refused.
 */

export const roles = ['manager_no_signature', 'manager', 'administrator'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  /** Read everything of the eSpace: procedures, messages, information sheet, users, certified data. */
  'consult',
  /** Create, modify and pay procedures. */
  'procedure.edit',
  'procedure.sign',
  'profile.manage',
  'members.manage',
  'certifications.manage',
] as const;
export type Action = (typeof actions)[number];

const rights: Record<Role, ReadonlySet<Action>> = {
  manager_no_signature: new Set(['consult', 'procedure.edit']),
  manager: new Set(['consult', 'procedure.edit', 'procedure.sign']),
  administrator: new Set(actions),
};

export const isRole = (value: unknown): value is Role => roles.includes(value as Role);

/** Whether an active member with `role` may do `action` (a member who may not use the eSpace has no role here). */
export const can = (role: Role, action: Action): boolean => rights[role].has(action);
