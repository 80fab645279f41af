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

/** What saving the information sheet does to its notification e-mail (rule 10). */
export type NotificationEmailPlan = {
  /** The field was emptied: the address goes at once (nothing to confirm). */
  remove: boolean;
  /** A new address, to be confirmed through a link; it replaces any pending request. */
  request: string | undefined;
  /** The pending request ends (its link stops working). */
  cancel: boolean;
};

/**
 * The plan for `wanted`, the address typed, given the `current` one and the `pending` request
 * still valid (null when none or expired, so asking again for an expired address sends a new
 * link). Typing the pending address again changes nothing; typing the current address back or
 * emptying the field cancels the pending request.
 */
export function planNotificationEmail(
  current: string | null,
  pending: string | null,
  wanted: string | null,
): NotificationEmailPlan {
  if (wanted !== null && wanted === pending) return { remove: false, request: undefined, cancel: false };
  const request = wanted !== null && wanted !== current ? wanted : undefined;
  return { remove: wanted === null && current !== null, request, cancel: pending !== null && !request };
}
