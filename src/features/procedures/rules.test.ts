import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roles } from '../spaces/permissions.ts';
import {
  canonicalJson,
  type Event,
  events,
  formatReference,
  mayAct,
  openStates,
  parseReference,
  type State,
  snapshotOf,
  states,
  transition,
} from './rules.ts';

const plain = { policy: 'none', feeCents: 0 } as const;

/** Where each event leads from each state (policy none, no fee); a missing event is refused. */
const expected: Record<State, Partial<Record<Event, State>>> = {
  draft: { submit: 'transmitted', delete: 'deleted' },
  awaiting_signature: { sign: 'transmitted', return_to_draft: 'draft', withdraw: 'withdrawn' },
  awaiting_payment: { pay: 'transmitted', withdraw: 'withdrawn' },
  transmitted: { take_up: 'in_processing', withdraw: 'withdrawn' },
  in_processing: {
    request_information: 'information_requested',
    accept: 'accepted',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  information_requested: {
    answer_information: 'in_processing',
    accept: 'accepted',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  accepted: { close: 'closed' },
  refused: { close: 'closed' },
  closed: {},
  deleted: {},
  withdrawn: {},
};

describe('the lifecycle of a procedure', () => {
  it(`answers every event in every state (${states.length} × ${events.length})`, () => {
    for (const state of states) {
      for (const event of events) {
        const next = expected[state][event];
        const result = transition(state, event, { ...plain, signaturesGiven: 1 });
        if (next) assert.deepEqual(result, { ok: true, state: next }, `${state} + ${event}`);
        else {
          assert.equal(result.ok, false, `${state} + ${event} should be refused`);
          assert.match((result as { reason: string }).reason, new RegExp(`state ${state} cannot`));
        }
      }
    }
  });

  it('lets the eSpace withdraw exactly the open states', () => {
    const withdrawable = states.filter((s) => transition(s, 'withdraw', plain).ok);
    assert.deepEqual(new Set(withdrawable), openStates);
  });

  it('goes from submission to signature, then payment, then transmission, as the policy and fee ask', () => {
    const submit = (policy: 'none' | 'one' | 'two' | 'second-in-other-space', feeCents: number) =>
      transition('draft', 'submit', { policy, feeCents });
    assert.deepEqual(submit('none', 0), { ok: true, state: 'transmitted' });
    assert.deepEqual(submit('none', 3500), { ok: true, state: 'awaiting_payment' });
    assert.deepEqual(submit('one', 0), { ok: true, state: 'awaiting_signature' });
    assert.deepEqual(submit('second-in-other-space', 3500), { ok: true, state: 'awaiting_signature' });
    const sign = (policy: 'one' | 'two', signaturesGiven: number, feeCents = 0) =>
      transition('awaiting_signature', 'sign', { policy, feeCents, signaturesGiven });
    assert.deepEqual(sign('one', 1), { ok: true, state: 'transmitted' });
    assert.deepEqual(sign('two', 1), { ok: true, state: 'awaiting_signature' });
    assert.deepEqual(sign('two', 2), { ok: true, state: 'transmitted' });
    assert.deepEqual(sign('two', 2, 1500), { ok: true, state: 'awaiting_payment' });
  });

  it('follows rule 7: every role creates, modifies, transmits and pays; a Manager without signature does not sign', () => {
    for (const role of roles) {
      for (const act of ['create', 'modify', 'rename', 'submit', 'pay', 'delete', 'withdraw'] as const) {
        assert.equal(mayAct(role, act), true, `${role} ${act}`);
      }
    }
    assert.equal(mayAct('manager_no_signature', 'sign'), false);
    assert.equal(mayAct('manager', 'sign'), true);
    assert.equal(mayAct('administrator', 'sign'), true);
  });
});

describe('references', () => {
  it('reads as administration, year and a six-digit number', () => {
    assert.equal(formatReference('ITM', 2026, 123), 'ITM-2026-000123');
    assert.equal(formatReference('MENJE', 2027, 1), 'MENJE-2027-000001');
    assert.equal(formatReference('ITM', 2026, 1234567), 'ITM-2026-1234567');
  });

  it('refuses what would not be a reference', () => {
    assert.throws(() => formatReference('itm', 2026, 1), RangeError);
    assert.throws(() => formatReference('ITM', 26, 1), RangeError);
    assert.throws(() => formatReference('ITM', 2026, 0), RangeError);
    assert.throws(() => formatReference('ITM', 2026, 1.5), RangeError);
  });

  it('is read back as typed or dictated', () => {
    assert.deepEqual(parseReference('ITM-2026-000123'), { administration: 'ITM', year: 2026, n: 123 });
    assert.deepEqual(parseReference(' itm 2026 123 '), { administration: 'ITM', year: 2026, n: 123 });
    assert.equal(parseReference('ITM-2026'), undefined);
    assert.equal(parseReference('ITM-2026-000000'), undefined);
    assert.equal(parseReference('Maitry'), undefined);
  });
});

describe('snapshots', () => {
  const content = {
    reference: 'ITM-2026-000123',
    definition: { code: 'ITM-SE-CANDIDATES', version: 1 },
    answers: { electionDate: '2029-03-12', candidates: [{ surname: 'Maitry', firstName: 'Karine' }] },
  };

  it('hash the canonical JSON: keys sorted, no spaces', () => {
    const { json, sha256 } = snapshotOf(content);
    assert.equal(
      json,
      '{"answers":{"candidates":[{"firstName":"Karine","surname":"Maitry"}],"electionDate":"2029-03-12"},"definition":{"code":"ITM-SE-CANDIDATES","version":1},"reference":"ITM-2026-000123"}',
    );
    // Computed apart, with printf | sha256sum.
    assert.equal(sha256, '798f56b365cca7380ac3e5a8a7e34b5e4e89345d5e57883048fa2c58982eb7bb');
  });

  it('are the same whatever the order the keys were written in, and differ when a value does', () => {
    const reordered = {
      answers: { candidates: [{ firstName: 'Karine', surname: 'Maitry' }], electionDate: '2029-03-12' },
      reference: 'ITM-2026-000123',
      definition: { version: 1, code: 'ITM-SE-CANDIDATES' },
    };
    assert.equal(snapshotOf(reordered).sha256, snapshotOf(content).sha256);
    const changed = structuredClone(content);
    changed.answers.candidates[0]!.firstName = 'Karin';
    assert.notEqual(snapshotOf(changed).sha256, snapshotOf(content).sha256);
  });

  it('keep accents and leave out what JSON cannot hold', () => {
    assert.equal(canonicalJson({ b: 'Élection', a: undefined }), '{"b":"Élection"}');
    assert.throws(() => canonicalJson({ n: Number.NaN }), /NaN/);
    assert.throws(() => canonicalJson(undefined), /no JSON/);
  });
});
