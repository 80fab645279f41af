import type { Config } from '../../../platform/config.ts';
import type { Db } from '../../../platform/db.ts';

/** What every identity use case gets: the database, the configuration and the caller's address. */
export type IdentityCtx = { db: Db; config: Config; ip?: string | undefined; now?: Date };

/** The rows identity's use cases hand to pages and to other features (the store stays inside). */
export type { AttemptRow, DeviceRow, PersonRow, SessionRow } from '../store.ts';
