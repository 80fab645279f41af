import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answersOf,
  centsOf,
  euros,
  formOf,
  formValuesOf,
  withItemAdded,
  withItemRemoved,
} from './form-values.ts';
import { field, oneStep, texts } from './testing.ts';
import type { GroupField } from './types.ts';

const option = (value: string) => ({ value, label: texts(value) });
const definition = oneStep([
  field('name', 'text'),
  field('story', 'textarea'),
  field('count', 'number'),
  field('price', 'amount'),
  field('day', 'date'),
  field('colour', 'choice', { options: [option('red'), option('blue')] }),
  field('tags', 'choices', { options: [option('a'), option('b'), option('c')] }),
  field('agree', 'yesno'),
  field('mail', 'email'),
  field('tel', 'phone'),
  field('home', 'address'),
  field('account', 'iban'),
  field('company', 'company-id'),
  field('proof', 'file', { accept: ['application/pdf'], maxBytes: 1000 }),
  field('people', 'group', { fields: [field('surname', 'text'), field('born', 'date')], maxItems: 3 }),
]);
const step = definition.steps[0]!;
const people = step.fields.find((f) => f.id === 'people') as GroupField;
const file = {
  fileId: '3f0c8a3e-2b7d-4c1a-9e5f-6a7b8c9d0e1f',
  name: 'a.pdf',
  size: 900,
  type: 'application/pdf',
};

describe('a step page and its answers', () => {
  it('reads what people type into typed answers', () => {
    const answers = answersOf(step, {
      name: '  Maitry  ',
      story: 'One\r\nTwo\r\n',
      count: '1 250,5',
      price: '125,50',
      day: '27/03/2026',
      colour: 'blue',
      tags: ['a', 'c', 'a', ''],
      agree: 'no',
      mail: ' office@example.lu ',
      tel: '247 76100',
      'home.street': '3, rue des Primeurs',
      'home.postcode': 'L-2361',
      'home.city': 'Strassen',
      'home.country': 'Luxembourg',
      account: 'lu28 0019 4006 4475 0000',
      company: 'rcs b 123.456',
      'proof.file': JSON.stringify(file),
      'people.items': '2',
      'people.0.surname': 'Weber',
      'people.1.born': '2000-01-31',
    });
    assert.deepEqual(answers, {
      name: 'Maitry',
      story: 'One\nTwo',
      count: 1250.5,
      price: 12550,
      day: '2026-03-27',
      colour: 'blue',
      tags: ['a', 'c'],
      agree: false,
      mail: 'office@example.lu',
      tel: '+352 24 77 61 00',
      home: { street: '3, rue des Primeurs', postcode: 'L-2361', city: 'Strassen', country: 'Luxembourg' },
      account: 'LU280019400644750000',
      company: 'B123456',
      proof: file,
      people: [{ surname: 'Weber' }, { born: '2000-01-31' }],
    });
  });

  it('keeps what it cannot read as typed, for the validator to explain', () => {
    const answers = answersOf(step, {
      count: '12 apples',
      price: '12,5x',
      agree: 'maybe',
      day: '31 février',
    });
    assert.deepEqual(answers, { count: '12 apples', price: '12,5x', agree: 'maybe', day: '31 février' });
  });

  it('reads euros typed in French, German or English, and refuses what is no amount', () => {
    const cases: [string, number | undefined][] = [
      ['125,50', 12550],
      ['125.50', 12550],
      ['125', 12500],
      ['125,5', 12550],
      ['1.250,50', 125050],
      ['1,250.50', 125050],
      ['1 250,50', 125050],
      ['1\u202f250,50 €', 125050],
      ['1.250', 125000],
      ['0,05', 5],
      ['1.250.50', undefined],
      ['1,2,3', undefined],
      ['12,345', 1234500],
      ['12.3456', undefined],
      ['-5', undefined],
      ['', undefined],
      ['1e3', undefined],
      ['9'.repeat(30), undefined],
    ];
    for (const [typed, cents] of cases) assert.equal(centsOf(typed), cents, typed);
    assert.equal(euros(12550, 'fr'), '125,50');
    assert.equal(euros(12550, 'de'), '125,50');
    assert.equal(euros(5, 'en'), '0.05');
  });

  it('writes answers back as the inputs show them, and reads them again unchanged', () => {
    const answers = {
      name: 'Maitry',
      count: 12,
      price: 12550,
      day: '2026-03-27',
      tags: ['a', 'c'],
      agree: true,
      home: { street: 'Rue 1', postcode: 'L-1', city: 'Ville', country: 'Luxembourg' },
      proof: file,
      people: [{ surname: 'Weber', born: '2000-01-31' }, { surname: 'Klein' }],
    };
    const form = formOf(step, answers, 'fr');
    assert.equal(form.price, '125,50');
    assert.equal(form.agree, 'yes');
    assert.equal(form['people.items'], '2');
    assert.deepEqual(answersOf(step, form), answers);
    assert.equal(formOf(step, answers, 'en').price, '125.50');
    assert.equal(formOf(step, {}, 'en')['people.items'], '1', 'a group starts with one empty item');
  });

  it('never throws on garbage, and ignores names the step does not have', () => {
    const garbage = {
      name: ['a', 'b'],
      count: { $gt: 1 },
      tags: 'b',
      agree: ['yes', 'no'],
      'home.street': ['x', 'y'],
      'proof.file': '{"fileId": 1',
      'people.items': '99999999999999999999',
      'people.2.surname': 'Third',
      __proto__: 'x',
      unknown: 'ignored',
      'other.0.x': 'ignored',
    };
    const answers = answersOf(step, garbage);
    assert.deepEqual(answers, {
      name: 'a',
      tags: ['b'],
      agree: true,
      home: { street: 'x' },
      people: [{ surname: 'Third' }],
    });
    assert.deepEqual(Object.keys(formValuesOf(step, garbage)).sort(), [
      'agree',
      'home.street',
      'name',
      'people.2.surname',
      'people.items',
      'proof.file',
      'tags',
    ]);
    for (const posted of [undefined, null, 'text', 42, [], { people: 'x' }])
      assert.doesNotThrow(() => answersOf(step, formValuesOf(step, posted)));
    assert.deepEqual(answersOf(step, { 'proof.file': JSON.stringify(file), 'proof.remove': 'yes' }), {});
  });

  it('adds and removes a group item, keeping what was typed in the others', () => {
    const form = {
      'people.items': '3',
      'people.0.surname': 'A',
      'people.1.surname': 'B',
      'people.2.surname': 'C',
    };
    const removed = withItemRemoved(people, form, 1);
    assert.deepEqual(removed, { 'people.items': '2', 'people.0.surname': 'A', 'people.1.surname': 'C' });
    assert.deepEqual(withItemRemoved(people, form, 7), form, 'no such item');
    assert.equal(withItemAdded(people, removed)['people.items'], '3');
    assert.equal(withItemAdded(people, form)['people.items'], '3', 'at most maxItems');
    assert.deepEqual(answersOf(step, withItemAdded(people, removed), { keepEmptyItems: true }).people, [
      { surname: 'A' },
      { surname: 'C' },
      {},
    ]);
  });
});
