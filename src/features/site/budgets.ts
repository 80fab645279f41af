/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // Logged on with an eSpace selected: the session, the eSpace and the unread count of the header
  // (see spaces/budgets.ts); the page itself reads nothing.
  '/': 3,
};
