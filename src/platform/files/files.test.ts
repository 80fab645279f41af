import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { cookiesFrom, type TestApp, testApp } from '../../../test/support/app.ts';
import { files } from '../../db/schema/index.ts';
import { inTransaction } from '../db.ts';
import { ruleMessage } from '../errors.ts';
import type { AppDeps } from '../http/app.tsx';
import { sendDownload } from '../http/download.ts';
import { uploadedFile } from '../http/uploads.ts';
import { createPdf } from '../pdf/document.ts';
import { cleanFilename, type FileLimits, FileRefused, readFile, storeFile, UNKNOWN_TYPE } from './service.ts';

const limits: FileLimits = { maxBytes: 64 * 1024, allowedTypes: ['application/pdf', 'image/png'] };

// A use of stored files as a feature will write one: a form that takes a document, and a download
// that a service allows first (here: only to whoever names the file's owner).
const testRoutes = (app: FastifyInstance, deps: AppDeps) => {
  app.get('/test/files/form', (_request, reply) => reply.send({ token: reply.csrfToken() }));
  app.post('/test/files', { config: { uploads: limits } }, async (request, reply) => {
    const body = request.body as Record<string, string>;
    const upload = uploadedFile(request, 'document');
    if (!upload) return reply.status(400).send({ missing: 'document' });
    try {
      const stored = await inTransaction(deps.database.db, (tx) =>
        storeFile(tx, { purpose: 'test.attachment', owner: body.owner, ...upload, limits }),
      );
      return { ...stored, label: body.label };
    } catch (error) {
      if (!(error instanceof FileRefused)) throw error;
      return reply.status(422).send({ code: error.code, message: ruleMessage(request.t, error) });
    }
  });
  app.post('/test/no-files', (request) => ({ received: (request.body as Record<string, string>).label }));
  app.get<{ Params: { id: string }; Querystring: { owner?: string } }>(
    '/test/files/:id',
    async (request, reply) => {
      const file = await readFile(deps.database.db, request.params.id);
      // What the owning service will do: a file the person may not have is not found.
      if (!file || file.owner !== request.query.owner) return reply.callNotFound();
      return sendDownload(reply, file);
    },
  );
};

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; type: string; bytes: Uint8Array };

