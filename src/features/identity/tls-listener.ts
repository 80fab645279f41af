import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { audit } from '../../platform/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import { LANG_COOKIE, negotiateLang, type T, translator } from '../../platform/i18n/index.ts';
import { caOf, verifyClientCertificate } from './service/certificate.ts';
import { issueCertificateTicket, openLogonAttempt } from './service/certificate-ticket.ts';
import type { IdentityCtx } from './service/context.ts';

/**
 * The HTTPS listener of certificate log on. It asks the browser for a client certificate
 * (mutual TLS) signed by the CA, checks it against the devices on record, and hands a one-time
 * ticket back to the portal, which finishes the log on in the browser that started it.
 */

export const CERTIFICATE_TLS_PATH = '/logon/certificate/tls';

/** Where browsers reach the listener: its host (or the portal's, when it listens everywhere). */
export function certificateListenerOrigin(config: Config, port = config.tls.port): string {
  const host = ['0.0.0.0', '::', ''].includes(config.tls.host)
    ? new URL(config.baseUrl).hostname
    : config.tls.host;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export type CertificateListener = { server: Server; port: number; url: string; close(): Promise<void> };

type ListenerDeps = {
  config: Config;
  database: Pick<Database, 'db'>;
  /** Where to report a request that failed (defaults to stderr). */
  onError?: (error: unknown) => void;
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The listener's own small page (it has no layout of the portal): a message and a way back. */
function sendPage(
  response: ServerResponse,
  status: number,
  t: T,
  lang: string,
  config: Config,
  title: string,
  text: string,
): void {
  const body = `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Comptoir</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p><a href="${escapeHtml(`${config.baseUrl}/logon`)}">${escapeHtml(t('identity.certificate.backToLogon'))}</a></p>
</main>
</body>
</html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(body);
}

async function handle(deps: ListenerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { config } = deps;
  const lang = negotiateLang(cookieOf(request, LANG_COOKIE), request.headers['accept-language']);
  const t = translator(lang);
  const page = (status: number, title: string, text: string) =>
    sendPage(response, status, t, lang, config, t(title), t(text));
  const url = new URL(request.url ?? '/', 'https://listener.invalid');
  if (request.method !== 'GET' || url.pathname !== CERTIFICATE_TLS_PATH) {
    return page(404, 'identity.certificate.notFoundTitle', 'identity.certificate.notFound');
  }
  const socket = request.socket as TLSSocket;
  const ctx: IdentityCtx = { db: deps.database.db, config, ip: socket.remoteAddress };
  const attempt = await openLogonAttempt(ctx, url.searchParams.get('attempt') ?? '');
  if (!attempt) {
    return page(400, 'identity.certificate.expiredTitle', 'identity.certificate.expired');
  }
  // No certificate, or one not signed by the CA (or out of its validity): refused here.
  if (!socket.authorized) {
    await audit(ctx.db, {
      action: 'logon.failed',
      ip: ctx.ip,
      detail: { kind: 'certificate', reason: String(socket.authorizationError ?? 'no certificate') },
    });
    return page(401, 'identity.certificate.refusedTitle', 'identity.certificate.refused');
  }
  const peer = socket.getPeerCertificate();
  if (!peer?.raw) return page(401, 'identity.certificate.refusedTitle', 'identity.certificate.refused');
  const result = await verifyClientCertificate(ctx, new Uint8Array(peer.raw));
  if (!result.ok) return page(401, 'identity.certificate.refusedTitle', 'identity.certificate.refused');
  const ticket = await issueCertificateTicket(ctx, attempt, result.device);
  response.writeHead(303, {
    location: `${config.baseUrl}/logon/certificate/complete?ticket=${encodeURIComponent(ticket)}`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  response.end();
}

/**
 * TLS 1.3's suites, then TLS 1.2 with forward secrecy (ECDHE) and authenticated encryption
 * (GCM, ChaCha20-Poly1305) only: Node's defaults also offer RSA key exchange and CBC suites,
 * which testssl.sh rates weak. Every browser of the last decade speaks one of these.
 */
export const LISTENER_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

/**
 * Starts the mutual TLS listener on config.tls.port/host (port 0 picks a free port), with the
 * server certificate of the CA in config.tls.caDir (created on first start).
 */
export async function startCertificateListener(deps: ListenerDeps): Promise<CertificateListener> {
  const { config } = deps;
  const ca = await caOf({ db: deps.database.db, config });
  const server = createServer(
    {
      key: ca.server.keyPem,
      cert: ca.server.certPem,
      ca: [ca.certPem],
      requestCert: true,
      // The handler answers a missing or foreign certificate with a page, not a TLS error.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      ciphers: LISTENER_CIPHERS,
      honorCipherOrder: true,
    },
    (request, response) => {
      handle(deps, request, response).catch((error) => {
        (deps.onError ?? ((e) => process.stderr.write(`certificate log on failed: ${String(e)}\n`)))(error);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Internal error');
      });
    },
  );
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.tls.port, config.tls.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: certificateListenerOrigin(config, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
