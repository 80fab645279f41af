import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionFile, field, step, texts } from './testing.ts';
import { checkDefinition } from './validate.ts';

// biome-ignore lint/suspicious/noExplicitAny: each variant breaks the file in any place, as an author's typo would.
type Loose = Record<string, any>;

const option = (value: string) => ({ value, label: texts(value) });

/** A valid file that each broken variant changes in one place. */
function base() {
  return definitionFile([
    step('one', [
      field('name', 'text', { required: true }),
      field('kind', 'choice', { options: [option('a'), option('b')] }),
      field('people', 'group', { fields: [field('surname', 'text')] }),
    ]),
    step('two', [field('amount', 'amount'), field('more', 'yesno')]),
  ]) as Loose;
}

type Variant = [name: string, change: (d: Loose) => void, problems: (string | RegExp)[]];

const variants: Variant[] = [
  ['a required property missing', (d) => delete d.steps, ['/steps: is required']],
  ['an unknown property', (d) => (d.colour = 'blue'), ['/colour: unknown property']],
  ['a text without German', (d) => delete d.title.de, ['/title/de: is required']],
  ['a blank text', (d) => (d.description.en = '   '), [/^\/description\/en: " {3}" does not match/]],
  ['a code in lower case', (d) => (d.code = 'itm_announce'), [/^\/code: "itm_announce" does not match /]],
  [
    "a code not under the administration's",
    (d) => (d.code = 'MENJE-ANNOUNCE'),
    ['/code: "MENJE-ANNOUNCE" must start with the administration\'s code ("ITM-…")'],
  ],
  ['version 0', (d) => (d.version = 0), ['/version: must be >= 1']],
  [
    'an unknown theme',
    (d) => (d.theme = 'elections'),
    [/^\/theme: must be one of "social-elections", "education"/],
  ],
  [
    'an unknown field type',
    (d) => (d.steps[0].fields[0].type = 'dropdown'),
    [/^\/steps\/0\/fields\/0\/type: must be one of "text", "textarea", .*"group"$/],
  ],
  [
    'a choice without options',
    (d) => delete d.steps[0].fields[1].options,
    ['/steps/0/fields/1/options: is required'],
  ],
  [
    'a choice with no option',
    (d) => (d.steps[0].fields[1].options = []),
    ['/steps/0/fields/1/options: must NOT have fewer than 1 items'],
  ],
  [
    'options on a text field',
    (d) => (d.steps[0].fields[0].options = [option('a')]),
    ['/steps/0/fields/0/options: not a property of a text field'],
  ],
  [
    'a file without its limits',
    (d) => d.steps[1].fields.push(field('proof', 'file', { accept: ['application/pdf'] })),
    ['/steps/1/fields/2/maxBytes: is required'],
  ],
  [
    'two steps with one id',
    (d) => (d.steps[1].id = 'one'),
    ['/steps/1/id: step id "one" is already used by /steps/0'],
  ],
  [
    'two fields with one id in two steps',
    (d) => (d.steps[1].fields[0].id = 'name'),
    [
      '/steps/1/fields/0/id: field id "name" is already used by /steps/0/fields/0 (ids are unique across the definition)',
    ],
  ],
  [
    "a group's field with the id of a field outside it",
    (d) => (d.steps[0].fields[2].fields[0].id = 'more'),
    [
      '/steps/1/fields/1/id: field id "more" is already used by /steps/0/fields/2/fields/0 (ids are unique across the definition)',
    ],
  ],
  [
    'a group in a group',
    (d) => d.steps[0].fields[2].fields.push(field('inner', 'group', { fields: [field('x', 'text')] })),
    ['/steps/0/fields/2/fields/1/type: a group cannot contain a group (one level of nesting)'],
  ],
  [
    'two options with one value',
    (d) => (d.steps[0].fields[1].options[1].value = 'a'),
    ['/steps/0/fields/1/options/1/value: "a" is already the value of options/0'],
  ],
  [
    'a minimum above the maximum',
    (d) => Object.assign(d.steps[1].fields[0], { min: 500, max: 100 }),
    ['/steps/1/fields/0/min: 500 is above max (100)'],
  ],
  [
    'more choices asked than offered',
    (d) => d.steps[1].fields.push(field('tags', 'choices', { options: [option('x')], minItems: 2 })),
    ['/steps/1/fields/2/minItems: 2 is more than the 1 options offered'],
  ],
  [
    'a pattern that is no regular expression',
    (d) => (d.steps[0].fields[0].pattern = '(['),
    [/^\/steps\/0\/fields\/0\/pattern: not a valid regular expression \(/],
  ],
  [
    'an unknown prefill binding',
    (d) => (d.steps[0].fields[0].prefill = 'sheet.colour'),
    [/^\/steps\/0\/fields\/0\/prefill: unknown prefill binding "sheet.colour" \(known: sheet.spaceName, /],
  ],
  [
    'a binding that does not fit the field',
    (d) => (d.steps[1].fields[0].prefill = 'person.surname'),
    [
      '/steps/1/fields/0/prefill: "person.surname" gives a value of kind text, which cannot fill a amount field (it fills: text, textarea)',
    ],
  ],
  [
    'certified data without a certification scope',
    (d) => (d.steps[0].fields[0].prefill = 'certified.name'),
    [
      '/steps/0/fields/0/prefill: certified data are those of the subject company, which only a procedure with a certificationScope has',
    ],
  ],
  [
    'a prefill inside a group',
    (d) => (d.steps[0].fields[2].fields[0].prefill = 'person.surname'),
    ['/steps/0/fields/2/fields/0/prefill: a field inside a group cannot be prefilled'],
  ],
  [
    'a certified field without a binding',
    (d) => (d.steps[0].fields[0].certified = true),
    ['/steps/0/fields/0/certified: a certified field shows a prefilled value: give it a prefill binding'],
  ],
  [
    'the information sheet as certified data',
    (d) => Object.assign(d.steps[0].fields[0], { prefill: 'sheet.companyName', certified: true }),
    [
      "/steps/0/fields/0/certified: the information sheet is the eSpace's own declaration, not certified data",
    ],
  ],
  [
    'a condition on an unknown field',
    (d) => (d.steps[1].fields[1].when = { '==': [{ var: 'nope' }, 1] }),
    ['/steps/1/fields/1/when/==/0/var: "nope" is not a field of this definition'],
  ],
  [
    'a condition on a later field of its step',
    (d) => (d.steps[1].fields[0].when = { var: 'more' }),
    [
      '/steps/1/fields/0/when/var: "more" (step "two") is not answered before this rule: a rule only reads answers given before it',
    ],
  ],
  [
    'a step condition on its own field',
    (d) => (d.steps[1].when = { '!': { var: 'amount' } }),
    [
      '/steps/1/when/!/var: "amount" (step "two") is not answered before this rule: a rule only reads answers given before it',
    ],
  ],
  [
    'an operator that writes to the console',
    (d) => (d.steps[1].when = { log: 'x' }),
    ['/steps/1/when/log: "log" is not a JSON Logic operator a definition may use'],
  ],
  [
    'a computed variable name',
    (d) => (d.steps[1].when = { var: { cat: ['na', 'me'] } }),
    ['/steps/1/when/var: "var" must name a field, not compute its name'],
  ],
  [
    'a name reaching into the prototype',
    (d) => (d.steps[1].when = { var: 'name.constructor' }),
    ['/steps/1/when/var: "name.constructor" is not a field name'],
  ],
  [
    "a group's field read from outside the group",
    (d) => (d.steps[1].when = { '==': [{ var: 'surname' }, 'x'] }),
    [
      '/steps/1/when/==/0/var: "surname" is a field of the group "people": read it through some, all, none, filter, map or reduce over {"var": "people"}',
    ],
  ],
  [
    'an unknown field of the items of a group',
    (d) => (d.steps[1].when = { some: [{ var: 'people' }, { '==': [{ var: 'firstName' }, 'x'] }] }),
    ['/steps/1/when/some/1/==/0/var: "firstName" is not a field of the items of "people"'],
  ],
  [
    'a rule with two operators',
    (d) => (d.steps[1].when = { var: 'name', '!': true }),
    ['/steps/1/when: must NOT have more than 1 properties'],
  ],
  [
    'a fee both fixed and computed',
    (d) => (d.fee = { cents: 100, logic: { var: 'amount' } }),
    ['/fee: give either "cents" or "logic", not both nor none'],
  ],
  ['a negative fixed fee', (d) => (d.fee = { cents: -5 }), ['/fee/cents: must be >= 0']],
  [
    'a fee rule that gives no amount',
    (d) => (d.fee = { logic: { '-': [0, 100] } }),
    [
      /^\/fee\/logic: with no answers yet, the fee rule of ITM-TEST-\d+ v1 gave -100, not an amount in cents$/,
    ],
  ],
  [
    'a fee rule on an unknown field',
    (d) => (d.fee = { logic: { '*': [{ var: 'copies' }, 100] } }),
    ['/fee/logic/*/0/var: "copies" is not a field of this definition'],
  ],
  [
    'an answersSchema with a misspelt keyword',
    (d) => (d.answersSchema = { properties: { amount: { maximun: 5 } } }),
    ['/answersSchema: not a valid JSON Schema for answers (strict mode: unknown keyword: "maximun")'],
  ],
  [
    'an answersSchema on a field that does not exist',
    (d) => (d.answersSchema = { anyOf: [{ required: ['name'] }, { required: ['ghost'] }] }),
    ['/answersSchema/anyOf/1/required/0: "ghost" is not a field at the top level of this definition'],
  ],
  [
    'a certification scope on a private procedure',
    (d) => Object.assign(d, { certificationScope: 'ITM_ELECTIONS', audience: 'private' }),
    [
      '/audience: a procedure that needs the certification scope ITM_ELECTIONS is for business eSpaces ("business"): only they hold mandates',
    ],
  ],
];

describe('checkDefinition', () => {
  it('accepts the base of the broken variants', () => {
    assert.deepEqual(checkDefinition(base()).ok, true);
  });

  for (const [name, change, expected] of variants) {
    it(`refuses ${name}, saying where and why`, () => {
      const file = base();
      change(file);
      const result = checkDefinition(file);
      assert.equal(result.ok, false);
      const { problems } = result as { problems: string[] };
      assert.equal(problems.length, expected.length, problems.join('\n'));
      expected.forEach((want, i) => {
        if (typeof want === 'string') assert.equal(problems[i], want);
        else assert.match(problems[i]!, want);
      });
    });
  }

  it('refuses what is not an object', () => {
    assert.deepEqual(checkDefinition('a procedure'), { ok: false, problems: ['/: must be object'] });
    assert.deepEqual(checkDefinition(null), { ok: false, problems: ['/: must be object'] });
  });

  it('checks the administration and the scope against the registries it is given', () => {
    const file = Object.assign(base(), { certificationScope: 'ITM_ELECTIONS' });
    const context = { administrations: new Set(['MENJE']), scopes: new Set(['MENJE_FORMATION']) };
    assert.deepEqual(checkDefinition(file, context), {
      ok: false,
      problems: [
        '/administration: no administration has the code "ITM"',
        '/certificationScope: no certification scope has the code "ITM_ELECTIONS"',
      ],
    });
    const known = { administrations: new Set(['ITM']), scopes: new Set(['ITM_ELECTIONS']) };
    assert.equal(checkDefinition(file, known).ok, true);
  });

  it('leaves out the editor hint "$schema" from what it returns', () => {
    const result = checkDefinition({ $schema: '../definition/definition.schema.json', ...base() });
    assert.ok(result.ok);
    assert.equal('$schema' in result.definition, false);
  });

  it('reports every problem of a file at once', () => {
    const file = base();
    file.colour = 'blue';
    file.version = 0;
    delete file.title.de;
    const result = checkDefinition(file);
    assert.deepEqual(result.ok ? [] : [...result.problems].sort(), [
      '/colour: unknown property',
      '/title/de: is required',
      '/version: must be >= 1',
    ]);
  });
});
