/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // The session (1; an officer has no eSpace selected here) and the officer's administrations (1).
  '/backoffice': 2,
  // The session (1), the administration the officer works for (1), its scopes (1), the page of
  // codes (1) and their count (1: every code of the administration matching the filter, at every
  // visit).
  '/backoffice/:admin/codes': 5,
};
