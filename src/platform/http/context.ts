import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { AppDeps } from './app.tsx';

/** What every use case gets from a request: the database, the configuration and the caller's address. */
export type RequestCtx = { db: Db; config: Config; ip: string };

/** The use-case context of a request, whatever the feature; features add their own fields to it. */
export function ctxOf(deps: Pick<AppDeps, 'config' | 'database'>, request: FastifyRequest): RequestCtx {
  return { db: deps.database.db, config: deps.config, ip: request.ip };
}
