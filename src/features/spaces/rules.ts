import { randomInt } from 'node:crypto';

/** Pure rules of eSpaces: identifiers. */

// No letter O and no digit 0: an identifier read over the phone is never ambiguous.
const IDENTIFIER_ALPHABET = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';
const IDENTIFIER_LENGTH = 6;

export type SpaceKind = 'private' | 'business';

/** A new eSpace identifier: PP- (private) or PM- (business) and six characters. */
export function generateSpaceIdentifier(kind: SpaceKind): string {
  let out = kind === 'private' ? 'PP-' : 'PM-';
  for (let i = 0; i < IDENTIFIER_LENGTH; i++)
    out += IDENTIFIER_ALPHABET[randomInt(IDENTIFIER_ALPHABET.length)];
  return out;
}

export const SPACE_IDENTIFIER = /^P[PM]-[A-NP-Z1-9]{6}$/;
