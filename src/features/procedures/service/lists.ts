import { AppError } from '../../../platform/errors.ts';
import { readFile } from '../../../platform/files/service.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { findEntity } from '../../certification/service/reads.ts';
import { stripHidden } from '../definition/conditions.ts';
import type { Answers, Definition } from '../definition/types.ts';
import { type State, states } from '../rules.ts';
import { prefixQuery } from '../search.ts';
import {
  attachmentsOf,
  countsOf,
  keyOf,
  type ListCursor,
  type ListOrder,
  listEvents,
  listProcedures,
  type ProcedureRow,
} from '../store/procedures.ts';
import { findTransmission } from '../store/transmissions.ts';
import { type ProcedureCtx, procedureOf, procedureSpace, versionOf } from './context.ts';

/**
 * My procedures and a procedure's detail: what every member of the eSpace reads (rule 9). The
 * list pages by keyset and takes its totals from the eSpace's counters, so it costs the same
 * with 100,000 procedures as with 10 (issue 13: no count(*) on lists).
 */

export const PAGE_SIZE = 25;
export const listOrders: readonly ListOrder[] = ['changed', 'name', 'reference'];
/** The statuses My procedures filters by: all of them but `deleted`. */
type Listed = Exclude<State, 'deleted'>;
export const listedStates = states.filter((state): state is Listed => state !== 'deleted');

export type ListQuery = {
  /** One status, or all when absent. */
  status?: string | undefined;
  order?: string | undefined;
  q?: string | undefined;
  /** The `next` of the page before: this page starts after its last line. */
  after?: string | undefined;
  /** The `previous` of the page after: this page ends before its first line. */
  before?: string | undefined;
  limit?: number | undefined;
};

const encode = (cursor: ListCursor): string =>
  Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');

/** A cursor as a page sent it, or undefined for anything that is not one (the first page, then). */
function decode(text: string | undefined): ListCursor | undefined {
  if (!text || text.length > 300) return undefined;
  try {
    const [key, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if ((typeof key === 'string' || key === null) && typeof id === 'string' && isUuid(id)) return { key, id };
  } catch {}
  return undefined;
}

/**
 * Drops a cursor the order cannot read: for the last change, only an instant as the page writes
 * it (`toISOString`); any other date text JavaScript reads ("1", "May 1") PostgreSQL may not,
 * and would fail the query (a changed sort restarts).
 */
const isInstant = (key: string | null) =>
  key !== null && !Number.isNaN(Date.parse(key)) && new Date(key).toISOString() === key;
const fitting = (order: ListOrder, cursor: ListCursor | undefined) =>
  cursor && order === 'changed' && !isInstant(cursor.key) ? undefined : cursor;

/**
 * A page of the eSpace's procedures: after `after`, before `before`, or the first. `previous`
 * and `next` are the cursors of the pages around it, when there are some; no row outside the
 * page is read but the one that says whether there is more, and nothing is counted.
 */
export async function myProcedures(ctx: ProcedureCtx, spaceId: string, query: ListQuery = {}) {
  await procedureSpace(ctx, spaceId, 'consult');
  const status = listedStates.includes(query.status as Listed) ? (query.status as Listed) : undefined;
  const order = listOrders.includes(query.order as ListOrder) ? (query.order as ListOrder) : 'changed';
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? PAGE_SIZE)), 100);
  const after = fitting(order, decode(query.after));
  const before = after ? undefined : fitting(order, decode(query.before));
  const [rows, counts] = await Promise.all([
    listProcedures(ctx.db, {
      spaceId,
      status,
      order,
      tsquery: query.q === undefined ? undefined : prefixQuery(query.q),
      after,
      before,
      limit: limit + 1,
    }),
    countsOf(ctx.db, spaceId),
  ]);
  const more = rows.length > limit;
  // Read backwards, the line beyond the page is the first one.
  const items = before ? rows.slice(more ? 1 : 0) : rows.slice(0, limit);
  const cursorOf = (row: (typeof items)[number] | undefined) =>
    row && encode({ key: keyOf(order, row), id: row.id });
  const totals = Object.fromEntries(listedStates.map((state) => [state, counts[state] ?? 0])) as Record<
    Listed,
    number
  >;
  return {
    items,
    status,
    order,
    /** The cursor of the page before, when there is one. */
    previous: after || (before && more) ? cursorOf(items[0]) : undefined,
    /** The cursor of the next page, when there is one. */
    next: before || more ? cursorOf(items.at(-1)) : undefined,
    /** The eSpace's procedures in each status, and in all (from the counters). */
    totals: { ...totals, all: Object.values(totals).reduce((sum, n) => sum + n, 0) },
  };
}

