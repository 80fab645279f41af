import { nowOf } from '../../../platform/clock.ts';
import { type Db, inTransaction } from '../../../platform/db.ts';
import { RuleError } from '../../../platform/errors.ts';
import { storeFile } from '../../../platform/files/service.ts';
import { findActiveMandate, findEntity } from '../../certification/service/reads.ts';
import { notify } from '../../notifications/service.ts';
import { actorOf, notifiedSpace, type SpaceAccess } from '../../spaces/service.ts';
import { type Checked, validateAll } from '../definition/answers.ts';
import { answerLines } from '../definition/display.ts';
import { feeOf } from '../definition/fee.ts';
import { formatReference, type State, snapshotOf, transition } from '../rules.ts';
import { insertEvent, type ProcedureRow, updateProcedure } from '../store/procedures.ts';
import {
  findTransmission,
  insertTransmission,
  nextReferenceNumber,
  type TransmissionRow,
} from '../store/transmissions.ts';
import {
  isClosed,
  type ProcedureCtx,
  procedureOf,
  procedureSpace,
  searchTextFor,
  spaceLang,
  versionOf,
} from './context.ts';
import { type TransmissionNotice, transmissionNotice } from './notice.ts';
import { renderSlip } from './slip.ts';
import { signSlipToken } from './slip-token.ts';

/**
 * Transmission: "Read and approved", then "Transmit". It happens once whatever the clicks, tabs
 * and users: the procedure's row is locked, and a procedure already transmitted answers with its
 * transmission. In one transaction it checks the answers and the mandate again and stores the
 * transmission: the reference, the snapshot with its SHA-256, the slip with its signed token.
 */

export type TransmitOutcome =
  | {
      status: 'transmitted';
      procedure: ProcedureRow;
      transmission: TransmissionRow;
      /** True when it had already been transmitted (a second click, another user): nothing new happened. */
      already: boolean;
      /** What rule 11 told, for a new transmission only. */
      notice?: TransmissionNotice;
    }
  | { status: 'incomplete'; errors: Extract<Checked, { ok: false }>['errors'] };

/** The calendar year in Luxembourg: a reference made on 1 January at 00:30 there is of the new year. */
const yearInLuxembourg = (at: Date) =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Luxembourg', year: 'numeric' }).format(at));

export type TransmitInput = {
  /** The revision of the answers the person read and approved: changed since, it is refused. */
  revision?: number | undefined;
};

type Ready = {
  status: 'ready';
  row: ProcedureRow;
  version: Awaited<ReturnType<typeof versionOf>>['definition'];
  administration: Awaited<ReturnType<typeof versionOf>>['administration'];
  answers: Record<string, unknown>;
  subject: Awaited<ReturnType<typeof findEntity>>;
  state: State;
};

/**
 * Whether the draft may be transmitted now: still a draft, at the revision read, its version
 * open, its answers complete and valid, its mandate (if its procedure needs one) still active.
 * Asked twice: first without a lock, to draw the slip outside any transaction, then again with
 * the row locked, where the answer decides.
 */
async function readiness(
  db: Db,
  spaceId: string,
  procedureId: string,
  input: TransmitInput,
  now: Date,
  lock: boolean,
): Promise<Ready | TransmitOutcome> {
  const row = await procedureOf(db, spaceId, procedureId, lock);
  if (row.status !== 'draft') {
    const done = await findTransmission(db, { procedureId: row.id });
    if (!done) throw new RuleError('ProcedureNotTransmittable');
    return { status: 'transmitted', procedure: row, transmission: done, already: true };
  }
  if (input.revision !== undefined && input.revision !== row.revision)
    throw new RuleError('AnswersNoLongerValid');
  const { definition: version, administration } = await versionOf(db, row.definitionId);
  const { definition } = version;
  if (isClosed(version.closesAt, now)) throw new RuleError('VersionClosed');
  const checked = validateAll(definition, { ...row.answers, ...row.certified });
  if (!checked.ok) return { status: 'incomplete', errors: checked.errors };
  const subject = row.subjectEntityId ? await findEntity(db, { id: row.subjectEntityId }) : undefined;
  if (version.scopeId) {
    const mandate =
      subject &&
      (await findActiveMandate(db, { spaceId, scopeId: version.scopeId, entityId: subject.id, now }));
    if (!mandate) throw new RuleError('MandateEnded', { company: subject?.name ?? '' });
  }
  const next = transition('draft', 'submit', {
    policy: definition.signature.policy,
    feeCents: feeOf(definition, checked.answers),
  });
  // Signatures and payments come with their own issue: until then only what goes straight through.
  if (!next.ok || next.state !== 'transmitted') throw new RuleError('TransmitNotAvailable');
  return {
    status: 'ready',
    row,
    version,
    administration,
    answers: checked.answers,
    subject,
    state: next.state,
  };
}

