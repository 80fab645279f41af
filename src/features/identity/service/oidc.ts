import { timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { audit } from '../../../platform/audit.ts';
import type { Config } from '../../../platform/config.ts';
import { inTransaction } from '../../../platform/db.ts';
import { type Lang, langOr } from '../../../platform/i18n/index.ts';
import { generateCertificateNumber } from '../rules.ts';
import { type AttemptRow, type DeviceRow, findActiveDevice, insertDevice, updateAttempt } from '../store.ts';
import type { IdentityCtx } from './context.ts';
import { createPerson } from './persons.ts';

type OidcConfig = NonNullable<Config['oidc']>;

/** Why an OIDC log on failed: each has a translated message under identity.oidc.errors. */
export type OidcFailure = 'provider' | 'state' | 'verification' | 'claims' | 'unavailable';

export class OidcLogonError extends Error {
  constructor(readonly reason: OidcFailure) {
    super(`OIDC log on failed: ${reason}`);
    this.name = 'OidcLogonError';
  }
}

/** Keys of the attempt's `state` this flow owns (the rest, such as a passkey step, is kept). */
const KEYS = { verifier: 'oidcVerifier', state: 'oidcState', nonce: 'oidcNonce' } as const;

export const OIDC_CALLBACK_PATH = '/logon/oidc/callback';
const SCOPE = 'openid profile email';

// One discovery per provider and process; a failure is not cached, so the next log on retries.
const discovered = new Map<string, Promise<client.Configuration>>();

function providerConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}\n${oidc.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    const insecure = new URL(oidc.issuer).protocol === 'http:';
    pending = client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      oidc.clientSecret,
      undefined,
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    discovered.set(key, pending);
    pending.catch(() => {
      if (discovered.get(key) === pending) discovered.delete(key);
    });
  }
  return pending;
}

function oidcOf(ctx: IdentityCtx): OidcConfig {
  if (!ctx.config.oidc) throw new OidcLogonError('unavailable');
  return ctx.config.oidc;
}

/** The redirect URI registered with the provider. */
export const redirectUriOf = (config: Config) => `${config.baseUrl}${OIDC_CALLBACK_PATH}`;

/**
 * Starts the authorization code flow with PKCE, state and nonce for a log on attempt: the
 * secrets are kept in the attempt, and the URL of the provider's authorization page is returned.
 */
export async function startOidcLogon(ctx: IdentityCtx, attempt: AttemptRow): Promise<URL> {
  const oidc = oidcOf(ctx);
  let configuration: client.Configuration;
  try {
    configuration = await providerConfiguration(oidc);
  } catch {
    throw new OidcLogonError('unavailable');
  }
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await updateAttempt(ctx.db, attempt.id, {
    state: { ...attempt.state, [KEYS.verifier]: verifier, [KEYS.state]: state, [KEYS.nonce]: nonce },
  });
  return client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUriOf(ctx.config),
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the `state` the provider sent back is the one stored in this attempt. */
export function attemptMatchesState(attempt: AttemptRow | undefined, state: string | undefined): boolean {
  const expected = attempt?.state?.[KEYS.state];
  return Boolean(expected && state && state.length <= 200 && sameText(expected, state));
}

/** Drops the flow's secrets from the attempt: a code, state or nonce is good for one try. */
async function forgetOidcState(ctx: IdentityCtx, attempt: AttemptRow): Promise<void> {
  const { [KEYS.verifier]: _v, [KEYS.state]: _s, [KEYS.nonce]: _n, ...rest } = attempt.state ?? {};
  await updateAttempt(ctx.db, attempt.id, { state: rest });
}

/** Records a failed OIDC log on (never with tokens or claims) and throws. */
export async function failOidcLogon(
  ctx: IdentityCtx,
  attempt: AttemptRow | undefined,
  reason: OidcFailure,
  providerError?: string,
): Promise<never> {
  if (attempt) await forgetOidcState(ctx, attempt);
  const detail: Record<string, unknown> = { kind: 'oidc', reason };
  if (providerError) detail.error = providerError.replace(/[^\w.-]/g, '').slice(0, 64);
  await audit(ctx.db, { action: 'logon.failed', ip: ctx.ip, detail });
  throw new OidcLogonError(reason);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : undefined;

/**
 * Ends the flow at the callback: the code is exchanged (PKCE, state, nonce and the ID token
 * are checked by openid-client), then the provider's subject is found, or linked to a new
 * person on a first log on. A subject whose device was revoked logs on as a first time: it
 * never opens the person who revoked it again. Throws an OidcLogonError when the provider's
 * answer does not do.
 */
export async function finishOidcLogon(
  ctx: IdentityCtx,
  attempt: AttemptRow,
  currentUrl: URL,
): Promise<DeviceRow> {
  const oidc = oidcOf(ctx);
  const stored = attempt.state ?? {};
  const verifier = stored[KEYS.verifier];
  const expectedState = stored[KEYS.state];
  const expectedNonce = stored[KEYS.nonce];
  if (!verifier || !expectedState || !expectedNonce) return failOidcLogon(ctx, attempt, 'state');

  let claims: Record<string, unknown>;
  try {
    const configuration = await providerConfiguration(oidc);
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: verifier,
      expectedState,
      expectedNonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims?.sub) throw new Error('no subject');
    claims = { ...idClaims };
    const missing = !claims.email || !(claims.given_name || claims.family_name);
    if (missing && configuration.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims };
    }
  } catch {
    return failOidcLogon(ctx, attempt, 'verification');
  }
  await forgetOidcState(ctx, attempt);

  const issuer = oidc.issuer;
  const subject = String(claims.sub);
  const known = await findActiveDevice(ctx.db, { oidc: [issuer, subject] });
  if (known) return known;

  const email = text(claims.email);
  if (!email) return failOidcLogon(ctx, undefined, 'claims');
  const localPart = email.split('@')[0] || email;
  try {
    return await linkSubject(ctx, issuer, subject, {
      surname: text(claims.family_name) ?? localPart,
      firstName: text(claims.given_name) ?? localPart,
      email,
      preferredLang: langOr(text(claims.locale)?.slice(0, 2).toLowerCase()),
    });
  } catch (error) {
    // Two first log ons of the same subject at once: the unique index lets one win.
    const raced = await findActiveDevice(ctx.db, { oidc: [issuer, subject] });
    if (raced) return raced;
    // Anything else is a fault of ours, not of the provider's claims: the error page with its
    // reference says so, and the log keeps the cause.
    throw error;
  }
}

/** A first log on: the person and their OIDC device, in one transaction. */
async function linkSubject(
  ctx: IdentityCtx,
  issuer: string,
  subject: string,
  person: { surname: string; firstName: string; email: string; preferredLang: Lang },
): Promise<DeviceRow> {
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const created = await createPerson(txCtx, person);
    const device = await insertDevice(txCtx.db, {
      personId: created.id,
      kind: 'oidc',
      label: 'oidc',
      certificateNumber: generateCertificateNumber(),
      oidcIssuer: issuer,
      oidcSubject: subject,
    });
    await audit(txCtx.db, {
      action: 'device.added',
      personId: created.id,
      deviceId: device.id,
      certificateNumber: device.certificateNumber,
      ip: ctx.ip,
      detail: { kind: 'oidc' },
    });
    return device;
  });
}
