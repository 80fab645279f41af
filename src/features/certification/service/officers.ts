import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { inTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { endOfDayInLuxembourg } from '../../../platform/i18n/dates.ts';
import { isUuid } from '../../../platform/uuid.ts';
import { type OfficerCtx, requireOfficer } from '../../authorities/service.ts';
import { codeState, scopeIsOpen } from '../rules.ts';
import {
  type EntityRow,
  findAccessCode,
  findEntity,
  findScope,
  listAccessCodes,
  listScopes,
  revokeAccessCode,
} from '../store.ts';
import { companiesHeld, endMandateOfCode } from '../store-mandates.ts';
import { accessEnded, endAgentsOf } from './agents.ts';
import { findEntityByIdentifier, type IssuedCode, issueAccessCodes, recallIssuedCodes } from './codes.ts';

/**
 * What administrations' officers do with access codes in the back office: issue them (one or a
 * batch), list them and revoke them. A person who is not an officer of that administration gets
 * "not found" for all of it; an officer whose role does not manage codes, "not allowed"
 * (authorities/service.ts, `requireOfficer`).
 */

const trailOf = (ctx: OfficerCtx) => ({
  personId: ctx.current.person.id,
  deviceId: ctx.current.device.id,
  certificateNumber: ctx.current.device.certificateNumber,
  ip: ctx.ip,
});

export const CODES_PAGE_SIZE = 50;

export const codeStates = ['issued', 'used', 'revoked', 'expired'] as const;
export type CodeStateFilter = (typeof codeStates)[number];

/** The administration's codes, newest first, with filters; each with its state at this moment. */
export async function codesPage(
  ctx: OfficerCtx,
  administrationCode: string,
  filter: { state?: CodeStateFilter | undefined; scope?: string | undefined; search?: string | undefined },
  page: number,
) {
  const administration = await requireOfficer(ctx, administrationCode, 'codes.manage');
  const scopes = await listScopes(ctx.db, administration.id);
  const scope = scopes.find((s) => s.scope.code === filter.scope);
  const now = nowOf(ctx);
  const current = Math.max(1, page);
  const { lines, total } = await listAccessCodes(
    ctx.db,
    administration.id,
    { state: filter.state, scopeId: scope?.scope.id, search: filter.search, now },
    { limit: CODES_PAGE_SIZE, offset: (current - 1) * CODES_PAGE_SIZE },
  );
  return {
    administration,
    scopes,
    lines: lines.map((line) => ({ ...line, state: codeState(line, now) })),
    total,
    page: current,
    pages: Math.max(1, Math.ceil(total / CODES_PAGE_SIZE)),
  };
}

/** What the issue form shows: the administration and its scopes, none of its codes. */
export async function issueFormData(ctx: OfficerCtx, administrationCode: string) {
  const administration = await requireOfficer(ctx, administrationCode, 'codes.manage');
  return { administration, scopes: await listScopes(ctx.db, administration.id) };
}

export const MAX_BATCH = 1000;
/** The longest list of companies the issue form takes: MAX_BATCH lines of up to 100 characters. */
export const ENTITIES_INPUT_MAX = 100 * MAX_BATCH;

export type IssueInput = {
  scope: string;
  kind: 'holder' | 'agent';
  /** One legal entity identifier per line ("rcs:B123456" or "RCS B123456"). */
  entities: string[];
  /** YYYY-MM-DD: the code works until the end of that day; none: until used or revoked. */
  expiresOn?: string | undefined;
};

export type IssueOutcome =
  | {
      ok: true;
      issued: IssuedCode[];
      /**
       * The companies among them whose main mandate an eSpace holds already: their new holder
       * code is refused until that mandate ends (given up, or its code revoked).
       */
      held: Set<string>;
    }
  | {
      ok: false;
      field: 'scope' | 'entities' | 'expiresOn';
      problem: string;
      lines?: string[];
      /** The end of the scope's period, when it is over. */
      until?: Date;
    };

/**
 * Issues one code per entity listed, all or none: a line naming no known entity stops the batch
 * and is reported. The codes are returned once, for the screen and the letters.
 */
export async function issueCodes(
  ctx: OfficerCtx,
  administrationCode: string,
  input: IssueInput,
): Promise<IssueOutcome> {
  const administration = await requireOfficer(ctx, administrationCode, 'codes.manage');
  const scope = await findScope(ctx.db, { code: input.scope });
  if (!scope || scope.scope.administrationId !== administration.id) {
    return { ok: false, field: 'scope', problem: 'unknownScope' };
  }
  const now = nowOf(ctx);
  // A code for a period that is over would give a mandate ended from the start.
  if (!scopeIsOpen(scope.scope, now)) {
    return { ok: false, field: 'scope', problem: 'periodOver', until: scope.scope.validUntil! };
  }
  const expiresAt = input.expiresOn ? endOfDayInLuxembourg(input.expiresOn) : null;
  if (expiresAt && expiresAt <= now) return { ok: false, field: 'expiresOn', problem: 'past' };
  const lines = input.entities.map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { ok: false, field: 'entities', problem: 'empty' };
  if (lines.length > MAX_BATCH) return { ok: false, field: 'entities', problem: 'tooMany' };
  const entities: EntityRow[] = [];
  const unknown: string[] = [];
  for (const line of lines) {
    const entity = await findEntityByIdentifier(ctx.db, line);
    if (entity) entities.push(entity);
    else unknown.push(line);
  }
  if (unknown.length > 0) return { ok: false, field: 'entities', problem: 'unknownEntities', lines: unknown };
  const issued = await inTransaction(ctx.db, async (tx) => {
    const codes = await issueAccessCodes(
      tx,
      entities.map((entity) => ({
        scope,
        entity,
        kind: input.kind,
        expiresAt,
        issuedBy: ctx.current.person.id,
      })),
    );
    await audit(tx, {
      action: 'backoffice.codes_issued',
      ...trailOf(ctx),
      detail: {
        administration: administration.code,
        scope: scope.scope.code,
        kind: input.kind,
        references: codes.map((c) => c.row.reference),
      },
    });
    return codes;
  });
  const held =
    input.kind === 'holder'
      ? await companiesHeld(ctx.db, { scopeId: scope.scope.id, entityIds: entities.map((e) => e.id), now })
      : new Set<string>();
  return { ok: true, issued, held };
}

/**
 * Codes of this administration given back by the screen that just issued them, to print their
 * letters: each must be that very code, still issued.
 */
export async function recallCodes(
  ctx: OfficerCtx,
  administrationCode: string,
  items: { id: string; code: string }[],
) {
  const administration = await requireOfficer(ctx, administrationCode, 'codes.manage');
  const recalled = await recallIssuedCodes(ctx.db, items.slice(0, MAX_BATCH), () => true);
  return recalled.filter((r) => r.scope.administration.id === administration.id);
}

/** A code of this administration that can still be revoked, for the page that confirms it. */
export async function codeToRevoke(ctx: OfficerCtx, administrationCode: string, codeId: string) {
  const administration = await requireOfficer(ctx, administrationCode, 'codes.manage');
  if (!isUuid(codeId)) throw new AppError('NotFound');
  const code = await findAccessCode(ctx.db, { id: codeId });
  const scope = code ? await findScope(ctx.db, { id: code.scopeId }) : undefined;
  if (!code || !scope || scope.administration.id !== administration.id || code.status === 'revoked') {
    throw new AppError('NotFound');
  }
  const entity = (await findEntity(ctx.db, { id: code.entityId }))!;
  return { administration, code, scope, entity };
}

/**
 * Revokes a code: an issued one can no longer be used; a used one stops giving access (the
 * mandate it gave ends at once). A used holder code takes with it the agent codes its eSpace
 * generated on the company, and the accesses they gave.
 */
export async function revokeCode(ctx: OfficerCtx, administrationCode: string, codeId: string) {
  const { administration, code, scope } = await codeToRevoke(ctx, administrationCode, codeId);
  const now = nowOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const revoked = await revokeAccessCode(tx, code.id, now);
    if (!revoked) return { revoked: false, reference: code.reference };
    const txCtx = { ...ctx, db: tx };
    const ended = await endMandateOfCode(tx, code.id, now);
    if (ended) await accessEnded(txCtx, ended, scope.scope.code, 'revoked_by_administration');
    const given =
      ended?.kind === 'holder'
        ? await endAgentsOf(txCtx, ended, scope.scope.code, 'revoked_by_administration', now)
        : [];
    await audit(tx, {
      action: 'backoffice.code_revoked',
      ...trailOf(ctx),
      detail: {
        administration: administration.code,
        reference: code.reference,
        mandateEnded: Boolean(ended),
        agentsEnded: given.length,
      },
    });
    return { revoked: true, reference: code.reference };
  });
}
