/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // Every page of a selected eSpace starts with 3 (the session, the eSpace and membership, the
  // unread count); then the draft (1) and its published version with the definition (1).
  '/procedures/:id/steps/:step': 5,
  // 3 for the eSpace's header (spaces/budgets.ts); a page of procedures with their version,
  // company and last author (1) and the eSpace's counts by status (1, kept, not counted).
  '/procedures': 5,
  // 3; the procedure (1), its version (1), its company (1), its history with who did what (1)
  // and its transmission (1).
  '/procedures/:id': 8,
  // 3 for the eSpace's header (spaces/budgets.ts); the catalogue (1: the newest open version of
  // each code, through the search index), the administrations and themes its filters offer (1),
  // and the certification scopes the eSpace holds (1), when a procedure shown needs one.
  '/procedures/new': 6,
  // 3; the procedure's newest open version with its administration and scope (1); "For which
  // company?": the main mandate (1), a page of the mandates obtained (1) and their count (1, kept
  // by the database).
  '/procedures/new/:code': 7,
  // 3 for the eSpace's header (spaces/budgets.ts); the procedure (1); its version with its
  // administration (1) and its company (1), read side by side. The answers are checked in memory.
  '/procedures/:id/check': 6,
};
