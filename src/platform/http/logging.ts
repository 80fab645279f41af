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
      serializers: { err: errorWithoutValues },
    },
    stream,
  );
}

/** Keeps the query of a failed query's message and stack, not its parameters. */
const withoutParams = (text: string) =>
  text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]');

/**
 * An error as operators need it, without the values it carries: a failed query's message,
 * stack and properties hold its parameters (names, e-mails, certificate numbers), PostgreSQL's
 * `detail` the conflicting value ("Key (email)=(…) already exists"). The query, the database's
 * message (with the constraint's name) and the stack stay.
 */
function errorWithoutValues(error: Error) {
  const serialized: Record<string, unknown> = { ...pino.stdSerializers.err(error) };
  delete serialized.params;
  delete serialized.detail;
  for (const key of ['message', 'stack'] as const) {
    if (typeof serialized[key] === 'string') serialized[key] = withoutParams(serialized[key]);
  }
  return serialized;
}

export function registerRequestLog(app: FastifyInstance): void {
  // Above `info` (LOG_LEVEL=warn), no request is logged: no hook at all then.
  if (!(app.log as FastifyBaseLogger & Pick<pino.Logger, 'isLevelEnabled'>).isLevelEnabled('info')) return;
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
