import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type OfficerAction,
  type OfficerRole,
  officerActions,
  officerMay,
  officerRoles,
} from './permissions.ts';

// The back office's roles (DESIGN.md, "Back office"): the expected answer for every role and action.
const expected: Record<OfficerRole, OfficerAction[]> = {
  officer: ['codes.manage', 'cases.process'],
  supervisor: ['codes.manage', 'cases.process', 'cases.assign'],
  catalogue_editor: ['catalogue.edit'],
};

describe('officer permissions: role → actions', () => {
  for (const role of officerRoles) {
    for (const action of officerActions) {
      const allowed = expected[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        assert.equal(officerMay(role, action), allowed);
      });
    }
  }
});
