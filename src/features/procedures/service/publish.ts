import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { type Db, inTransaction } from '../../../platform/db.ts';
import { languages, translator } from '../../../platform/i18n/index.ts';
import { registryRefs } from '../../certification/service/registry.ts';
import type { Definition } from '../definition/types.ts';
import { checkDefinition } from '../definition/validate.ts';
import { snapshotOf } from '../rules.ts';
import { searchTextOf } from '../search.ts';
import {
  claimDemoDefinition,
  type DefinitionRow,
  findDefinition,
  insertDefinition,
  latestVersion,
  listDefinitions,
  lockDefinition,
  setClosingDate,
} from '../store/definitions.ts';

/**
 * Publishing procedure definitions (docs/procedures.md, "Publishing"): a checked file becomes
 * an immutable `{code, version}`; the only later change is its closing date. Used by
 * `comptoir procedures publish|close|list` and by the demo; the back office's catalogue editors
 * will call the same functions with their person.
 */

/** Who publishes: the operator's CLI (no person) or, later, a catalogue editor. */
export type PublishCtx = { db: Db; now?: Date | undefined; personId?: string | null | undefined };

export type PublishOutcome =
  | { status: 'published' | 'already'; code: string; version: number }
  /** Problems each start with the JSON pointer of the place at fault, as checkDefinition's. */
  | { status: 'refused'; problems: string[] };

/** The codes a file names, read before it is checked, to look them up in the registries. */
function namedCodes(json: unknown): { administration?: string; scope?: string } {
  const file = (json ?? {}) as { administration?: unknown; certificationScope?: unknown };
  return {
    ...(typeof file.administration === 'string' && { administration: file.administration }),
    ...(typeof file.certificationScope === 'string' && { scope: file.certificationScope }),
  };
}

const themeLabels = (definition: Definition) =>
  languages.map((lang) => translator(lang)(`procedures.theme.${definition.theme}`));

/**
 * Checks a definition file against its schema, its rules and the registries (its administration
 * and certification scope must exist), then publishes it. The same `{code, version}` published
 * again with the same content is "already" (nothing changes, except that the operator's
 * publishing of a file the demo published makes it theirs); with other content it is refused:
 * a published version never changes. Versions of a code are published in order, without gaps,
 * so that the newest is always the latest number.
 */
export async function publishDefinition(
  ctx: PublishCtx,
  json: unknown,
  { demo = false }: { demo?: boolean } = {},
): Promise<PublishOutcome> {
  const codes = namedCodes(json);
  const refs = codes.administration
    ? await registryRefs(ctx.db, { administration: codes.administration, scope: codes.scope })
    : {};
  const checked = checkDefinition(json, {
    administrations: new Set(refs.administration ? [refs.administration.code] : []),
    scopes: new Set(refs.scope ? [refs.scope.code] : []),
  });
  if (!checked.ok) return { status: 'refused', problems: checked.problems };
  const definition = checked.definition;
  const { code, version } = definition;
  const snapshot = snapshotOf(definition);

  return inTransaction(ctx.db, async (tx) => {
    // A concurrent publishing of the same version may win the insert: then compare with it.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const existing = await findDefinition(tx, code, version);
      if (existing) return samePublished(tx, existing, snapshot.sha256, demo);
      const latest = (await latestVersion(tx, code)) ?? 0;
      if (version !== latest + 1) {
        return {
          status: 'refused',
          problems: [
            latest === 0
              ? `/version: ${code} has no published version yet: publish it as version 1`
              : `/version: ${code} is published up to version ${latest}: publish this one as version ${latest + 1}`,
          ],
        };
      }
      const row = await insertDefinition(tx, {
        code,
        version,
        administrationId: refs.administration!.id,
        audience: definition.audience,
        scopeId: refs.scope?.id ?? null,
        theme: definition.theme,
        definition: JSON.parse(snapshot.json) as Definition,
        sha256: snapshot.sha256,
        searchText: searchTextOf(definition, themeLabels(definition)),
        publishedAt: nowOf(ctx),
        publishedBy: ctx.personId ?? null,
        demo,
      });
      if (row) {
        await audit(tx, {
          action: 'procedures.published',
          personId: ctx.personId,
          detail: { code, version, sha256: snapshot.sha256, ...(demo && { demo }) },
        });
        return { status: 'published', code, version };
      }
    }
    throw new Error(`${code} v${version} could not be published nor read`);
  });
}

async function samePublished(
  tx: Db,
  existing: DefinitionRow,
  sha256: string,
  demo: boolean,
): Promise<PublishOutcome> {
  const { code, version } = existing;
  if (existing.sha256 !== sha256) {
    const next = ((await latestVersion(tx, code)) ?? version) + 1;
    return {
      status: 'refused',
      problems: [
        `/version: ${code} v${version} is already published with other content; a published version never changes: publish it as version ${next}`,
      ],
    };
  }
  if (existing.demo && !demo) await claimDemoDefinition(tx, existing.id);
  return { status: 'already', code, version };
}

export type CloseOutcome =
  | { status: 'unknown' }
  /** Set now, or moved (`previous` was the date before). */
  | { status: 'set'; closesAt: Date; previous: Date | null }
  /** That very closing date was already set. */
  | { status: 'unchanged'; closesAt: Date }
  | { status: 'inPast'; now: Date }
  | { status: 'alreadyClosed'; closedAt: Date };

/**
 * Gives a version a closing date: from then on it leaves the catalogue and its drafts move to
 * the newest version when resumed. The date is now or later (a date in the past would rewrite
 * what people saw); a date still to come may be moved, earlier or later; a closed version never
 * reopens.
 */
export async function closeVersion(
  ctx: PublishCtx,
  input: { code: string; version: number; at: Date },
): Promise<CloseOutcome> {
  const now = nowOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    // Locked: two operators closing at once decide one after the other.
    const existing = await lockDefinition(tx, input.code, input.version);
    if (!existing) return { status: 'unknown' };
    if (existing.closesAt && existing.closesAt <= now) {
      return existing.closesAt.getTime() === input.at.getTime()
        ? { status: 'unchanged', closesAt: existing.closesAt }
        : { status: 'alreadyClosed', closedAt: existing.closesAt };
    }
    if (input.at < now) return { status: 'inPast', now };
    if (existing.closesAt?.getTime() === input.at.getTime())
      return { status: 'unchanged', closesAt: input.at };
    await setClosingDate(tx, existing.id, input.at);
    await audit(tx, {
      action: 'procedures.closing_set',
      personId: ctx.personId,
      detail: {
        code: input.code,
        version: input.version,
        closesAt: input.at.toISOString(),
        previous: existing.closesAt?.toISOString() ?? null,
      },
    });
    return { status: 'set', closesAt: input.at, previous: existing.closesAt };
  });
}

/** How many versions the operator's list reads at a time. */
export const LIST_PAGE = 500;

/**
 * Every published version, in code and version order, a page at a time after `after`
 * (the operator's `comptoir procedures list`).
 */
export function publishedVersions(ctx: PublishCtx, after?: { code: string; version: number }) {
  return listDefinitions(ctx.db, after, LIST_PAGE);
}
