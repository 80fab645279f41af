import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** What one form that takes files accepts: each file at most `maxBytes`, `files` of them. */
export type UploadLimits = { maxBytes: number; files?: number; fields?: number };

/** A file sent with a form. Its name and declared type are the browser's word: inform, never trust. */
export type Upload = { field: string; filename: string; declaredType: string; bytes: Buffer };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on a route that takes `multipart/form-data`: its limits. Other routes refuse it. */
    uploads?: UploadLimits;
  }
  interface FastifyRequest {
    /** The files of a multipart form, once parsed; null otherwise. */
    uploads: Upload[] | null;
  }
}

// Fields of a form are short: anything longer is an abuse, not an answer.
const FIELD_BYTES = 100_000;

/** A parser's refusal (a limit reached: 413) passes; a malformed body becomes a 400, never a 500. */
function asClientError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? error : new AppError('BadRequest');
}

/** Reads every part of a multipart form: its fields into `request.body`, its files into `request.uploads`. */
async function readForm(request: FastifyRequest, limits: UploadLimits) {
  const fields: Record<string, string | string[]> = {};
  const uploads: Upload[] = [];
  const parts = request.parts({
    limits: { fileSize: limits.maxBytes, files: limits.files ?? 1, fields: limits.fields ?? 50 },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      uploads.push({
        field: part.fieldname,
        filename: part.filename,
        declaredType: part.mimetype,
        bytes: await part.toBuffer(),
      });
      continue;
    }
    // A truncated value would silently mean something else than what was typed.
    if (part.valueTruncated || typeof part.value !== 'string') throw new AppError('PayloadTooLarge');
    const previous = fields[part.fieldname];
    fields[part.fieldname] =
      previous === undefined
        ? part.value
        : [...(Array.isArray(previous) ? previous : [previous]), part.value];
  }
  request.body = fields;
  request.uploads = uploads;
}

/**
 * Lets the routes that declare `config.uploads` take multipart forms (@fastify/multipart), and
 * refuses such forms everywhere else. The form is read by `readUploads`, which the platform's
 * input hook (app.tsx) runs before the CSRF check, which then finds `_csrf` among its fields as
 * in any other form; an upload over its route's limit is a 413 and reaches no handler.
 */
export async function registerUploads(app: FastifyInstance) {
  await app.register(multipart, {
    limits: { fieldNameSize: 100, fieldSize: FIELD_BYTES, headerPairs: 100, parts: 200 },
  });
  app.decorateRequest('uploads', null);
}

/** Reads a multipart request's form within its route's limits; refuses it on a route that takes none. */
export async function readUploads(request: FastifyRequest): Promise<void> {
  const limits = request.routeOptions.config.uploads;
  if (!limits) throw new AppError('BadRequest');
  try {
    await readForm(request, limits);
  } catch (error) {
    throw asClientError(error);
  }
}

/** The file sent in `field`, if one was (a browser sends an empty, unnamed part for none chosen). */
export function uploadedFile(request: FastifyRequest, field: string): Upload | undefined {
  return request.uploads?.find(
    (upload) => upload.field === field && (upload.filename || upload.bytes.length),
  );
}
