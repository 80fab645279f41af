import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm/logger';

const counting = new AsyncLocalStorage<string[]>();

// PGlite runs a transaction's begin and commit itself, out of Drizzle's sight; node-postgres
// sends them through Drizzle. Neither is counted, so that both engines give the same count.
const transactionControl = /^\s*(begin|commit|rollback)\b/i;

/**
 * The test databases' Drizzle logger: it notes each statement in the list of the `statementsOf`
 * call it runs under (an app.inject's request runs under the call that made it), and nothing
 * elsewhere (the mail worker's polling, another test's requests).
 */
export const statementLog: Logger = {
  logQuery(query) {
    const statements = counting.getStore();
    if (statements && !transactionControl.test(query)) statements.push(query);
  },
};

/** Runs `work` and returns its result with the SQL statements it issued, in order. */
export async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const result = await counting.run(statements, work);
  return { result, statements };
}
