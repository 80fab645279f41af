import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db.ts';

const PING_TIMEOUT_MS = 2000;

/** A GET answered by the HTTP server before Fastify sees the request (see `answeredEarly` in app.tsx). */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => void;

/** 200 when the database answers within the timeout, 503 when it does not (load balancers read this). */
async function health(database: Database): Promise<{ status: number; body: Record<string, string> }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      database.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS);
      }),
    ]);
    return { status: 200, body: { status: 'ok', database: 'up' } };
  } catch {
    return { status: 503, body: { status: 'unavailable', database: 'down' } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`. A probe asks it every few seconds and needs only the answer: a plain `GET /healthz`
 * is answered before Fastify (no request id, logger, hooks, rate limit, cookies, language, session,
 * metric or log line), with the same body and headers, the security headers included. It cost
 * 1.7× the bare reference's CPU through Fastify's hooks (bench/README.md). Through Fastify (HEAD,
 * a query string, `app.inject` in the tests) the same answer comes from a route, without rate limit.
 */
export function registerHealth(
  app: FastifyInstance,
  database: Database,
  early: { answers: Map<string, EarlyAnswer>; headers: Record<string, string> },
): void {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    const { status, body } = await health(database);
    return reply.status(status).header('cache-control', 'no-store').send(body);
  });
  early.answers.set('/healthz', (_request, response) => {
    void health(database).then(({ status, body }) => {
      const text = JSON.stringify(body);
      response
        .writeHead(status, {
          ...early.headers,
          'cache-control': 'no-store',
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        })
        .end(text);
    });
  });
}
