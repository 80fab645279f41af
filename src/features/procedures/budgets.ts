/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the eSpace's header (spaces/budgets.ts); the catalogue (1: the newest open version of
  // each code, through the search index), the administrations and themes its filters offer (1),
  // and the certification scopes the eSpace holds (1), when a procedure shown needs one.
  '/procedures/new': 6,
  // 3; the procedure's newest open version with its administration and scope (1); "For which
  // company?": the main mandate (1), a page of the mandates obtained (1) and their count (1, kept
  // by the database).
  '/procedures/new/:code': 7,
};
