import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answersSchemaOf, type Checked, validateAll, validateStep } from './answers.ts';
import { catalogueDefinition, defined, field, oneStep, step, texts } from './testing.ts';

const option = (value: string) => ({ value, label: texts(value) });
const pdf = (extra: Record<string, unknown> = {}) => ({
  fileId: '3f0c8a3e-2b7d-4c1a-9e5f-6a7b8c9d0e1f',
  name: 'minutes.pdf',
  size: 2048,
  type: 'application/pdf',
  ...extra,
});
const home = { street: '3, rue des Primeurs', postcode: 'L-2361', city: 'Strassen', country: 'Luxembourg' };

/** One field of each type, none required but `agree`, so each can be tried alone. */
const everyType = oneStep([
  field('agree', 'yesno', { required: true }),
  field('name', 'text', { maxLength: 10, pattern: '^[A-Z]' }),
  field('story', 'textarea', { minLength: 5, maxLength: 20 }),
  field('count', 'number', { integer: true, min: 1, max: 10 }),
  field('ratio', 'number', { min: 0 }),
  field('price', 'amount', { min: 100, max: 100000 }),
  field('day', 'date', { min: '2026-01-01', max: '2026-12-31' }),
  field('colour', 'choice', { options: [option('red'), option('blue')] }),
  field('tags', 'choices', { options: [option('a'), option('b'), option('c')], maxItems: 2 }),
  field('mail', 'email'),
  field('tel', 'phone'),
  field('home', 'address'),
  field('account', 'iban'),
  field('company', 'company-id', { schemes: ['rcs'] }),
  field('anyCompany', 'company-id'),
  field('proof', 'file', { accept: ['application/pdf', 'image/jpeg'], maxBytes: 1024 * 1024 }),
]);

const errorsOf = (checked: Checked) => (checked.ok ? {} : checked.errors);
const codesOf = (checked: Checked) =>
  Object.fromEntries(Object.entries(errorsOf(checked)).map(([path, error]) => [path, error.code]));

type Case = [id: string, good: unknown[], bad: [value: unknown, code: string, path?: string][]];

const cases: Case[] = [
  ['agree', [true, false], [['yes', 'invalid']]],
  [
    'name',
    ['Abc', 'X'],
    [
      ['', 'required'],
      ['Abcdefghijk', 'tooLong'],
      ['abc', 'pattern'],
      [12, 'invalid'],
    ],
  ],
  [
    'story',
    ['Once upon', 'a'.repeat(20)],
    [
      ['Once', 'tooShort'],
      ['a'.repeat(21), 'tooLong'],
    ],
  ],
  [
    'count',
    [1, 10],
    [
      [0, 'numberTooSmall'],
      [11, 'numberTooLarge'],
      [2.5, 'wholeNumber'],
      ['3', 'wholeNumber'],
    ],
  ],
  [
    'ratio',
    [0, 0.25],
    [
      [-1, 'numberTooSmall'],
      ['many', 'number'],
    ],
  ],
  [
    'price',
    [100, 12550],
    [
      [99, 'amountTooSmall'],
      [100001, 'amountTooLarge'],
      [125.5, 'amount'],
    ],
  ],
  [
    'day',
    ['2026-01-01', '2026-12-31'],
    [
      ['2026-02-30', 'date'],
      ['31/12/2026', 'date'],
      ['2025-12-31', 'dateTooEarly'],
      ['2027-01-01', 'dateTooLate'],
    ],
  ],
  ['colour', ['red', 'blue'], [['green', 'choice']]],
  [
    'tags',
    [['a'], ['a', 'c']],
    [
      [[], 'choicesTooFew'],
      [['a', 'b', 'c'], 'choicesTooMany'],
      [['a', 'z'], 'choice'],
      [['a', 'a'], 'choice'],
    ],
  ],
  ['mail', ['karine.maitry@maitry.lu'], [['karine.maitry', 'email']]],
  [
    'tel',
    ['+352 247 76100', '+33 1 42 68 53 00'],
    [
      ['12', 'phone'],
      ['call me', 'phone'],
    ],
  ],
  [
    'home',
    [home],
    [
      [{ ...home, postcode: '' }, 'required', 'home.postcode'],
      [{ street: 'x', postcode: 'L-1', city: 'Luxembourg' }, 'required', 'home.country'],
      [{ ...home, floor: 2 }, 'invalid'],
    ],
  ],
  [
    'account',
    ['LU280019400644750000', 'DE89370400440532013000'],
    [
      ['LU280019400644750001', 'iban'],
      ['LU28 0019 4006 4475 0000', 'iban'],
    ],
  ],
  [
    'company',
    ['B123456', 'F1234'],
    [
      ['20062200001', 'companyId'],
      ['B1234567', 'companyId'],
    ],
  ],
  ['anyCompany', ['B123456', '20062200001', 'S10001'], [['123', 'companyId']]],
  [
    'proof',
    [pdf(), pdf({ type: 'image/jpeg', name: 'scan.jpg' })],
    [
      [pdf({ size: 1024 * 1024 + 1 }), 'fileTooLarge'],
      [pdf({ type: 'image/png' }), 'fileType'],
      [pdf({ fileId: 'not-an-id' }), 'fileInvalid'],
      [{ name: 'a.pdf' }, 'fileInvalid'],
    ],
  ],
];

