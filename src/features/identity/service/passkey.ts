import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialHint,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { claimAttempt, minutesAgo } from '../../../platform/throttle.ts';
import { deviceChoices, generateCertificateNumber, IP_ATTEMPTS } from '../rules.ts';
import {
  type AttemptRow,
  consumeAttempt,
  type DeviceRow,
  findActiveDevice,
  findPerson,
  insertDevice,
  listDevices,
  type PersonRow,
  updateAttempt,
  updateDevice,
} from '../store.ts';
import type { IdentityCtx } from './context.ts';

export const passkeyLabels = deviceChoices.filter((c) => c.kind === 'passkey').map((c) => c.label);
export type PasskeyLabel = (typeof passkeyLabels)[number];
export const isPasskeyLabel = (label: unknown): label is PasskeyLabel =>
  typeof label === 'string' && (passkeyLabels as string[]).includes(label);

/** What the browser should offer first for each choice of the log on page. */
const hintOf: Record<PasskeyLabel, PublicKeyCredentialHint> = {
  mobile: 'client-device',
  scan: 'hybrid',
  security_key: 'security-key',
};
const preferredTypeOf = {
  mobile: 'localDevice',
  scan: 'remoteDevice',
  security_key: 'securityKey',
} as const;

const RP_NAME = 'Comptoir';

/** The challenge of an attempt, marked with what it was issued for (log on or registration). */
type PasskeyStep = 'logon' | 'register';

async function storeChallenge(
  ctx: IdentityCtx,
  attempt: AttemptRow,
  challenge: string,
  step: PasskeyStep,
  label: PasskeyLabel,
): Promise<void> {
  await updateAttempt(ctx.db, attempt.id, {
    challenge,
    state: { ...attempt.state, passkey: step, passkeyLabel: label },
  });
}

/**
 * Takes the challenge of an attempt, once: it is cleared before the answer is checked, so an
 * assertion (or attestation) can never be checked twice against it.
 */
async function takeChallenge(
  ctx: IdentityCtx,
  attempt: AttemptRow,
  step: PasskeyStep,
): Promise<string | undefined> {
  const challenge = attempt.challenge;
  if (!challenge || attempt.state?.passkey !== step) return undefined;
  await updateAttempt(ctx.db, attempt.id, { challenge: null });
  return challenge;
}

/**
 * Passkeys prove that the person was there, not only the authenticator: user verification (a PIN
 * or a biometric on the authenticator) is asked for and required at every ceremony, so a stolen
 * security key alone opens nothing.
 */
const USER_VERIFICATION = 'required';

export type AssertionCheck =
  | { ok: true; signCount: number }
  | { ok: false; reason: 'assertion' | 'user' | 'counter' };

/**
 * Checks an assertion made by one of a person's passkey devices against a challenge this server
 * issued: signature, origin, RP ID, user verification, owner and counter. The one check of a
 * passkey proof: log on uses it, and so will signing (where the challenge is the signed hash).
 */
export async function verifyPasskeyAssertion(
  ctx: IdentityCtx,
  device: DeviceRow,
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
): Promise<AssertionCheck> {
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: ctx.config.webauthn.origin,
      expectedRPID: ctx.config.webauthn.rpId,
      requireUserVerification: true,
      credential: {
        id: device.credentialId!,
        publicKey: new Uint8Array(device.publicKey!),
        counter: device.signCount ?? 0,
        transports: (device.transports ?? []) as AuthenticatorTransport[],
      },
    });
  } catch {
    return { ok: false, reason: 'assertion' };
  }
  if (!verification.verified) return { ok: false, reason: 'assertion' };

  // The user handle, when the authenticator gives it, must be the one of the device's owner.
  const userHandle = response.response?.userHandle;
  if (userHandle) {
    const owner = await findPerson(ctx.db, device.personId);
    if (owner?.webauthnUserId !== userHandle) return { ok: false, reason: 'user' };
  }
  // A counter that does not increase betrays a cloned authenticator (0 means "not counted").
  const stored = device.signCount ?? 0;
  const next = verification.authenticationInfo.newCounter;
  if ((next !== 0 || stored !== 0) && next <= stored) return { ok: false, reason: 'counter' };
  return { ok: true, signCount: next };
}

/** Options for `navigator.credentials.get`: discoverable credentials, so no user name is asked. */
export async function passkeyLogonOptions(
  ctx: IdentityCtx,
  attempt: AttemptRow,
  label: PasskeyLabel,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: ctx.config.webauthn.rpId,
    userVerification: USER_VERIFICATION,
    allowCredentials: [],
  });
  await storeChallenge(ctx, attempt, options.challenge, 'logon', label);
  return { ...options, hints: [hintOf[label]] };
}

export type PasskeyResult =
  | { ok: true; device: DeviceRow }
  | { ok: false; reason: 'invalid' | 'throttled' | 'expired' };

/**
 * Checks a passkey assertion against the challenge of this attempt. Every attempt counts against
 * the caller's IP address, as with a token; every failure is audited.
 */
