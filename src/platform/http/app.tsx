import { randomUUID } from 'node:crypto';
import { createServer, type ServerOptions } from 'node:http';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { DestinationStream } from 'pino';
import type { VNode } from 'preact';
import type { Config } from '../config.ts';
import type { Database } from '../db.ts';
import { AppError, classify, errorCatalogue } from '../errors.ts';
import { LANG_COOKIE, type Lang, negotiateLang, type T, translator } from '../i18n/index.ts';
import { ErrorPage } from '../views/error-page.tsx';
import { type PageContext, renderPage, type Viewer } from '../views/page.tsx';
import { assetUrl, publicDir, vendorDirs } from './assets.ts';
import { servedOverHttps } from './cookies.ts';
import { type EarlyAnswer, registerHealth } from './health.ts';
import { registerIdempotency } from './idempotency.ts';
import { holdsNul, zodValidatorCompiler } from './input.ts';
import { createLogger, registerRequestLog } from './logging.ts';
import { registerMetrics } from './metrics.ts';
import { trustProxyOption, warnOfIgnoredForwarding } from './proxy.ts';
import { securityHeaders } from './security-headers.ts';
import { readUploads, registerUploads } from './uploads.ts';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    t: T;
    /** The logged-on person as the layout shows them (set by the identity feature). */
    viewer: Viewer | undefined;
  }
  interface FastifyReply {
    /** Renders a page inside the layout, in the request's language. */
    page(title: string, content: VNode, status?: number): FastifyReply;
    /**
     * A page that is the same for every visitor in a language (the home page, help, the footer's
     * pages): rendered once per language and URL for visitors, as `page` for a logged-on person.
     * Only for content made from the translator alone: nothing of the request, no form.
     */
    visitorPage(title: string, content: () => VNode): FastifyReply;
    /**
     * The CSRF token for this answer's forms. Use it rather than generateCsrf(), which makes a
     * new secret (and cookie) at each call when the browser has none yet: a page's forms and
     * its layout's log out form would then carry tokens for different secrets.
     */
    csrfToken(): string;
    csrfTokenOnce: string | undefined;
  }
  interface FastifyContextConfig {
    /**
     * Why this route takes unsafe methods without a CSRF token (e.g. "API: authenticated by a
     * bearer token, never by cookies"). Only a route that declares it is exempt; no form route is.
     */
    csrfExempt?: string;
  }
  interface FastifyInstance {
    /** Every route registered (HEAD twins left out): for the start log and the tests. */
    registeredRoutes: readonly RegisteredRoute[];
  }
}

export type RegisteredRoute = { method: string; url: string; csrfExempt: string | undefined };

export type AppDeps = {
  config: Config;
  database: Database;
  /** Where logs go; tests pass a stream to read them back. */
  logStream?: DestinationStream;
};

export type Feature = (app: FastifyInstance, deps: AppDeps) => void | Promise<void>;

/** Errors under /api/ are answered as application/problem+json (only their format). */
const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Builds the HTTP application: security plugins, language negotiation, logging, metrics,
 * error pages, then every feature's routes.
 */
