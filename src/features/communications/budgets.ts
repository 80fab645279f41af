/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the eSpace's header (spaces/budgets.ts); the page of communications (1) and their count
  // (1: every communication of the person in the eSpace, at every visit).
  '/communications': 5,
};
