/** SQL statements one logged-on GET of each page may issue, by route (checked by features/query-budgets.test.ts). */
export const queryBudgets: Record<string, number> = {
  // Every page of a selected eSpace starts with 3: the session (with its person and device), the
  // eSpace with the membership that lets the person use it, and the header's unread count of
  // "My communications" (a count at every request: it could come with the eSpace's query).
  // Then the list (1); the person's devices (1) and then the open invitations for their
  // certificate numbers (1), which one join would give; how many business eSpaces they have set
  // up (1).
  '/spaces': 7,
  // 3, and the active Administrators counted for the "designate a second" hint (1).
  '/space/profile': 4,
};