export type ProcedureDetail = {
  procedure: ProcedureRow;
  definition: Definition;
  closesAt: Date | null;
  subject: { name: string; scheme: string; value: string } | undefined;
  /** The answers to show: as saved for a draft (hidden fields left out), as frozen for what was transmitted. */
  answers: Answers;
  timeline: Awaited<ReturnType<typeof listEvents>>;
  /** Its `token` is the slip's QR code: the address `/verify?token=…` checks it. */
  transmission:
    | { reference: string; sha256: string; transmittedAt: Date; slipFileId: string; token: string }
    | undefined;
};

/** A procedure of the eSpace with its version, company, answers, timeline and transmission. */
export async function procedureDetail(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
): Promise<ProcedureDetail> {
  await procedureSpace(ctx, spaceId, 'consult');
  const procedure = await procedureOf(ctx.db, spaceId, procedureId);
  const [version, entity, timeline, transmission] = await Promise.all([
    versionOf(ctx.db, procedure.definitionId),
    procedure.subjectEntityId ? findEntity(ctx.db, { id: procedure.subjectEntityId }) : undefined,
    listEvents(ctx.db, procedure.id),
    findTransmission(ctx.db, { procedureId: procedure.id }),
  ]);
  const frozen = transmission && (JSON.parse(transmission.snapshot) as { answers: Answers });
  return {
    procedure,
    definition: version.definition.definition,
    closesAt: version.definition.closesAt,
    subject: entity && { name: entity.name, scheme: entity.scheme, value: entity.value },
    answers: frozen
      ? frozen.answers
      : stripHidden(version.definition.definition, { ...procedure.answers, ...procedure.certified }),
    timeline,
    transmission: transmission && {
      reference: transmission.reference,
      sha256: transmission.sha256,
      transmittedAt: transmission.transmittedAt,
      slipFileId: transmission.slipFileId,
      token: transmission.token,
    },
  };
}

/** The transmission slip of a procedure of the eSpace, for a member to download. */
export async function transmissionSlip(ctx: ProcedureCtx, spaceId: string, procedureId: string) {
  await procedureSpace(ctx, spaceId, 'consult');
  const procedure = await procedureOf(ctx.db, spaceId, procedureId);
  const transmission = await findTransmission(ctx.db, { procedureId: procedure.id });
  const file = transmission && (await readFile(ctx.db, transmission.slipFileId));
  if (!file) throw new AppError('NotFound');
  return file;
}

/**
 * A file attached to a procedure of the eSpace, for a member to download: only an attachment
 * of this very procedure; any other file, or another eSpace's, is "not found".
 */
export async function procedureAttachment(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
  fileId: string,
) {
  await procedureSpace(ctx, spaceId, 'consult');
  const procedure = await procedureOf(ctx.db, spaceId, procedureId);
  const [attached] = isUuid(fileId) ? await attachmentsOf(ctx.db, procedure.id, [fileId]) : [];
  const file = attached && (await readFile(ctx.db, attached.id));
  if (!file) throw new AppError('NotFound');
  return file;
}

/** A procedure of the eSpace as it stands (its name and status), for a page that changes it. */
export async function procedureToChange(ctx: ProcedureCtx, spaceId: string, procedureId: string) {
  await procedureSpace(ctx, spaceId, 'consult');
  return procedureOf(ctx.db, spaceId, procedureId);
}
