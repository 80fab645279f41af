/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the eSpace's header (spaces/budgets.ts); the procedure (1); its version with its
  // administration (1) and its company (1), read side by side. The answers are checked in memory.
  '/procedures/:id/check': 6,
};