/** A multipart/form-data body as a browser sends it. */
async function multipart(parts: Part[]) {
  const form = new FormData();
  for (const part of parts) {
    if ('value' in part) form.append(part.name, part.value);
    else form.append(part.name, new Blob([new Uint8Array(part.bytes)], { type: part.type }), part.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function aPdf(): Promise<Uint8Array> {
  const doc = await createPdf({ title: 'Attestation', author: 'Test', lang: 'fr', createdAt: new Date(0) });
  doc.addPage().paragraph('Łukasz Żółć', { font: doc.fonts.regular, size: 12 }, 14);
  return doc.save();
}

describe('stored files', () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  before(async () => {
    t = await testApp({ extraFeatures: [testRoutes] });
    const form = await t.app.inject({ url: '/test/files/form' });
    cookie = cookiesFrom(form);
    token = form.json().token;
  });
  after(() => t.close());

  const stored = async () => (await t.database.db.select({ n: count() }).from(files))[0]!.n;

  async function upload(parts: Part[], url = '/test/files', headers: Record<string, string> = {}) {
    const { payload, contentType } = await multipart(parts);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': contentType, 'accept-language': 'en', ...headers },
      payload,
    });
  }
  const withToken = (...parts: Part[]): Part[] => [{ name: '_csrf', value: token }, ...parts];

  it('stores a PDF sent with a form, whose other fields still arrive, and gives back the same bytes', async () => {
    const pdf = await aPdf();
    const answer = await upload(
      withToken(
        { name: 'label', value: 'Attestation « 2026 »' },
        { name: 'owner', value: 'draft-1' },
        { name: 'document', filename: 'Łukasz Żółć – attestation.pdf', type: 'application/pdf', bytes: pdf },
      ),
    );
    assert.equal(answer.statusCode, 200, answer.body);
    const file = answer.json();
    assert.equal(file.label, 'Attestation « 2026 »');
    assert.equal(file.mediaType, 'application/pdf');
    assert.equal(file.size, pdf.length);
    assert.equal(file.sha256, sha256(pdf));
    assert.equal(file.filename, 'Łukasz Żółć – attestation.pdf');

    const download = await t.app.inject({ url: `/test/files/${file.id}?owner=draft-1` });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['cache-control'], 'no-store');
    assert.equal(
      download.headers['content-disposition'],
      `attachment; filename="_ukasz Zo_c _ attestation.pdf"; filename*=UTF-8''${encodeURIComponent('Łukasz Żółć – attestation.pdf')}`,
    );
    assert.equal(sha256(download.rawPayload), sha256(pdf), 'the very bytes sent');

    const refused = await t.app.inject({ url: `/test/files/${file.id}?owner=draft-2` });
    assert.equal(refused.statusCode, 404, 'a file the service does not allow is not found');
    assert.equal((await t.app.inject({ url: '/test/files/not-a-uuid?owner=draft-1' })).statusCode, 404);
  });

  it("stores a PNG as a PNG whatever the browser said, with the sniffed type's extension", async () => {
    const png = await QRCode.toBuffer('https://comptoir.example.lu');
    const answer = await upload(
      withToken({
        name: 'document',
        filename: '../../etc/\u202egpj.exe',
        type: 'application/x-msdownload',
        bytes: png,
      }),
    );
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json().mediaType, 'image/png');
    assert.equal(
      answer.json().filename,
      'gpj.exe.png',
      'no folders, no right-to-left override, the true extension',
    );
    const download = await t.app.inject({ url: `/test/files/${answer.json().id}?owner=` });
    assert.equal(download.statusCode, 404, 'no owner named, none allowed');
  });

  it("refuses a text file named .pdf, an empty file and a disallowed type, in the person's language, storing nothing", async () => {
    const before = await stored();
    const text = await upload(
      withToken({
        name: 'document',
        filename: 'report.pdf',
        type: 'application/pdf',
        bytes: Buffer.from('%This is no PDF at all, only text saying it is one.\n'),
      }),
    );
    assert.equal(text.statusCode, 422);
    assert.equal(text.json().code, 'FileTypeNotAllowed');
    assert.match(text.json().message, /not accepted here/);

    const empty = await upload(
      withToken({
        name: 'document',
        filename: 'empty.pdf',
        type: 'application/pdf',
        bytes: new Uint8Array(),
      }),
    );
    assert.equal(empty.json().code, 'FileEmpty');
    const german = await upload(
      withToken({
        name: 'document',
        filename: 'empty.pdf',
        type: 'application/pdf',
        bytes: new Uint8Array(),
      }),
      '/test/files',
      { 'accept-language': 'de' },
    );
    assert.match(german.json().message, /Die Datei ist leer/);

    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const other = await upload(
      withToken({ name: 'document', filename: 'pixel.png', type: 'image/png', bytes: gif }),
    );
    assert.equal(other.json().code, 'FileTypeNotAllowed', 'a GIF is not a PNG, whatever its name');
    assert.equal(await stored(), before);
  });

  it('answers 413 to a file over the limit, storing nothing, and takes one of exactly the limit', async () => {
    const before = await stored();
    const pdf = await aPdf();
    const padded = (size: number) => {
      const bytes = new Uint8Array(size).fill(0x20);
      bytes.set(pdf);
      return bytes;
    };
    const over = await upload(
      withToken(
        { name: 'label', value: 'big' },
        {
          name: 'document',
          filename: 'big.pdf',
          type: 'application/pdf',
          bytes: padded(limits.maxBytes + 1),
        },
      ),
    );
    assert.equal(over.statusCode, 413);
    assert.match(over.body, /Upload too large/);
    assert.equal(await stored(), before, 'nothing stored');

    const twoFiles = await upload(
      withToken(
        { name: 'document', filename: 'a.pdf', type: 'application/pdf', bytes: pdf },
        { name: 'document', filename: 'b.pdf', type: 'application/pdf', bytes: pdf },
      ),
    );
    assert.equal(twoFiles.statusCode, 413, 'one file per form here');

    const longField = await upload(withToken({ name: 'label', value: 'x'.repeat(100_001) }));
    assert.equal(longField.statusCode, 413, 'a field is never cut short silently');
    assert.equal(await stored(), before);

    const exact = await upload(
      withToken({
        name: 'document',
        filename: 'exact.pdf',
        type: 'application/pdf',
        bytes: padded(limits.maxBytes),
      }),
    );
    assert.equal(exact.statusCode, 200, exact.body);
    assert.equal(exact.json().size, limits.maxBytes);
  });

  it('checks the CSRF token of a multipart form, as a field or as a header', async () => {
    const before = await stored();
    const pdf = await aPdf();
    const document = { name: 'document', filename: 'a.pdf', type: 'application/pdf', bytes: pdf };
    const missing = await upload([document]);
    assert.equal(missing.statusCode, 403);
    const forged = await upload([{ name: '_csrf', value: 'forged' }, document]);
    assert.equal(forged.statusCode, 403);
    assert.equal(await stored(), before, 'nothing stored without a valid token');
    const header = await upload([document], '/test/files', { 'x-csrf-token': token });
    assert.equal(header.statusCode, 200, header.body);
  });

  it('refuses a multipart body where no upload is expected, and a malformed one, never with a 500', async () => {
    const elsewhere = await upload(withToken({ name: 'label', value: 'x' }), '/test/no-files');
    assert.equal(elsewhere.statusCode, 400);
    const plain = await t.app.inject({
      method: 'POST',
      url: '/test/no-files',
      headers: { cookie },
      payload: { _csrf: token, label: 'still a form' },
    });
    assert.deepEqual(plain.json(), { received: 'still a form' });

    const { payload, contentType } = await multipart(withToken({ name: 'label', value: 'x' }));
    for (const [what, body, type] of [
      ['cut short', payload.subarray(0, payload.length - 20), contentType],
      ['no boundary', payload, 'multipart/form-data'],
      ['a boundary never used', payload, 'multipart/form-data; boundary=nothing-like-it'],
      [
        'a header without end',
        Buffer.from('--b\r\nContent-Disposition: form-data; name="a"'),
        'multipart/form-data; boundary=b',
      ],
    ] as const) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/test/files',
        headers: { cookie, 'content-type': type },
        payload: body,
      });
      assert.equal(answer.statusCode, 400, what);
    }
  });
});

