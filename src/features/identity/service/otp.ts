import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { Secret, TOTP } from 'otpauth';
import { audit } from '../../../platform/audit.ts';
import { nowOf } from '../../../platform/clock.ts';
import { randomPassword } from '../../../platform/random.ts';
import { claimAttempt, clearHits, hitsSince, minutesAgo } from '../../../platform/throttle.ts';
import { DEVICE_LOCK, generateCertificateNumber, IP_ATTEMPTS, PERSON_FAILURES_PER_HOUR } from '../rules.ts';
import { claimOtpStep, type DeviceRow, findActiveDevice, insertDevice, updateDevice } from '../store.ts';
import type { IdentityCtx } from './context.ts';

// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const PERIOD_S = 30;
const ISSUER = 'Comptoir';

export function totpFor(secretBase32: string, label = 'Comptoir'): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The current code of a token: for the demo identities page and the tests. */
export function currentCode(secretBase32: string, at = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: at });
}

export type OtpEnrolment = {
  device: DeviceRow;
  login: string;
  password: string;
  secret: string;
  otpauthUri: string;
};

/**
 * Gives a person an OTP token: a user ID, a password (returned once, stored as an argon2id
 * hash) and a TOTP secret to load in an authenticator app through its QR code.
 */
export async function enrolOtp(
  ctx: IdentityCtx,
  personId: string,
  options: { login?: string; password?: string } = {},
): Promise<OtpEnrolment> {
  const login = options.login ?? `u${String(randomInt(10_000_000)).padStart(7, '0')}`;
  const password = options.password ?? randomPassword(14);
  const secret = new Secret({ size: 20 }).base32;
  const device = await insertDevice(ctx.db, {
    personId,
    kind: 'otp',
    label: 'token',
    certificateNumber: generateCertificateNumber(),
    login,
    passwordHash: await argon2.hash(password, ARGON2),
    otpSecret: secret,
  });
  await audit(ctx.db, {
    action: 'device.added',
    personId,
    deviceId: device.id,
    certificateNumber: device.certificateNumber,
    ip: ctx.ip,
    detail: { kind: 'otp' },
  });
  return { device, login, password, secret, otpauthUri: totpFor(secret, login).toString() };
}

export type OtpResult = { ok: true; device: DeviceRow } | { ok: false; reason: 'invalid' | 'throttled' };

const DEVICE_FAILURES = 'otp.device';
const PERSON_FAILURES = 'auth.person';

/**
 * Checks a user ID, password and one-time code. Every failure gives the same answer, whether
 * the user ID exists, the password or the code is wrong, the code was already used, or the
 * device is locked (5 failures in 15 minutes lock it for 15 minutes; 100 failures an hour lock
 * the person). Attempts are also limited per IP address.
 *
 * Each check is counted before it is made, in one step with the decision to make it
 * (`claimAttempt`): a burst of parallel guesses gets no more checks than the limit. A success
 * forgets the device's and the person's counts, so they count failures since the last success.
 */
export async function verifyOtpLogon(
  ctx: IdentityCtx,
  input: { login: string; password: string; code: string },
): Promise<OtpResult> {
  const now = nowOf(ctx);
  const ip = ctx.ip ?? 'unknown';
  const ipLimit = { max: IP_ATTEMPTS.max, since: minutesAgo(IP_ATTEMPTS.windowMinutes, now) };
  if (!(await claimAttempt(ctx.db, 'logon.ip', ip, ipLimit, now))) {
    await audit(ctx.db, { action: 'logon.throttled', ip: ctx.ip, detail: { kind: 'otp' } });
    return { ok: false, reason: 'throttled' };
  }

  const device = await findActiveDevice(ctx.db, { login: input.login.trim() });
  if (device?.kind !== 'otp' || !device.passwordHash || !device.otpSecret) {
    await audit(ctx.db, { action: 'logon.failed', ip: ctx.ip, detail: { kind: 'otp', reason: 'unknown' } });
    return { ok: false, reason: 'invalid' };
  }
  const deviceWindow = minutesAgo(DEVICE_LOCK.windowMinutes, now);
  const admitted =
    !(device.lockedUntil !== null && device.lockedUntil > now) &&
    (await claimAttempt(
      ctx.db,
      DEVICE_FAILURES,
      device.id,
      { max: DEVICE_LOCK.failures, since: deviceWindow },
      now,
    )) &&
    (await claimAttempt(
      ctx.db,
      PERSON_FAILURES,
      device.personId,
      { max: PERSON_FAILURES_PER_HOUR, since: minutesAgo(60, now) },
      now,
    ));

  const fail = async (reason: string) => {
    // The failure that reaches the limit locks the device for the full lock time from now.
    if (
      admitted &&
      (await hitsSince(ctx.db, DEVICE_FAILURES, device.id, deviceWindow)) >= DEVICE_LOCK.failures
    ) {
      await updateDevice(ctx.db, device.id, {
        lockedUntil: new Date(now.getTime() + DEVICE_LOCK.lockMinutes * 60_000),
      });
    }
    await audit(ctx.db, {
      action: 'logon.failed',
      personId: device.personId,
      deviceId: device.id,
      certificateNumber: device.certificateNumber,
      ip: ctx.ip,
      detail: { kind: 'otp', reason },
    });
    return { ok: false, reason: 'invalid' } as const;
  };

  if (!admitted) return fail('locked');
  // The cheap code check comes first and the costly password hash only once the code is right:
  // an unknown user ID and a wrong code then answer alike and fast, and guessing burns no CPU.
  const code = input.code.replace(/\s/g, '');
  const delta = /^\d{6}$/.test(code)
    ? totpFor(device.otpSecret).validate({ token: code, timestamp: now.getTime(), window: 1 })
    : null;
  if (delta === null) return fail('code');
  if (!(await argon2.verify(device.passwordHash, input.password))) return fail('password');
  const step = Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
  if (!(await claimOtpStep(ctx.db, device.id, step))) return fail('replay');
  await clearHits(ctx.db, DEVICE_FAILURES, device.id);
  await clearHits(ctx.db, PERSON_FAILURES, device.personId);
  return { ok: true, device };
}
