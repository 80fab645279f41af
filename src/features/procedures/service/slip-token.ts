import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Db } from '../../../platform/db.ts';
import {
  activeSigningKey,
  insertSigningKey,
  publicSigningKeys,
  type SigningKeyRow,
} from '../store/transmissions.ts';

/**
 * The signed token a transmission slip's QR code holds: a JWT signed with the platform's Ed25519
 * key (EdDSA), saying which reference was transmitted, when, and the SHA-256 of its snapshot.
 * Anyone holding the published public keys checks it offline (docs/procedures.md).
 */

const ALGORITHM = 'EdDSA';
/** The token's type, so that no other JWT the portal might sign passes for a slip's. */
const TYPE = 'comptoir-slip+jwt';

export type SlipClaims = { reference: string; sha256: string; transmittedAt: Date };

/** The key that signs, made and stored if there is none yet (a private key never leaves the database). */
async function signingKey(db: Db): Promise<SigningKeyRow> {
  const existing = await activeSigningKey(db);
  if (existing) return existing;
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  await insertSigningKey(db, {
    kid,
    publicJwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' },
    privateJwk: await exportJWK(privateKey),
  });
  return (await activeSigningKey(db))!;
}

/** Makes sure a signing key exists: the portal calls it at start, so that the public key can be published at once. */
export async function ensureSigningKey(db: Db): Promise<void> {
  await signingKey(db);
}

export async function signSlipToken(db: Db, issuer: string, claims: SlipClaims): Promise<string> {
  const key = await signingKey(db);
  const privateKey = await importJWK({ ...key.privateJwk, alg: ALGORITHM }, ALGORITHM);
  return new SignJWT({ sha256: claims.sha256 })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: TYPE })
    .setIssuer(issuer)
    .setSubject(claims.reference)
    .setIssuedAt(Math.floor(claims.transmittedAt.getTime() / 1000))
    .sign(privateKey);
}

/** The public keys as a JSON Web Key Set: what `/.well-known/jwks.json` publishes. */
export async function slipKeySet(db: Db): Promise<JSONWebKeySet> {
  const keys = await publicSigningKeys(db);
  return { keys: keys.map((key) => key.publicJwk) };
}

/** The claims of a token signed by one of the platform's keys, or undefined for any other string. */
export async function readSlipToken(db: Db, token: string): Promise<SlipClaims | undefined> {
  if (token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await slipKeySet(db)), {
      algorithms: [ALGORITHM],
      typ: TYPE,
      requiredClaims: ['sub', 'iat', 'sha256'],
    });
    if (typeof payload.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(payload.sha256)) return undefined;
    return {
      reference: payload.sub!,
      sha256: payload.sha256,
      transmittedAt: new Date(payload.iat! * 1000),
    };
  } catch {
    return undefined;
  }
}
