/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the eSpace's header (spaces/budgets.ts), the page of 25 members and invitations (1),
  // the count of all members and open invitations (1: it reads every row of the eSpace at every
  // request, 50,000 in an eSpace of 50,000 members), the active Administrators counted (1).
  '/space/users': 6,
};
