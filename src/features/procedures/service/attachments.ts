import type { Db } from '../../../platform/db.ts';
import { inTransaction } from '../../../platform/db.ts';
import { AppError, RuleError } from '../../../platform/errors.ts';
import { storeFile } from '../../../platform/files/service.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { fieldIndex } from '../definition/fields.ts';
import type { Answers, Definition, FileAnswer, FileField } from '../definition/types.ts';
import { ATTACHMENT, attachmentsOf } from '../store/procedures.ts';
import { type ProcedureCtx, procedureOf, procedureSpace, versionOf } from './context.ts';

/**
 * Files given as answers. An upload is stored first (platform/files: its type sniffed from the
 * content, checked with the size against the field's `accept` and `maxBytes`), as an attachment
 * of the procedure; the step then saves the answer naming it. A file answer is made by the
 * portal, never taken as posted: its name, size and type come from the stored file, and a file
 * that is not an attachment of this procedure is no valid answer.
 */

/** Stores an upload for a file field of a draft (a field in a group too); returns the answer naming it. */
export async function attachFile(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
  input: { fieldId: string; bytes: Uint8Array; filename: string },
): Promise<FileAnswer> {
  await procedureSpace(ctx, spaceId, 'modify');
  return inTransaction(ctx.db, async (tx) => {
    const row = await procedureOf(tx, spaceId, procedureId);
    if (row.status !== 'draft') throw new RuleError('ProcedureNotDraft');
    const { definition } = (await versionOf(tx, row.definitionId)).definition;
    const field = fieldIndex(definition).get(input.fieldId)?.field;
    if (field?.type !== 'file') throw new AppError('NotFound');
    const stored = await storeFile(tx, {
      purpose: ATTACHMENT,
      owner: row.id,
      bytes: input.bytes,
      filename: input.filename,
      createdBy: ctx.current.person.id,
      limits: { maxBytes: field.maxBytes, allowedTypes: field.accept },
    });
    return { fileId: stored.id, name: stored.filename, size: stored.size, type: stored.mediaType };
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A file answer that names no attachment of the procedure: the validator calls it invalid ("attach it again"). */
const UNKNOWN: FileAnswer = { fileId: 'unknown', name: '', size: 0, type: '' };

/**
 * The step's answers with every file answer rebuilt from the stored attachment it names (top
 * level or in a group's items), and UNKNOWN where it names none of this procedure's.
 */
export async function trustedFiles(
  db: Db,
  definition: Definition,
  stepId: string,
  procedureId: string,
  values: Answers,
): Promise<Answers> {
  const trusted = structuredClone(values);
  const step = definition.steps.find((s) => s.id === stepId)!;
  const places: { holder: Record<string, unknown>; key: string }[] = [];
  for (const field of step.fields) {
    if (field.type === 'file' && trusted[field.id] !== undefined)
      places.push({ holder: trusted, key: field.id });
    if (field.type !== 'group' || !Array.isArray(trusted[field.id])) continue;
    const inner = field.fields.filter((f): f is FileField => f.type === 'file');
    for (const item of trusted[field.id] as unknown[]) {
      if (!isObject(item)) continue;
      for (const f of inner) if (item[f.id] !== undefined) places.push({ holder: item, key: f.id });
    }
  }
  if (places.length === 0) return trusted;
  const named = places
    .map(({ holder, key }) => (isObject(holder[key]) ? holder[key].fileId : undefined))
    .filter(isUuid);
  const stored = new Map((await attachmentsOf(db, procedureId, named)).map((file) => [file.id, file]));
  for (const { holder, key } of places) {
    const posted = holder[key];
    const file = isObject(posted) && isUuid(posted.fileId) ? stored.get(posted.fileId) : undefined;
    holder[key] = file
      ? ({ fileId: file.id, name: file.filename, size: file.size, type: file.mediaType } satisfies FileAnswer)
      : UNKNOWN;
  }
  return trusted;
}
