import type { Db } from './db.ts';

/**
 * A query built once per database handle rather than at every call: Drizzle builds a query's
 * SQL again each time it is written out (20 to 26 % of a logged-on page's time, bench/README.md),
 * so the few queries every logged-on request runs (its session, its eSpace, the unread count) are
 * prepared with placeholders (`sql.placeholder`) and run with `.execute(values)`. On node-postgres
 * the name also makes it a server-side prepared statement. A transaction's handle gets its own,
 * dropped with it.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
