import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import type { Config } from '../config.ts';

/**
 * The process logger. Requests are logged once, at their end, with method, route pattern,
 * status and duration only: no query string, header, cookie, body or IP, so nothing personal
 * (e-mail, national number, access code, session) can reach the logs through a request.
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  stream?: DestinationStream,
): FastifyBaseLogger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'comptoir' },
      // Belt and braces for objects logged on purpose by feature code.
      redact: {
        paths: ['*.password', '*.code', '*.email', '*.nationalId', '*.cookie', '*.authorization', '*.token'],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
}

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