describe('answers of each type of field', () => {
  for (const [id, good, bad] of cases) {
    it(`${id}: takes ${good.length} good values and refuses ${bad.length} bad ones with the right message`, () => {
      for (const value of good) {
        const checked = validateAll(everyType, { agree: true, [id]: value });
        assert.deepEqual(errorsOf(checked), {}, JSON.stringify(value));
      }
      for (const [value, code, path = id] of bad) {
        const checked = validateAll(everyType, { agree: id === 'agree' ? value : true, [id]: value });
        assert.deepEqual(codesOf(checked), { [path]: code }, JSON.stringify(value));
      }
    });
  }

  it('says what to do in French, English and German, with limits written as each language writes them', () => {
    const errors = errorsOf(
      validateAll(everyType, {
        name: 'Abcdefghijk',
        price: 99,
        day: '2025-12-31',
        anyCompany: '1',
        proof: pdf({ type: 'image/png' }),
      }),
    );
    assert.deepEqual(errors.agree?.message, {
      fr: 'Veuillez sélectionner une réponse.',
      en: 'Select an answer.',
      de: 'Bitte wählen Sie eine Antwort aus.',
    });
    assert.deepEqual(errors.name?.message, {
      fr: 'Ce champ ne peut pas dépasser 10 caractères.',
      en: 'Enter 10 characters or fewer.',
      de: 'Es sind höchstens 10 Zeichen zulässig.',
    });
    assert.match(errors.price!.message.fr, /^Le montant minimal est de 1,00\s€\.$/u);
    assert.equal(errors.price!.message.en, 'The amount must be at least €1.00.');
    assert.match(errors.price!.message.de, /^Der Betrag muss mindestens 1,00\s€ betragen\.$/u);
    assert.deepEqual(errors.day?.message, {
      fr: 'La date doit être le 01/01/2026 ou une date ultérieure.',
      en: 'The date must be on or after 01/01/2026.',
      de: 'Das Datum darf nicht vor dem 01.01.2026 liegen.',
    });
    assert.equal(
      errors.anyCompany?.message.en,
      'Enter a valid identifier, such as B123456 / 20062200001 / S10001.',
    );
    assert.equal(errors.proof?.message.fr, 'Formats de fichier acceptés : PDF, JPEG.');
  });

  it('lists errors in reading order, whatever order ajv finds them in', () => {
    const checked = validateAll(everyType, { tags: [], name: '', mail: 'x' });
    assert.deepEqual(Object.keys(errorsOf(checked)), ['agree', 'name', 'tags', 'mail']);
  });
});

describe('hidden fields', () => {
  const definition = oneStep([
    field('hasDeputy', 'yesno', { required: true }),
    field('deputy', 'text', { required: true, when: { '==': [{ var: 'hasDeputy' }, true] } }),
  ]);

  it('requires a shown field, and neither requires nor checks a hidden one', () => {
    assert.deepEqual(codesOf(validateAll(definition, { hasDeputy: true })), { deputy: 'required' });
    const hidden = validateAll(definition, { hasDeputy: false, deputy: 42 });
    assert.deepEqual(hidden, { ok: true, answers: { hasDeputy: false } });
  });

  it('drops answers to fields the definition does not have', () => {
    assert.deepEqual(validateAll(definition, { hasDeputy: false, isAdmin: true }), {
      ok: true,
      answers: { hasDeputy: false },
    });
  });
});

describe('groups', () => {
  const definition = oneStep([
    field('candidates', 'group', {
      required: true,
      maxItems: 3,
      fields: [
        field('surname', 'text', { required: true }),
        field('role', 'choice', { required: true, options: [option('worker'), option('other')] }),
        field('roleOther', 'text', { required: true, when: { '==': [{ var: 'role' }, 'other'] } }),
        field('home', 'address'),
      ],
    }),
  ]);

  it('keys errors by the path of the item’s field, item by item', () => {
    const checked = validateAll(definition, {
      candidates: [
        { surname: 'Maitry', role: 'worker', roleOther: 'ignored' },
        { role: 'other' },
        { surname: 'Thill', role: 'other', roleOther: 'Driver', home: { ...home, city: '' } },
      ],
    });
    assert.deepEqual(codesOf(checked), {
      'candidates.1.surname': 'required',
      'candidates.1.roleOther': 'required',
      'candidates.2.home.city': 'required',
    });
    // The hidden field of the first item is not kept.
    assert.deepEqual((checked.answers.candidates as unknown[])[0], { surname: 'Maitry', role: 'worker' });
  });

  it('counts the items', () => {
    const item = { surname: 'A', role: 'worker' };
    assert.deepEqual(codesOf(validateAll(definition, {})), { candidates: 'groupTooFew' });
    assert.deepEqual(codesOf(validateAll(definition, { candidates: [] })), { candidates: 'groupTooFew' });
    assert.deepEqual(codesOf(validateAll(definition, { candidates: [item, item, item, item] })), {
      candidates: 'groupTooMany',
    });
    assert.deepEqual(
      errorsOf(validateAll(definition, {})).candidates?.message.en,
      'Minimum number of entries: 1.',
    );
  });

  it('refuses an item that is not an object', () => {
    assert.deepEqual(codesOf(validateAll(definition, { candidates: ['Maitry'] })), { candidates: 'invalid' });
  });
});

