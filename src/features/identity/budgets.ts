/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the header of the eSpace selected (spaces/budgets.ts), the person's devices (1).
  '/devices': 4,
};
