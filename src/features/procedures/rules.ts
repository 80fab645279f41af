import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { procedureStates } from '../../db/schema/procedures.ts';
import { type Action, can, type Role } from '../spaces/permissions.ts';
import type { SignaturePolicy } from './definition/types.ts';

/**
 * The pure rules of procedures: the lifecycle (DESIGN.md "Procedures" → Lifecycle), who may act,
 * the reference people read out on the phone, and the frozen snapshot with its SHA-256.
 */

/**
 * Every state of the lifecycle, in its order. The list lives with the table whose `status`
 * column holds it (the schema imports no feature).
 */
export const states = procedureStates;
export type State = (typeof states)[number];

/** What members of the eSpace do to a procedure. */
export const spaceEvents = [
  /** "Read and approved", then "Transmit" (or "Ask for signature" when the policy needs one). */
  'submit',
  'sign',
  'pay',
  /** A signer sends the frozen answers back to be changed. */
  'return_to_draft',
  'delete',
  'withdraw',
  'answer_information',
] as const;
/** What officers of the administration do to it. */
export const administrationEvents = ['take_up', 'request_information', 'accept', 'refuse', 'close'] as const;
export const events = [...spaceEvents, ...administrationEvents] as const;
export type Event = (typeof events)[number];

/** Sent or on its way, and not decided: the eSpace may still withdraw it. */
export const openStates: ReadonlySet<State> = new Set([
  'awaiting_signature',
  'awaiting_payment',
  'transmitted',
  'in_processing',
  'information_requested',
]);

/** Signatures a policy asks for; the second one of `second-in-other-space` comes from another eSpace. */
export const signaturesRequired = (policy: SignaturePolicy): number =>
  policy === 'none' ? 0 : policy === 'one' ? 1 : 2;

/** What decides where a submission or a signature leads. */
export type Circumstances = {
  policy: SignaturePolicy;
  feeCents: number;
  /** Signatures given, this one included (for `sign`). */
  signaturesGiven?: number;
};

/** After the signatures: payment if there is a fee, else straight to the administration. */
const afterSignatures = (c: Circumstances): State => (c.feeCents > 0 ? 'awaiting_payment' : 'transmitted');

type Next = State | ((c: Circumstances) => State);

const table: Partial<Record<State, Partial<Record<Event, Next>>>> = {
  draft: {
    submit: (c) => (signaturesRequired(c.policy) > 0 ? 'awaiting_signature' : afterSignatures(c)),
    delete: 'deleted',
  },
  awaiting_signature: {
    sign: (c) =>
      (c.signaturesGiven ?? 0) < signaturesRequired(c.policy) ? 'awaiting_signature' : afterSignatures(c),
    return_to_draft: 'draft',
    withdraw: 'withdrawn',
  },
  awaiting_payment: { pay: 'transmitted', withdraw: 'withdrawn' },
  transmitted: { take_up: 'in_processing', withdraw: 'withdrawn' },
  in_processing: {
    request_information: 'information_requested',
    accept: 'accepted',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  // The clock stops while information is requested; the officer may still decide (no answer came).
  information_requested: {
    answer_information: 'in_processing',
    accept: 'accepted',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  accepted: { close: 'closed' },
  refused: { close: 'closed' },
};

export type Transition = { ok: true; state: State } | { ok: false; reason: string };

/** The state an event leads to from `state`, or why it cannot happen now. */
export function transition(state: State, event: Event, circumstances: Circumstances): Transition {
  const next = table[state]?.[event];
  if (next === undefined)
    return { ok: false, reason: `a procedure in state ${state} cannot ${event.replace(/_/g, ' ')}` };
  return { ok: true, state: typeof next === 'function' ? next(circumstances) : next };
}

/** What a member does to a procedure: its events, and starting one, changing its answers, renaming it. */
export type SpaceAct = 'create' | 'modify' | 'rename' | (typeof spaceEvents)[number];

/**
 * Rule 7: every role creates, modifies, submits, pays and withdraws (with the policy `none`,
 * submitting transmits); only a Manager or an Administrator signs.
 */
export const rightFor = (act: SpaceAct): Action => (act === 'sign' ? 'procedure.sign' : 'procedure.edit');

/** Whether an active member with `role` may do `act` (permissions.ts decides rights). */
export const mayAct = (role: Role, act: SpaceAct): boolean => can(role, rightFor(act));

const administrationCode = /^[A-Z][A-Z0-9]{1,15}$/;

/**
 * The reference of a transmitted procedure, e.g. ITM-2026-000123: the administration, the year
 * and a counter per administration and year, six digits (more once past a million).
 */
export function formatReference(administration: string, year: number, n: number): string {
  if (!administrationCode.test(administration))
    throw new RangeError(`not an administration code: ${administration}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`not a year: ${year}`);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`not a reference number: ${n}`);
  return `${administration}-${year}-${String(n).padStart(6, '0')}`;
}

/** A reference as typed or dictated ("itm 2026 123" too), or undefined when it is not one. */
export function parseReference(
  typed: string,
): { administration: string; year: number; n: number } | undefined {
  const match = /^([A-Z][A-Z0-9]{1,15})[\s-]+(\d{4})[\s-]+(\d{1,15})$/.exec(typed.trim().toUpperCase());
  if (!match) return undefined;
  const n = Number(match[3]);
  return n >= 1 ? { administration: match[1]!, year: Number(match[2]), n } : undefined;
}

/**
 * Canonical JSON (RFC 8785: keys sorted, no spaces, numbers as ECMAScript writes them): the
 * same content always gives the same bytes, whatever the order its keys were written in.
 */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('no JSON for this value');
  return json;
}

/** A snapshot of what was transmitted, and its SHA-256 (hex): what the slip and its token vouch for. */
export function snapshotOf(content: unknown): { json: string; sha256: string } {
  const json = canonicalJson(content);
  return { json, sha256: createHash('sha256').update(json, 'utf8').digest('hex') };
}
