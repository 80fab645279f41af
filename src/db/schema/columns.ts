import { customType } from 'drizzle-orm/pg-core';

/** Raw bytes (PostgreSQL `bytea`): PGlite and node-postgres both read and write them as bytes. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
