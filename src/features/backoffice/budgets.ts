/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // The session (1; an officer has no eSpace selected here) and the officer's administrations (1).
  '/backoffice': 2,
};