export async function buildApp(deps: AppDeps, features: Feature[]): Promise<FastifyInstance> {
  const { config } = deps;
  const secure = servedOverHttps(config);
  const security = securityHeaders(secure);
  // GETs of an exact path answered by the HTTP server itself, before Fastify (/healthz): the
  // server is Node's, made as Fastify makes it, with this one test in front of Fastify's handler.
  const answeredEarly = new Map<string, EarlyAnswer>();
  const app = Fastify({
    serverFactory: (handler, fastifyOptions) => {
      // Fastify's options with its defaults filled in, which its own server would take.
      const options = fastifyOptions as {
        http?: ServerOptions;
        keepAliveTimeout: number;
        requestTimeout: number;
        connectionTimeout: number;
        maxRequestsPerSocket: number;
      };
      const server = createServer(options.http ?? {}, (request, response) => {
        const early = request.method === 'GET' ? answeredEarly.get(request.url ?? '') : undefined;
        if (early) early(request, response);
        else handler(request, response);
      });
      server.keepAliveTimeout = options.keepAliveTimeout;
      server.requestTimeout = options.requestTimeout;
      server.setTimeout(options.connectionTimeout);
      if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
      return server;
    },
    loggerInstance: createLogger(config, deps.logStream),
    // Fastify's two lines per request are replaced by our one line without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOption(config.trustProxy),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        registeredRoutes.push({ method, url: route.url, csrfExempt: route.config?.csrfExempt });
    }
  });
  app.setValidatorCompiler(zodValidatorCompiler);

  await app.register(cookie);
  await app.register(formbody);
  await registerUploads(app);
  await app.register(csrf, {
    cookieKey: '_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure },
  });
  // A per-instance flood guard. Guessable secrets (codes, passwords) get their own limits,
  // stored in PostgreSQL so that they hold across instances.
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: '1 minute',
    // An answer within the limit carries no x-ratelimit-* headers (browsers do not read them;
    // three headers on every answer cost every request); a refusal says when to retry.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    allowList: (request) => request.url.startsWith('/assets/'),
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  for (const [vendor, root] of Object.entries(vendorDirs)) {
    await app.register(fastifyStatic, {
      root,
      prefix: `/assets/vendor/${vendor}/`,
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }

  const assets = { css: assetUrl('app.css'), icon: assetUrl('favicon.svg') };

  app.decorateRequest('lang', 'fr');
  app.decorateRequest('t', null as unknown as T);
  app.decorateRequest('viewer', undefined);
  app.decorateReply('csrfTokenOnce', undefined);
  app.decorateReply('csrfToken', function (this: FastifyReply) {
    this.csrfTokenOnce ??= this.generateCsrf();
    return this.csrfTokenOnce;
  });
  const sendPage = (reply: FastifyReply, html: string, status: number) =>
    reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('vary', 'Cookie, Accept-Language')
      .type('text/html; charset=utf-8')
      .send(html);
  const render = (reply: FastifyReply, title: string, content: VNode) => {
    const request = reply.request;
    const viewer = request.viewer;
    const ctx: PageContext = {
      t: request.t,
      lang: request.lang,
      path: request.url,
      assets,
      viewer,
      csrfToken: viewer ? reply.csrfToken() : undefined,
    };
    return renderPage(ctx, title, content);
  };
  app.decorateReply('page', function (this: FastifyReply, title: string, content: VNode, status = 200) {
    return sendPage(this, render(this, title, content), status);
  });
  // Rendering was most of a visitor's home page once the hooks were cut (bench/README.md). The URL
  // is part of the key (the language links carry it back) and comes from the visitor: the cache
  // starts again when full rather than grow.
  const visitorPages = new Map<string, string>();
  app.decorateReply('visitorPage', function (this: FastifyReply, title: string, content: () => VNode) {
    if (this.request.viewer) return sendPage(this, render(this, title, content()), 200);
    const key = `${this.request.lang} ${this.request.url}`;
    let html = visitorPages.get(key);
    if (html === undefined) {
      html = render(this, title, content());
      if (visitorPages.size >= 1000) visitorPages.clear();
      visitorPages.set(key, html);
    }
    return sendPage(this, html, 200);
  });

  // The platform's work for every request is done in two hooks, not one per concern: each hook
  // Fastify runs costs every request, and the home page's time was a third hooks (bench/README.md).
  // First, once the cookies are read: the security headers of every answer (errors, 404s and
  // refusals by later hooks included; computed once, see security-headers.ts) and the language.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security);
    request.lang = negotiateLang(request.cookies[LANG_COOKIE], request.headers['accept-language']);
    request.t = translator(request.lang);
    done();
  });
  // Then the input, before anything reads it: a NUL character is refused (PostgreSQL cannot store
  // it), and every unsafe request carries a CSRF token, unless its route declares why it needs
  // none (a future token-authenticated API): never decided by the URL.
  const checkInput = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (holdsNul(request.query) || holdsNul(request.params) || holdsNul(request.body))
      done(new AppError('BadRequest', 'NUL character in the input'));
    else if (unsafeMethods.has(request.method) && !request.routeOptions.config?.csrfExempt)
      app.csrfProtection(request, reply, done);
    else done();
  };
  // A multipart form is read first, so that its fields are checked (and its `_csrf` found) as any form's.
  app.addHook('preValidation', (request, reply, done) => {
    if (!request.isMultipart()) checkInput(request, reply, done);
    else readUploads(request).then(() => checkInput(request, reply, done), done);
  });

  warnOfIgnoredForwarding(app, config);
  registerRequestLog(app);
  registerMetrics(app, config);
  registerHealth(app, deps.database, { answers: answeredEarly, headers: security });
  registerIdempotency(app, deps.database.db);

  app.setErrorHandler((error, request, reply) => {
    const { code, status } = classify(error);
    const entry = errorCatalogue[code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const reference = status >= 500 ? request.id : undefined;
    const t = request.t ?? translator('fr');
    if (isApi(request)) {
      return reply
        .status(status)
        .type('application/problem+json')
        .send({
          type: `urn:comptoir:problem:${code}`,
          title: t(entry.titleKey),
          status,
          detail: t(entry.textKey),
          instance: request.url.split('?')[0],
          ...(reference ? { reference } : {}),
        });
    }
    return reply.page(
      t(entry.titleKey),
      <ErrorPage
        ctx={{ t, lang: request.lang, path: '/', assets }}
        title={t(entry.titleKey)}
        text={t(entry.textKey)}
        reference={reference}
      />,
      status,
    );
  });
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (_request, reply) => {
    const error = Object.assign(new Error('Not found'), { statusCode: 404 });
    reply.send(error);
  });

  for (const feature of features) await feature(app, deps);
  app.addHook('onReady', async () => {
    const exempt = registeredRoutes.filter((route) => route.csrfExempt);
    if (exempt.length > 0)
      app.log.info(
        { routes: exempt.map((route) => `${route.method} ${route.url}: ${route.csrfExempt}`) },
        'routes that take unsafe requests without a CSRF token',
      );
  });
  return app;
}
