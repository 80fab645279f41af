import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../db.ts';
import { RuleError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import type { fileRuleCodes } from './rule-codes.ts';
import { insertFile, type StoredFile, selectFile } from './store.ts';

export type { StoredFile };

/** What a content sniffer cannot name: refused unless a use allows it. */
export const UNKNOWN_TYPE = 'application/octet-stream';

/** What one use of files accepts: at most `maxBytes`, of the media types listed. */
export type FileLimits = { maxBytes: number; allowedTypes: readonly string[] };

export type FileRefusal = (typeof fileRuleCodes)[number];

/** A file was refused and nothing was stored; the page shows why, in the person's language. */
export class FileRefused extends RuleError {
  constructor(
    override readonly code: FileRefusal,
    params: Record<string, string | number> = {},
  ) {
    super(code, params);
    this.name = 'FileRefused';
  }
}

/**
 * A name safe to offer back in a download: no folders, no control or bidirectional-override
 * characters (which can make "gpj.exe" read as "exe.jpg"), at most 120 characters, and the
 * sniffed type's extension when the name claims another.
 */
export function cleanFilename(name: string, extension: string | undefined): string {
  const base = path.posix.basename(name.replaceAll('\\', '/'));
  let clean = base
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/^[\s.]+|\s+$/g, '');
  if (!clean) clean = 'file';
  const claimed = path.extname(clean).slice(1).toLowerCase();
  const suffix =
    extension && claimed !== extension && !(extension === 'jpg' && claimed === 'jpeg') ? `.${extension}` : '';
  const room = 120 - suffix.length;
  if ([...clean].length > room) {
    const ext = path.extname(clean).slice(0, 16);
    clean = [...clean].slice(0, room - [...ext].length).join('') + ext;
  }
  return clean + suffix;
}

/**
 * Keeps `bytes` as a file for `purpose`, after checking them against the use's limits: empty,
 * too large, or of a type not allowed (sniffed from the content, whatever the name or the
 * browser said) is refused with a FileRefused. Runs in the caller's transaction.
 */
export async function storeFile(
  tx: Db,
  input: {
    purpose: string;
    owner?: string | undefined;
    bytes: Uint8Array;
    filename: string;
    createdBy?: string | undefined;
    limits: FileLimits;
  },
): Promise<StoredFile> {
  const { bytes, limits } = input;
  if (bytes.byteLength === 0) throw new FileRefused('FileEmpty');
  if (bytes.byteLength > limits.maxBytes) {
    throw new FileRefused('FileTooLarge', { megabytes: limits.maxBytes / 1_000_000 });
  }
  const sniffed = await fileTypeFromBuffer(bytes);
  const mediaType = sniffed?.mime ?? UNKNOWN_TYPE;
  if (!limits.allowedTypes.includes(mediaType)) throw new FileRefused('FileTypeNotAllowed');
  return insertFile(tx, {
    purpose: input.purpose,
    owner: input.owner ?? null,
    content: bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
    mediaType,
    filename: cleanFilename(input.filename, sniffed?.ext),
    createdBy: input.createdBy ?? null,
  });
}

/**
 * A stored file with its content, or undefined when there is none with this id. It checks no
 * right: the caller's service decides first whether the person may have it.
 */
export async function readFile(
  tx: Db,
  id: string,
): Promise<(StoredFile & { content: Uint8Array }) | undefined> {
  if (!isUuid(id)) return undefined;
  return selectFile(tx, id);
}
