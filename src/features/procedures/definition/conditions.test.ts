import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, stripHidden, visibleSteps } from './conditions.ts';
import { catalogueDefinition, defined, field, step, texts } from './testing.ts';

const option = (value: string) => ({ value, label: texts(value) });
const is = (id: string, value: unknown) => ({ '==': [{ var: id }, value] });

describe('conditions', () => {
  const definition = defined([
    step('start', [
      field('kind', 'choice', { required: true, options: [option('simple'), option('full')] }),
      field('detail', 'yesno', { when: is('kind', 'full') }),
      // A chain: shown only when `detail`, itself shown only for a full request, says yes.
      field('detailText', 'text', { when: is('detail', true) }),
    ]),
    step('extra', [field('note', 'text')], { when: is('kind', 'full') }),
    step('people', [
      field('people', 'group', {
        fields: [
          field('role', 'choice', { options: [option('worker'), option('other')] }),
          field('roleOther', 'text', { when: is('role', 'other') }),
          field('age', 'number', { when: { '==': [{ var: 'kind' }, 'full'] } }),
        ],
      }),
    ]),
  ]);

  it('shows the steps whose condition holds, in order', () => {
    assert.deepEqual(
      visibleSteps(definition, { kind: 'simple' }).map((s) => s.id),
      ['start', 'people'],
    );
    assert.deepEqual(
      visibleSteps(definition, { kind: 'full' }).map((s) => s.id),
      ['start', 'extra', 'people'],
    );
  });

  it('hides a field whose condition reads a hidden answer, even when that answer is still in the draft', () => {
    const answers = { kind: 'simple', detail: true, detailText: 'kept in the draft', note: 'x' };
    const { visibility, answers: kept } = evaluate(definition, answers);
    assert.deepEqual([...visibility.fields], ['kind', 'people']);
    assert.deepEqual(kept, { kind: 'simple' });
    assert.deepEqual(stripHidden(definition, { ...answers, kind: 'full' }), {
      kind: 'full',
      detail: true,
      detailText: 'kept in the draft',
      note: 'x',
    });
  });

  it('decides the fields of each item of a group from that item and the answers before the group', () => {
    const answers = {
      kind: 'simple',
      people: [
        { role: 'other', roleOther: 'Driver', age: 40 },
        { role: 'worker', roleOther: 'left over' },
      ],
    };
    const { visibility, answers: kept } = evaluate(definition, answers);
    assert.deepEqual(
      visibility.items.get('people')?.map((shown) => [...shown]),
      [['role', 'roleOther'], ['role']],
    );
    assert.deepEqual(kept.people, [{ role: 'other', roleOther: 'Driver' }, { role: 'worker' }]);
    assert.deepEqual((stripHidden(definition, { ...answers, kind: 'full' }).people as unknown[])[0], {
      role: 'other',
      roleOther: 'Driver',
      age: 40,
    });
  });

  it('treats null as no answer, and does not change the answers it is given', () => {
    const answers = { kind: 'full', detail: null, detailText: 'x' };
    assert.deepEqual(stripHidden(definition, answers), { kind: 'full' });
    assert.deepEqual(answers, { kind: 'full', detail: null, detailText: 'x' });
  });

  it('works on the catalogue: the union’s name only for a list presented by a union', () => {
    const candidates = catalogueDefinition('itm-se-candidates.v1.json');
    const shown = (listType: string) => [...evaluate(candidates, { listType }).visibility.fields];
    assert.ok(shown('union').includes('unionName'));
    assert.ok(!shown('union').includes('supportersCount') && !shown('union').includes('supportSignatures'));
    assert.ok(
      shown('employees').includes('supportersCount') && shown('employees').includes('supportSignatures'),
    );
  });
});
