import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defined, field, step } from '../definition/testing.ts';
import { reachableSteps } from './context.ts';

describe('the steps a person may open', () => {
  const definition = defined([
    step('a', [field('more', 'yesno')]),
    step('b', [field('detail', 'text')], { when: { '==': [{ var: 'more' }, true] } }),
    step('c', [field('staff', 'number')]),
  ]);

  it('are the shown steps up to the furthest reached', () => {
    assert.deepEqual(reachableSteps(definition, {}, 'a'), ['a']);
    assert.deepEqual(reachableSteps(definition, { more: true }, 'b'), ['a', 'b']);
    assert.deepEqual(reachableSteps(definition, { more: true }, 'c'), ['a', 'b', 'c']);
    assert.deepEqual(
      reachableSteps(definition, { more: false }, 'c'),
      ['a', 'c'],
      'a hidden step is skipped',
    );
  });

  it('end at the last shown step before the furthest one when that one is hidden now', () => {
    assert.deepEqual(reachableSteps(definition, { more: false }, 'b'), ['a']);
    assert.deepEqual(reachableSteps(definition, {}, 'gone'), ['a'], 'a step of no such name: the first');
  });
});