/**
 * Drawing and signing the slip takes a tenth of a second of CPU: it happens before the
 * transaction, so that neither the administration's reference counter nor (on the embedded
 * database, which has one connection) the whole portal waits for it. The reference is taken in
 * a statement of its own for the same reason; a transmission that then loses a race (two users
 * transmitting the same draft at the same instant) leaves its number unused: references are
 * unique and increasing, and may skip one.
 */
export async function transmit(
  ctx: ProcedureCtx,
  spaceId: string,
  procedureId: string,
  input: TransmitInput = {},
): Promise<TransmitOutcome> {
  const access = await procedureSpace(ctx, spaceId, 'submit');
  const now = nowOf(ctx);
  const ready = await readiness(ctx.db, spaceId, procedureId, input, now, false);
  if (ready.status !== 'ready') return ready;
  const { row, version, administration, subject } = ready;
  const { definition } = version;
  const year = yearInLuxembourg(now);
  const reference = formatReference(
    administration.code,
    year,
    await nextReferenceNumber(ctx.db, administration.id, year),
  );
  const person = ctx.current.person;
  const personName = `${person.firstName} ${person.surname}`;
  const { json, sha256 } = snapshotOf({
    reference,
    transmittedAt: now.toISOString(),
    procedure: { code: definition.code, version: definition.version, sha256: version.sha256 },
    administration: administration.code,
    space: { identifier: access.space.identifier, name: access.space.name },
    transmittedBy: personName,
    subject: subject ? { scheme: subject.scheme, value: subject.value, name: subject.name } : null,
    name: row.name,
    answers: ready.answers,
  });
  const token = await signSlipToken(ctx.db, ctx.config.baseUrl, { reference, sha256, transmittedAt: now });
  const pdf = await slipOf(ctx, access, {
    definition,
    administration,
    reference,
    now,
    personName,
    subject,
    sha256,
    token,
    answers: ready.answers,
  });

  return inTransaction(ctx.db, async (tx) => {
    // Decided again with the row locked: another transmission, a save or a revoked mandate
    // since the first look wins, and the slip drawn is thrown away.
    const locked = await readiness(tx, spaceId, procedureId, { revision: row.revision }, now, true);
    if (locked.status !== 'ready') return locked;
    const slip = await storeFile(tx, {
      purpose: 'procedure.slip',
      owner: row.id,
      bytes: pdf,
      filename: `${reference}.pdf`,
      limits: { maxBytes: 50_000_000, allowedTypes: ['application/pdf'] },
    });
    const transmission: TransmissionRow = {
      procedureId: row.id,
      reference,
      snapshot: json,
      sha256,
      token,
      slipFileId: slip.id,
      transmittedBy: person.id,
      transmittedAt: now,
    };
    await insertTransmission(tx, transmission);
    const procedure = await updateProcedure(tx, locked.row, {
      status: locked.state,
      reference,
      transmittedAt: now,
      searchText: searchTextFor(definition, { name: row.name, reference, subject }),
      revision: row.revision + 1,
      updatedBy: person.id,
      updatedAt: now,
    });
    await insertEvent(tx, {
      procedureId: row.id,
      kind: 'transmitted',
      detail: { reference },
      personId: person.id,
      at: now,
    });
    const notice = transmissionNotice({
      space: notifiedSpace(access.space),
      actor: actorOf(ctx, access.membership),
      reference,
      procedure: definition.title[spaceLang(access)],
      name: row.name,
      slipFileId: slip.id,
    });
    await notify({ ...ctx, db: tx }, notice);
    return { status: 'transmitted', procedure, transmission, already: false, notice };
  });
}

/** The slip's PDF, in the eSpace's language. */
function slipOf(
  ctx: ProcedureCtx,
  access: SpaceAccess,
  values: {
    definition: Awaited<ReturnType<typeof versionOf>>['definition']['definition'];
    administration: Awaited<ReturnType<typeof versionOf>>['administration'];
    reference: string;
    now: Date;
    personName: string;
    subject: { name: string; scheme: string; value: string } | undefined;
    sha256: string;
    token: string;
    answers: Record<string, unknown>;
  },
): Promise<Uint8Array> {
  const lang = spaceLang(access);
  const { administration, definition } = values;
  const verifyPage = `${ctx.config.baseUrl}/verify`;
  return renderSlip({
    lang,
    administration: {
      name: administration.names[lang],
      addressLines: administration.addressLines,
      contactLines: administration.contactLines,
    },
    title: definition.title[lang],
    reference: values.reference,
    transmittedAt: values.now,
    agent: { person: values.personName, space: access.space.name, identifier: access.space.identifier },
    principal: values.subject ? { name: values.subject.name, identifier: values.subject.value } : null,
    answers: answerLines(definition, values.answers, lang),
    sha256: values.sha256,
    verifyUrl: `${verifyPage}?token=${values.token}`,
    verifyPage,
    portalUrl: ctx.config.baseUrl,
  });
}