export async function verifyPasskeyLogon(
  ctx: IdentityCtx,
  attempt: AttemptRow,
  response: AuthenticationResponseJSON,
): Promise<PasskeyResult> {
  const now = nowOf(ctx);
  const ipLimit = { max: IP_ATTEMPTS.max, since: minutesAgo(IP_ATTEMPTS.windowMinutes, now) };
  if (!(await claimAttempt(ctx.db, 'logon.ip', ctx.ip ?? 'unknown', ipLimit, now))) {
    await audit(ctx.db, { action: 'logon.throttled', ip: ctx.ip, detail: { kind: 'passkey' } });
    return { ok: false, reason: 'throttled' };
  }
  const fail = async (reason: string, device?: DeviceRow, result: 'invalid' | 'expired' = 'invalid') => {
    await audit(ctx.db, {
      action: 'logon.failed',
      personId: device?.personId,
      deviceId: device?.id,
      certificateNumber: device?.certificateNumber,
      ip: ctx.ip,
      detail: { kind: 'passkey', reason },
    });
    return { ok: false, reason: result } as const;
  };

  const expectedChallenge = await takeChallenge(ctx, attempt, 'logon');
  if (!expectedChallenge) return fail('challenge', undefined, 'expired');
  const credentialId = typeof response?.id === 'string' ? response.id : '';
  if (!credentialId || credentialId.length > 1400) return fail('unknown');
  const device = await findActiveDevice(ctx.db, { credentialId });
  if (device?.kind !== 'passkey' || !device.publicKey) return fail('unknown');

  const checked = await verifyPasskeyAssertion(ctx, device, response, expectedChallenge);
  if (!checked.ok) return fail(checked.reason, device);
  const next = checked.signCount;
  await updateDevice(ctx.db, device.id, { signCount: next, lastUsedAt: now });
  return { ok: true, device: { ...device, signCount: next, lastUsedAt: now } };
}

/** Options for `navigator.credentials.create`: a discoverable credential for this person. */
export async function passkeyRegistrationOptions(
  ctx: IdentityCtx,
  person: PersonRow,
  attempt: AttemptRow,
  label: PasskeyLabel,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = (await listDevices(ctx.db, person.id)).filter(
    (d) => d.kind === 'passkey' && !d.revokedAt && d.credentialId,
  );
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: ctx.config.webauthn.rpId,
    userID: Buffer.from(person.webauthnUserId, 'base64url'),
    userName: person.email,
    userDisplayName: `${person.firstName} ${person.surname}`,
    attestationType: 'none',
    excludeCredentials: existing.map((d) => ({
      id: d.credentialId!,
      transports: (d.transports ?? []) as AuthenticatorTransport[],
    })),
    authenticatorSelection: {
      residentKey: 'required',
      userVerification: USER_VERIFICATION,
      ...(label === 'mobile' ? { authenticatorAttachment: 'platform' as const } : {}),
    },
    preferredAuthenticatorType: preferredTypeOf[label],
  });
  await storeChallenge(ctx, attempt, options.challenge, 'register', label);
  return options;
}

export type PasskeyRegistration =
  | { ok: true; device: DeviceRow }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks the new credential against the challenge of this attempt and links it to the person
 * as a device of kind passkey, with its own certificate number. The attempt is then used up.
 */
export async function verifyPasskeyRegistration(
  ctx: IdentityCtx,
  person: PersonRow,
  attempt: AttemptRow,
  response: RegistrationResponseJSON,
): Promise<PasskeyRegistration> {
  const label = attempt.state?.passkeyLabel;
  const expectedChallenge = await takeChallenge(ctx, attempt, 'register');
  const refuse = async (reason: string, result: 'invalid' | 'expired' = 'invalid') => {
    await audit(ctx.db, {
      action: 'device.add_failed',
      personId: person.id,
      ip: ctx.ip,
      detail: { kind: 'passkey', reason },
    });
    return { ok: false, reason: result } as const;
  };
  if (!expectedChallenge || !isPasskeyLabel(label)) return refuse('challenge', 'expired');
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: ctx.config.webauthn.origin,
      expectedRPID: ctx.config.webauthn.rpId,
      requireUserVerification: true,
    });
  } catch {
    return refuse('attestation');
  }
  if (!verification.verified || !verification.registrationInfo) return refuse('attestation');
  const { credential } = verification.registrationInfo;
  if (await findActiveDevice(ctx.db, { credentialId: credential.id })) return refuse('duplicate');
  if (!(await consumeAttempt(ctx.db, attempt.id))) return refuse('replay', 'expired');
  const device = await insertDevice(ctx.db, {
    personId: person.id,
    kind: 'passkey',
    label,
    certificateNumber: generateCertificateNumber(),
    credentialId: credential.id,
    publicKey: credential.publicKey,
    signCount: credential.counter,
    transports: credential.transports ?? response.response?.transports ?? [],
  });
  await audit(ctx.db, {
    action: 'device.added',
    personId: person.id,
    deviceId: device.id,
    certificateNumber: device.certificateNumber,
    ip: ctx.ip,
    detail: { kind: 'passkey', label },
  });
  return { ok: true, device };
}
