import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actions, can, roles } from './permissions.ts';

// Rule 7, as the seeds word it: the expected answer for every role and every action.
const expected: Record<(typeof roles)[number], (typeof actions)[number][]> = {
  manager_no_signature: ['consult', 'procedure.edit'],
  manager: ['consult', 'procedure.edit', 'procedure.sign'],
  administrator: [
    'consult',
    'procedure.edit',
    'procedure.sign',
    'profile.manage',
    'members.manage',
    'certifications.manage',
  ],
};

describe('permissions: role → actions', () => {
  for (const role of roles) {
    for (const action of actions) {
      const allowed = expected[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        assert.equal(can(role, action), allowed);
      });
    }
  }
});
