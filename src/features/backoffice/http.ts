import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import type { OfficerCtx } from '../authorities/service.ts';

/** The use-case context of a back office request (behind `requireSession`). */
export const officerCtxOf = (deps: AppDeps, request: FastifyRequest): OfficerCtx => ({
  ...ctxOf(deps, request),
  current: request.current!,
});
