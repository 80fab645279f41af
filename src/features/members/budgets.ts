/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the eSpace's header (spaces/budgets.ts), the page of 25 members and invitations (1, from
  // the index, after or before a line when reached by Next or Previous), their total (1: the count
  // the database keeps, one row whatever the size of the eSpace; a search counts its matches),
  // the active Administrators counted (1, on their own index).
  '/space/users': 6,
};
