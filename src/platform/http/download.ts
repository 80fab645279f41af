import type { FastifyReply } from 'fastify';

/**
 * A Content-Disposition that makes the browser save the answer rather than show it, under
 * `filename`: plain ASCII in `filename` for old clients, the exact name in `filename*`
 * (RFC 6266, RFC 8187).
 */
export function attachment(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * Sends bytes as a download: saved under `filename`, of the type given (the browser may not
 * guess another), never cached. Call it only once the caller's service has checked that the
 * person may have the file.
 */
export function sendDownload(
  reply: FastifyReply,
  download: { filename: string; mediaType: string; content: Uint8Array },
) {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', attachment(download.filename))
    .header('x-content-type-options', 'nosniff')
    .type(download.mediaType)
    .send(Buffer.from(download.content.buffer, download.content.byteOffset, download.content.byteLength));
}

/** Sends a PDF made for this person (a letter with a code) as `name`.pdf. */
export function sendPdf(reply: FastifyReply, name: string, pdf: Uint8Array) {
  return sendDownload(reply, { filename: `${name}.pdf`, mediaType: 'application/pdf', content: pdf });
}
