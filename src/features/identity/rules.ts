import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * Pure rules of identity: certificate numbers, session identifiers, tokens, session lifetime,
 * lockouts. No I/O here.
 */

/** Groups of a certificate number as the seeds print it ("2 2021000 100 20 0000000"). */
const CERTIFICATE_GROUPS = [1, 7, 3, 2, 7];

/** Luhn check digit of a string of digits, so that a mistyped number is caught at once. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A new certificate number: 20 digits, starting with 2, the last one a Luhn check digit. */
export function generateCertificateNumber(): string {
  let body = '2';
  while (body.length < 19) body += String(randomInt(10));
  return body + luhnDigit(body);
}

/** The longest user ID, password and one-time code the token log on form takes. */
export const TOKEN_LOGON_LIMITS = { login: 64, password: 128, code: 10 } as const;

/** The longest certificate number a form takes: 20 digits with the spaces, dots or dashes that group them. */
export const CERTIFICATE_NUMBER_INPUT_MAX = 40;

/** Accepts spaces, dots and dashes as people type them; returns the 20 digits or undefined. */
export function parseCertificateNumber(input: string): string | undefined {
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d{20}$/.test(digits)) return undefined;
  return luhnDigit(digits.slice(0, 19)) === digits[19] ? digits : undefined;
}

export function formatCertificateNumber(digits: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of CERTIFICATE_GROUPS) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}

// No I/O/0/1 confusion on screen.
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The short session identifier shown during a log on, like "BS5507". */
export function generateDisplayId(): string {
  const letter = () => LETTERS[randomInt(LETTERS.length)];
  return `${letter()}${letter()}${String(randomInt(10_000)).padStart(4, '0')}`;
}

/** A random secret of 256 bits for cookies and tickets (the issue asks for at least 128). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: a database leak does not open sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export type SessionTimes = { lastSeenAt: Date; expiresAt: Date; endedAt: Date | null };

/** Whether a session still lets its holder in at `now`. */
export function sessionIsLive(session: SessionTimes, now: Date, idleMinutes: number): boolean {
  if (session.endedAt) return false;
  if (now >= session.expiresAt) return false;
  return now.getTime() - session.lastSeenAt.getTime() < idleMinutes * 60_000;
}

/** Failures allowed on one device before it is locked, and for how long. */
export const DEVICE_LOCK = { failures: 5, windowMinutes: 15, lockMinutes: 15 };
/** Failures allowed per person per hour, whatever the device. */
export const PERSON_FAILURES_PER_HOUR = 100;
/** Log on attempts per IP address per 10 minutes. */
export const IP_ATTEMPTS = { max: 30, windowMinutes: 10 };

/** How long a log on in progress (its session identifier) stays valid. */
export const LOGON_ATTEMPT_MINUTES = 10;
/** How recent a proof of holding a device must be to link another one. */
export const REAUTH_MINUTES = 5;

/** The device choices of the log on page, as the seed lists them, and the protocol behind each. */
export const deviceChoices = [
  { label: 'token', kind: 'otp' },
  { label: 'smartcard', kind: 'certificate' },
  { label: 'signing_stick', kind: 'certificate' },
  { label: 'eid', kind: 'certificate' },
  { label: 'scan', kind: 'passkey' },
  { label: 'mobile', kind: 'passkey' },
  { label: 'security_key', kind: 'passkey' },
] as const;
export type DeviceLabel = (typeof deviceChoices)[number]['label'] | 'oidc';
