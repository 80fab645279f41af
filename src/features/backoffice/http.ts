import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import type { OfficerCtx } from '../authorities/service.ts';
import { ctxOf } from '../identity/http.ts';

/** The use-case context of a back office request (behind `requireSession`). */
export const officerCtxOf = (deps: AppDeps, request: FastifyRequest): OfficerCtx => ({
  ...ctxOf(deps, request),
  current: request.current!,
});
