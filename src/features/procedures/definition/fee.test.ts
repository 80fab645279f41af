import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FeeRuleError, feeOf } from './fee.ts';
import { catalogueDefinition, field, oneStep } from './testing.ts';

describe('fees', () => {
  it('is the fixed amount when the definition gives one', () => {
    assert.equal(feeOf(catalogueDefinition('itm-se-announce.v1.json'), {}), 0);
    assert.equal(feeOf(oneStep([field('a', 'text')], { fee: { cents: 1250 } }), { a: 'x' }), 1250);
  });

  it('follows the rule of the export certificate: €35, €15 a further copy, €50 when urgent', () => {
    const certificate = catalogueDefinition('alva-export-cert.v1.json');
    assert.equal(feeOf(certificate, {}), 3500);
    assert.equal(feeOf(certificate, { copies: 1, urgent: false }), 3500);
    assert.equal(feeOf(certificate, { copies: 3, urgent: false }), 6500);
    assert.equal(
      feeOf(certificate, { copies: 3, urgent: true, urgentReason: 'Ship leaves on Friday' }),
      11500,
    );
  });

  it('charges nothing for a hidden answer', () => {
    const definition = oneStep(
      [field('express', 'yesno'), field('weekend', 'yesno', { when: { '==': [{ var: 'express' }, true] } })],
      { fee: { logic: { '+': [1000, { if: [{ var: 'weekend' }, 2000, 0] }] } } },
    );
    assert.equal(feeOf(definition, { express: true, weekend: true }), 3000);
    assert.equal(feeOf(definition, { express: false, weekend: true }), 1000);
  });

  it('rounds a divided fee to the cent, and refuses a rule that gives no amount', () => {
    const half = oneStep([field('price', 'amount')], { fee: { logic: { '/': [{ var: 'price' }, 3] } } });
    assert.equal(feeOf(half, { price: 1000 }), 333);
    const refund = oneStep([field('price', 'amount')], { fee: { logic: { '-': [1000, { var: 'price' }] } } });
    assert.throws(() => feeOf(refund, { price: 5000 }), FeeRuleError);
    const text = oneStep([field('name', 'text')], {
      fee: { logic: { if: [{ var: 'name' }, { cat: ['€', 10] }, 0] } },
    });
    assert.throws(() => feeOf(text, { name: 'x' }), /gave "€10", not an amount in cents/);
  });
});
