import type { FastifyReply } from 'fastify';

/** Answers a PDF made for this person (a letter with a code): downloaded, never cached. */
export function sendPdf(reply: FastifyReply, name: string, pdf: Uint8Array) {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}.pdf"`)
    .type('application/pdf')
    .send(Buffer.from(pdf));
}
