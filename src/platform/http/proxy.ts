import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Fastify's `trustProxy` for TRUST_PROXY. A list of addresses goes as it is. A hop count becomes
 * a function that trusts the N nearest hops: Fastify 5.12.1 stopped honouring a number (it now
 * trusts nothing), because a client that reaches the portal directly can write as many hops as
 * it likes; docs/configuration.md says to use a count only when the proxies are the sole way in.
 */
export function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/**
 * Behind a proxy with TRUST_PROXY off, every visitor has the proxy's address: one person's
 * failed log ons then lock everyone out, and the rate limit counts them all as one. Said once,
 * at the first request that carries forwarding headers the portal ignores.
 */
export function warnOfIgnoredForwarding(app: FastifyInstance, config: Config): void {
  if (config.trustProxy !== false) return;
  let warned = false;
  app.addHook('onRequest', (request, _reply, done) => {
    if (!warned && (request.headers['x-forwarded-for'] || request.headers.forwarded)) {
      warned = true;
      request.log.warn(
        'requests carry X-Forwarded-For or Forwarded headers, which TRUST_PROXY=false ignores: ' +
          'if the portal is behind a proxy, every visitor has its address, so one person can ' +
          "block log on for everyone and the rate limit counts them all as one. Set TRUST_PROXY to the proxies' addresses " +
          'or their number (docs/configuration.md).',
      );
    }
    done();
  });
}
