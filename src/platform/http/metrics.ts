import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the metrics port listens, once the app is ready (undefined without METRICS_PORT). */
    metricsUrl: string | undefined;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether an Authorization header carries the metrics token. Both sides are hashed first, so
 * the comparison takes the same time whatever the length or the first wrong character.
 */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+)$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * Prometheus metrics: the process defaults and one histogram of request durations by route.
 * They hold nothing personal but tell a lot about the service, so they are never public:
 * `/metrics` on the portal's port exists only with METRICS_TOKEN (asked as a bearer token,
 * 401 otherwise), and METRICS_PORT serves them on a port of their own, on loopback by default.
 */
export function registerMetrics(app: FastifyInstance, config: Config): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'comptoir_' });
  const duration = new Histogram({
    name: 'comptoir_http_request_duration_seconds',
    help: 'Duration of HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const { token, port, host } = config.metrics;
  const authorized = (header: string | undefined) => token === undefined || bearerMatches(header, token);
  const challenge = { 'www-authenticate': 'Bearer realm="metrics"' };

  if (token !== undefined) {
    app.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!authorized(request.headers.authorization)) {
        return reply.status(401).headers(challenge).type('text/plain').send('');
      }
      reply.type(registry.contentType);
      return registry.metrics();
    });
  }

  let server: Server | undefined;
  app.decorate('metricsUrl', {
    getter: () => {
      const address = server?.address() as AddressInfo | null | undefined;
      if (!address) return undefined;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shown}:${address.port}/metrics`;
    },
  });
  if (port === undefined) return;
  // The metrics port is a plain Node server: nothing of the portal (sessions, pages) runs there.
  server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('');
    } else if (!authorized(request.headers.authorization)) {
      response.writeHead(401, challenge).end('');
    } else {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => {
          app.log.error({ err: error }, 'metrics failed');
          response.writeHead(500).end('');
        },
      );
    }
  });
  app.addHook('onReady', async () => {
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, host, () => {
        server!.off('error', reject);
        resolve();
      });
    });
    app.log.info(`Metrics listen on ${app.metricsUrl}`);
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => {
      server!.close(() => resolve());
      server!.closeAllConnections();
    });
  });
}
