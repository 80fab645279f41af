/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // 3 for the eSpace's header (spaces/budgets.ts); each scope with its main mandate and two
  // counts (1: the eSpace's mandates obtained and the agents with access to its company, read
  // from the counts the database keeps, a row per period), the first mandates obtained of each
  // scope (1), and the scopes with their administrations, read after the counts (1).
  '/space/certifications': 6,
  // 3; the scope (1); the overview of every scope with its counts, as on the tab (1 + 1), for one
  // scope's page; its page of mandates obtained (1) and their count (1, kept by the database).
  '/space/certifications/:scope': 8,
  // 3; the catalogue's scopes (1) and which ones the eSpace holds an open mandate for (1).
  '/business-data': 5,
  // 3; the scope (1); the main mandate as a page of one (1, not counted); the page of client
  // companies (1) and their count (1, kept by the database); the main mandate once more (1), to
  // tell an expired one.
  '/business-data/:scope': 8,
  // The session (1), the administration the officer works for (1), its scopes (1), the page of
  // codes (1) and their count (1: every code of the administration matching the filter, at every
  // visit).
  '/backoffice/:admin/codes': 5,
};
