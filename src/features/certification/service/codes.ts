import { type Db, inTransaction } from '../../../platform/db.ts';
import { endOfDayInLuxembourg, isCalendarDay } from '../../../platform/i18n/dates.ts';
import { isUuid } from '../../../platform/uuid.ts';
import {
  generateAccessCode,
  generateReference,
  hashAccessCode,
  identifierSchemes,
  normalizeAccessCode,
  scopeIsOpen,
} from '../rules.ts';
import {
  type AccessCodeRow,
  type EntityRow,
  findAccessCode,
  findEntity,
  findScope,
  insertAccessCode,
  type ScopeWithAdministration,
} from '../store.ts';

/**
 * Issuing access codes. A code exists in plain text only in what these functions return: the
 * caller prints it in a letter or shows it once; the database keeps its hash.
 */

export type CodeRequest = {
  scope: ScopeWithAdministration;
  entity: EntityRow;
  kind: 'holder' | 'agent';
  expiresAt?: Date | null | undefined;
  /** The officer, or the holder eSpace's Administrator; none from the CLI. */
  issuedBy?: string | null | undefined;
  /** The holder eSpace that generated an agent code for its representative. */
  issuedBySpaceId?: string | null | undefined;
};

export type IssuedCode = {
  row: AccessCodeRow;
  code: string;
  scope: ScopeWithAdministration;
  entity: EntityRow;
};

/** Issues one code per request, in the caller's transaction, and returns them with their plain text. */
export async function issueAccessCodes(db: Db, requests: CodeRequest[]): Promise<IssuedCode[]> {
  const issued: IssuedCode[] = [];
  for (const request of requests) {
    for (let attempt = 0; ; attempt++) {
      const code = generateAccessCode();
      const row = await insertAccessCode(db, {
        reference: generateReference(request.scope.administration.code),
        codeHash: hashAccessCode(code),
        scopeId: request.scope.scope.id,
        entityId: request.entity.id,
        kind: request.kind,
        expiresAt: request.expiresAt ?? null,
        issuedBy: request.issuedBy ?? null,
        issuedBySpaceId: request.issuedBySpaceId ?? null,
      });
      if (row) {
        issued.push({ row, code, scope: request.scope, entity: request.entity });
        break;
      }
      // A reference drawn twice (about one in a billion per administration and code): draw again.
      if (attempt >= 5) throw new Error('could not draw a free code reference');
    }
  }
  return issued;
}

/**
 * Codes given back by the screen that showed them (to print their letters again): each must be
 * the plain text of that very issued code, else it is left out. Nothing is stored in between.
 */
export async function recallIssuedCodes(
  db: Db,
  items: { id: string; code: string }[],
  accept: (row: AccessCodeRow) => boolean,
): Promise<IssuedCode[]> {
  const recalled: IssuedCode[] = [];
  for (const item of items) {
    const code = normalizeAccessCode(item.code);
    if (!code || !isUuid(item.id)) continue;
    const row = await findAccessCode(db, { id: item.id });
    if (!row || row.codeHash !== hashAccessCode(code) || row.status !== 'issued' || !accept(row)) continue;
    const [scope, entity] = await Promise.all([
      findScope(db, { id: row.scopeId }),
      findEntity(db, { id: row.entityId }),
    ]);
    if (scope && entity) recalled.push({ row, code, scope, entity });
  }
  return recalled;
}

/**
 * A legal entity's identifier as an officer or operator types it: "rcs:B123456" or
 * "RCS B123456" (the scheme, then the value). Undefined when it has no known scheme.
 */
export function parseEntityIdentifier(text: string): { scheme: string; value: string } | undefined {
  const match = /^\s*([a-z]+)\s*[:\s]\s*(\S.*?)\s*$/i.exec(text);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (!(identifierSchemes as readonly string[]).includes(scheme)) return undefined;
  return { scheme, value: match[2]!.replace(/\s+/g, '').toUpperCase() };
}

/** The legal entity an identifier as typed names ("rcs:B123456", "RCS B123456"), if known. */
export async function findEntityByIdentifier(db: Db, text: string): Promise<EntityRow | undefined> {
  const identifier = parseEntityIdentifier(text);
  return identifier ? findEntity(db, identifier) : undefined;
}

/** The scope and entity a request names; each missing when unknown. */
export async function resolveCodeTarget(db: Db, scopeCode: string, identifier: string) {
  const [scope, entity] = await Promise.all([
    findScope(db, { code: scopeCode }),
    findEntityByIdentifier(db, identifier),
  ]);
  return { scope, entity };
}

/** One code asked for by the operator (`comptoir codes issue`), from options or a CSV row. */
export type CodeOrder = { line: number; scope: string; entity: string; kind: string; expiresOn: string };

/**
 * Issues the codes of an operator's orders, all or none: every order is checked first and the
 * problems are reported with their line.
 */
export async function issueOrderedCodes(
  db: Db,
  orders: CodeOrder[],
  now: Date,
): Promise<
  { ok: true; issued: IssuedCode[] } | { ok: false; problems: { line: number; message: string }[] }
> {
  const problems: { line: number; message: string }[] = [];
  const requests: CodeRequest[] = [];
  for (const order of orders) {
    const { scope, entity } = await resolveCodeTarget(db, order.scope.trim(), order.entity);
    const kind = order.kind.trim();
    const expiresOn = order.expiresOn.trim();
    const expiresAt = expiresOn && isCalendarDay(expiresOn) ? endOfDayInLuxembourg(expiresOn) : null;
    const found = [
      scope ? '' : `scope ${order.scope} is unknown`,
      !scope || scopeIsOpen(scope.scope, now)
        ? ''
        : `the period of scope ${order.scope} ended on ${scope.scope.validUntil!.toISOString().slice(0, 10)}`,
      entity ? '' : `entity ${order.entity} is unknown (write it like rcs:B123456)`,
      kind === 'holder' || kind === 'agent' ? '' : 'kind must be holder or agent',
      !expiresOn || (expiresAt && expiresAt > now) ? '' : 'expires must be a future date like 2027-01-31',
    ].filter(Boolean);
    for (const message of found) problems.push({ line: order.line, message });
    if (found.length === 0)
      requests.push({ scope: scope!, entity: entity!, kind: kind as 'holder', expiresAt });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, issued: await inTransaction(db, (tx) => issueAccessCodes(tx, requests)) };
}
