import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moveAnswers } from './move.ts';
import { catalogueDefinition, defined, field, step } from './testing.ts';

describe('moving a draft to a newer version', () => {
  it('keeps what still exists and validates in the announcement v2, and marks the steps that changed', () => {
    const v1 = catalogueDefinition('itm-se-announce.v1.json');
    const v2 = catalogueDefinition('itm-se-announce.v2.json');
    const company = {
      companyName: 'Maitry Bâtiment SARL',
      companyId: 'B100001',
      companyAddress: {
        street: '12, rue de Hollerich',
        postcode: 'L-1740',
        city: 'Luxembourg',
        country: 'Luxembourg',
      },
      employeeCount: 48,
    };
    const answers = {
      ...company,
      electionDate: '2029-03-12',
      delegatesCount: 2,
      existingDelegation: true,
      previousElectionDate: '2024-03-12',
      votingMethod: 'postal',
      contactName: 'Karine Maitry',
      contactEmail: 'karine.maitry@maitry.lu',
      contactPhone: '+352 247 76100',
    };
    const moved = moveAnswers(v1, v2, answers);
    assert.deepEqual(moved.answers, {
      ...company,
      electionDate: '2029-03-12',
      delegatesCount: 2,
      existingDelegation: true,
      previousElectionDate: '2024-03-12',
      contactName: 'Karine Maitry',
      contactEmail: 'karine.maitry@maitry.lu',
    });
    assert.deepEqual(moved.changedSteps, ['elections', 'contact']);
    // The draft's own answers are left as they were.
    assert.equal(answers.votingMethod, 'postal');
  });

  const v1 = defined([
    step('one', [
      field('count', 'number', { max: 100 }),
      field('label', 'text'),
      field('hidden', 'text', { when: { '==': [{ var: 'count' }, 0] } }),
    ]),
    step('two', [
      field('people', 'group', {
        fields: [field('surname', 'text'), field('age', 'number', { max: 120 }), field('gone', 'text')],
      }),
    ]),
    step('three', [field('note', 'textarea')]),
  ]);
  const v2 = defined([
    step('one', [
      field('count', 'number', { max: 10 }),
      field('label', 'number'),
      field('hidden', 'text', { when: { '==': [{ var: 'count' }, 0] } }),
    ]),
    step('two', [
      field('people', 'group', { fields: [field('surname', 'text'), field('age', 'number', { max: 99 })] }),
      field('newRequired', 'text', { required: true }),
    ]),
    step('three', [field('note', 'textarea')]),
  ]);

  it('lets go of values that no longer validate, item by item in a group, and keeps answers of hidden fields', () => {
    const moved = moveAnswers(v1, v2, {
      count: 50,
      label: 'text, now a number',
      hidden: 'typed before the count changed',
      people: [
        { surname: 'Thill', age: 110, gone: 'x' },
        { surname: 'Weber', age: 40 },
      ],
      note: 'unchanged',
    });
    assert.deepEqual(moved.answers, {
      hidden: 'typed before the count changed',
      people: [{ surname: 'Thill' }, { surname: 'Weber', age: 40 }],
      note: 'unchanged',
    });
    assert.deepEqual(moved.changedSteps, ['one', 'two']);
  });

  it('keeps an answer compared to a wrong one, and lets go of the wrong one only', () => {
    const minutes = catalogueDefinition('itm-se-minutes.v1.json');
    const moved = moveAnswers(minutes, minutes, {
      registeredVoters: 10,
      votesCast: 'many',
      blankOrInvalid: 2,
    });
    assert.deepEqual(moved, {
      answers: { registeredVoters: 10, blankOrInvalid: 2 },
      changedSteps: ['results'],
    });
  });

  it('marks a step whose answers were let go even when the step itself did not change', () => {
    const same = defined([
      step('one', [field('count', 'number', { max: 100 })]),
      step('three', [field('note', 'textarea')]),
    ]);
    const strict = defined([
      step('one', [field('count', 'number', { max: 100 })]),
      step('three', [field('note', 'textarea', { maxLength: 3 })]),
    ]);
    assert.deepEqual(moveAnswers(same, strict, { count: 5, note: 'too long' }), {
      answers: { count: 5 },
      changedSteps: ['three'],
    });
    assert.deepEqual(moveAnswers(same, same, { count: 5, note: 'ok' }), {
      answers: { count: 5, note: 'ok' },
      changedSteps: [],
    });
  });
});