describe('storeFile', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('keeps a type no sniffer names only where the use allows it, as application/octet-stream', async () => {
    const text = Buffer.from('plain text\n');
    const db = t.database.db;
    await assert.rejects(
      storeFile(db, { purpose: 'test', bytes: text, filename: 'notes.txt', limits }),
      (error: unknown) => error instanceof FileRefused && error.code === 'FileTypeNotAllowed',
    );
    const kept = await storeFile(db, {
      purpose: 'test',
      bytes: text,
      filename: 'notes.txt',
      limits: { maxBytes: 100, allowedTypes: [UNKNOWN_TYPE] },
    });
    assert.equal(kept.mediaType, UNKNOWN_TYPE);
    assert.equal(kept.filename, 'notes.txt');
    const read = await readFile(db, kept.id);
    assert.deepEqual(Buffer.from(read!.content), text);
    assert.equal(await readFile(db, '00000000-0000-4000-8000-000000000000'), undefined);
    await assert.rejects(
      storeFile(db, {
        purpose: 'test',
        bytes: text,
        filename: 'notes.txt',
        limits: { maxBytes: 5, allowedTypes: [UNKNOWN_TYPE] },
      }),
      (error: unknown) =>
        error instanceof FileRefused && error.code === 'FileTooLarge' && error.params.megabytes === 0.000005,
    );
  });
});

describe('cleanFilename', () => {
  it('keeps a name as typed, without folders or invisible characters, and bounded', () => {
    assert.equal(cleanFilename('Ærøskøbing Đorđević.pdf', 'pdf'), 'Ærøskøbing Đorđević.pdf');
    assert.equal(cleanFilename('C:\\Users\\anne\\scan.PDF', 'pdf'), 'scan.PDF');
    assert.equal(cleanFilename('photo.jpeg', 'jpg'), 'photo.jpeg');
    assert.equal(cleanFilename('  ..hidden\u0000\tname  ', undefined), 'hidden name');
    assert.equal(cleanFilename('', 'png'), 'file.png');
    assert.equal(cleanFilename('../', undefined), 'file');
    const long = cleanFilename(`${'é'.repeat(300)}.pdf`, 'pdf');
    assert.equal([...long].length, 120);
    assert.ok(long.endsWith('é.pdf'));
  });
});