describe('steps', () => {
  const definition = defined([
    step('one', [field('a', 'text', { required: true })]),
    step('two', [field('b', 'text', { required: true })], { when: { '==': [{ var: 'a' }, 'go'] } }),
    step('three', [field('c', 'number', { required: true })]),
  ]);

  it('validates one step’s fields only, with the others’ answers at hand for its conditions', () => {
    assert.deepEqual(codesOf(validateStep(definition, 'one', {})), { a: 'required' });
    assert.deepEqual(codesOf(validateStep(definition, 'three', { a: 'stop' })), { c: 'required' });
    assert.deepEqual(codesOf(validateStep(definition, 'two', { a: 'go' })), { b: 'required' });
  });

  it('does not ask for the fields of a hidden step', () => {
    assert.deepEqual(codesOf(validateAll(definition, { a: 'stop' })), { c: 'required' });
    assert.deepEqual(codesOf(validateAll(definition, { a: 'go' })), { b: 'required', c: 'required' });
    assert.deepEqual(validateAll(definition, { a: 'stop', b: 'kept?', c: 1 }), {
      ok: true,
      answers: { a: 'stop', c: 1 },
    });
  });

  it('refuses a step that does not exist, as a defect of the caller', () => {
    assert.throws(() => validateStep(definition, 'four', {}), /has no step "four"/);
  });
});

describe("the definition's own answersSchema", () => {
  const minutes = catalogueDefinition('itm-se-minutes.v1.json');
  const ballot = { companyName: 'Maitry Bâtiment SARL', companyId: 'B100001', electionDate: '2029-03-12' };

  it('compares two answers: more votes than voters, minutes dated before the election', () => {
    const answers = {
      ...ballot,
      minutesDate: '2029-03-11',
      registeredVoters: 40,
      votesCast: 41,
      blankOrInvalid: 2,
    };
    const results = errorsOf(validateStep(minutes, 'results', answers));
    assert.deepEqual(Object.keys(results), ['votesCast']);
    assert.equal(results.votesCast?.message.fr, 'La valeur maximale est 40.');
    const first = errorsOf(validateStep(minutes, 'ballot', answers));
    assert.equal(first.minutesDate?.message.en, 'The date must be on or after 12/03/2029.');
    assert.deepEqual(
      errorsOf(validateStep(minutes, 'ballot', { ...answers, minutesDate: '2029-03-12' })),
      {},
    );
  });

  it('blames a wrong answer, not the answer compared to it', () => {
    const wrongDate = validateAll(minutes, {
      ...ballot,
      electionDate: 'next spring',
      minutesDate: '2029-03-12',
    });
    assert.equal(codesOf(wrongDate).electionDate, 'date');
    assert.equal(codesOf(wrongDate).minutesDate, undefined);
    const wrongCount = validateStep(minutes, 'results', {
      registeredVoters: 10,
      votesCast: 'many',
      blankOrInvalid: 2,
    });
    assert.deepEqual(codesOf(wrongCount), { votesCast: 'wholeNumber' });
  });

  it('reports a rule that is not about one field’s value as a condition of the procedure', () => {
    const definition = oneStep([field('agree', 'yesno', { required: true })], {
      answersSchema: { properties: { agree: { const: true } } },
    });
    const errors = errorsOf(validateAll(definition, { agree: false }));
    assert.deepEqual(Object.keys(errors), ['agree']);
    assert.equal(errors.agree?.message.de, 'Diese Antwort erfüllt die Bedingungen des Verfahrens nicht.');
  });

  it('is combined with the schema derived from the fields', () => {
    const definition = oneStep([field('n', 'number')], {
      answersSchema: { properties: { n: { multipleOf: 5 } } },
    });
    const schema = answersSchemaOf(definition) as { allOf: unknown[] };
    assert.equal(schema.allOf.length, 2);
    assert.deepEqual(schema.allOf[1], { properties: { n: { multipleOf: 5 } } });
    assert.equal(validateAll(definition, { n: 10 }).ok, true);
    assert.deepEqual(codesOf(validateAll(definition, { n: 7 })), { n: 'invalid' });
  });
});
