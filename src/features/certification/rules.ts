import { createHash, randomInt } from 'node:crypto';
import type { Lang } from '../../platform/i18n/index.ts';

/** Pure rules of certification: access codes, references, mandates' validity. */

// Crockford's base 32: no I, L, O nor U, so that a code copied from paper is not misread.
// 16 characters of 32 are 80 bits: far beyond guessing, even offline against the stored hash.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 16;

/** A new access code, 16 characters, drawn from a cryptographic source. */
export function generateAccessCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The longest access code a form takes: 16 characters and the hyphens or spaces copied from the letter. */
export const ACCESS_CODE_INPUT_MAX = 40;

/**
 * The code as typed, made canonical: case, spaces and hyphens do not matter, and the letters
 * people confuse with digits (O, I, L) read as the digits. Undefined when it cannot be a code.
 */
export function normalizeAccessCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return undefined;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return undefined;
  return code;
}

/** XXXX-XXXX-XXXX-XXXX, as printed on the letter and shown once on screen. */
export const formatAccessCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

/** Codes are stored only as their SHA-256 (a code has 80 bits: no salt or slow hash is needed). */
export const hashAccessCode = (code: string): string => createHash('sha256').update(code).digest('hex');

// The eSpace identifier alphabet (no O, no 0): a reference read over the phone is unambiguous.
const REFERENCE_ALPHABET = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';

/** A letter's public reference: the administration's code and six characters, e.g. ITM-K7Q2M9. */
export function generateReference(administrationCode: string): string {
  let out = `${administrationCode}-`;
  for (let i = 0; i < 6; i++) out += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return out;
}

export type CodeState = 'issued' | 'used' | 'revoked' | 'expired';

/** What an access code is at `now`: an issued code past its expiry is expired. */
export function codeState(
  code: { status: 'issued' | 'used' | 'revoked'; expiresAt: Date | null },
  now: Date,
): CodeState {
  if (code.status === 'issued' && code.expiresAt && code.expiresAt <= now) return 'expired';
  return code.status;
}

/** A scope takes new codes until the end of its period (a social elections mandate period). */
export const scopeIsOpen = (scope: { validUntil: Date | null }, now: Date) =>
  scope.validUntil === null || scope.validUntil > now;

/** Whether a mandate gives access at `now`: not ended, and within its scope's period. */
export const mandateIsActive = (mandate: { endedAt: Date | null; validUntil: Date | null }, now: Date) =>
  mandate.endedAt === null && scopeIsOpen(mandate, now);

/** The identifier schemes of legal entities, as shown next to their value (e.g. "RCS B123456"). */
export const identifierSchemes = ['rcs', 'structure', 'vat', 'other'] as const;
export type IdentifierScheme = (typeof identifierSchemes)[number];

/** "My business data" categories, in the order of the catalogue (the seed's order). */
export const categories = [
  'taxation',
  'urban_planning_environment',
  'agriculture_viticulture',
  'leisure',
  'social_elections',
  'education',
  'food_safety',
] as const;
export type Category = (typeof categories)[number];

/**
 * The catalogue of "My business data": the sources by category in the seed's order (empty
 * categories left out), each marked available when the eSpace holds a mandate for it.
 */
export function catalogueOf<S extends { scope: { id: string; category: string } }>(
  scopes: S[],
  available: ReadonlySet<string>,
): { category: Category; entries: (S & { available: boolean })[] }[] {
  return categories
    .map((category) => ({
      category,
      entries: scopes
        .filter((s) => s.scope.category === category)
        .map((s) => ({ ...s, available: available.has(s.scope.id) })),
    }))
    .filter((group) => group.entries.length > 0);
}

/** A name in the reader's language. */
export const nameIn = (names: { fr: string; en: string; de: string }, lang: Lang): string => names[lang];
