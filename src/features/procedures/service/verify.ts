import { createHash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Db } from '../../../platform/db.ts';
import type { Texts } from '../definition/types.ts';
import { definitionById, findDefinition } from '../store/definitions.ts';
import { findTransmission } from '../store/transmissions.ts';
import { readSlipToken, slipKeySet } from './slip-token.ts';

/**
 * Checking a transmission slip (the `/verify` page and its QR code): the token must be signed by
 * one of the platform's keys, and the snapshot kept under its reference must still have the
 * SHA-256 the token names. The answer says no more than the slip itself shows to whoever holds it.
 */

export type SlipVerdict =
  | {
      genuine: true;
      reference: string;
      transmittedAt: Date;
      /** The SHA-256 of the answers transmitted, as printed on the slip. */
      sha256: string;
      /** The procedure's code, version and title, as the slip prints them. */
      procedure: { code: string; version: number; title: Texts };
      /** The administration it was transmitted to, named as on the slip's letterhead. */
      administration: { code: string; names: Texts };
    }
  | { genuine: false };

export async function verifySlip(ctx: { db: Db }, token: string): Promise<SlipVerdict> {
  const claims = await readSlipToken(ctx.db, token.trim());
  if (!claims) return { genuine: false };
  const kept = await findTransmission(ctx.db, { reference: claims.reference });
  if (!kept) return { genuine: false };
  const hash = createHash('sha256').update(kept.snapshot, 'utf8').digest('hex');
  if (kept.sha256 !== claims.sha256 || hash !== claims.sha256) return { genuine: false };
  const { procedure } = JSON.parse(kept.snapshot) as { procedure: { code: string; version: number } };
  // A published version never changes nor goes while a transmission refers to it.
  const published = await findDefinition(ctx.db, procedure.code, procedure.version);
  const version = published && (await definitionById(ctx.db, published.id));
  if (!version) return { genuine: false };
  return {
    genuine: true,
    reference: kept.reference,
    transmittedAt: kept.transmittedAt,
    sha256: kept.sha256,
    procedure: {
      code: procedure.code,
      version: procedure.version,
      title: version.definition.definition.title,
    },
    administration: { code: version.administration.code, names: version.administration.names },
  };
}

/** The public keys that sign slips, for anyone to check one offline (`/.well-known/jwks.json` publishes them). */
export const slipPublicKeys = (ctx: { db: Db }): Promise<JSONWebKeySet> => slipKeySet(ctx.db);
