import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planNotificationEmail } from './rules.ts';

describe('planNotificationEmail: what saving the sheet does to the notification e-mail', () => {
  const cases: [
    string,
    string | null,
    string | null,
    string | null,
    ReturnType<typeof planNotificationEmail>,
  ][] = [
    // [case, current, pending (valid), typed, plan]
    ['nothing typed, nothing set', null, null, null, { remove: false, request: undefined, cancel: false }],
    [
      'the current address kept',
      'a@x.lu',
      null,
      'a@x.lu',
      { remove: false, request: undefined, cancel: false },
    ],
    ['a new address', 'a@x.lu', null, 'b@x.lu', { remove: false, request: 'b@x.lu', cancel: false }],
    ['the field emptied', 'a@x.lu', null, null, { remove: true, request: undefined, cancel: false }],
    [
      'the pending address again',
      'a@x.lu',
      'b@x.lu',
      'b@x.lu',
      { remove: false, request: undefined, cancel: false },
    ],
    [
      'another new address',
      'a@x.lu',
      'b@x.lu',
      'c@x.lu',
      { remove: false, request: 'c@x.lu', cancel: false },
    ],
    [
      'the current address typed back',
      'a@x.lu',
      'b@x.lu',
      'a@x.lu',
      { remove: false, request: undefined, cancel: true },
    ],
    [
      'emptied while one is pending',
      'a@x.lu',
      'b@x.lu',
      null,
      { remove: true, request: undefined, cancel: true },
    ],
    [
      'emptied, none set, one pending',
      null,
      'b@x.lu',
      null,
      { remove: false, request: undefined, cancel: true },
    ],
  ];
  for (const [label, current, pending, typed, plan] of cases) {
    it(label, () => assert.deepEqual(planNotificationEmail(current, pending, typed), plan));
  }
});
