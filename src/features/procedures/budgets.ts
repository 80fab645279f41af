/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // Every page of a selected eSpace starts with 3 (the session, the eSpace and membership, the
  // unread count); then the draft (1) and its published version with the definition (1).
  '/procedures/:id/steps/:step': 5,
};
