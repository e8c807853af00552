import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { creditable, creditCustomLine, creditLine, creditNoteTotals, prorate, splitCredit } from '../../../src/billing/credit-notes.ts';

const line = {
  amount: 3000,
  quantity: 3,
  discounts: [{ discount: 'di_1', amount: 301 }],
  taxes: [{ amount: 270, tax_rate: 'txr_1', taxable_amount: 2699, tax_behavior: 'exclusive' as const }],
};

test('prorate: cumulative rounding', () => {
  assert.equal(prorate(100, 0, 1, 3), 33);
  assert.equal(prorate(100, 1, 1, 3), 34);
  assert.equal(prorate(100, 2, 1, 3), 33);
  assert.throws(() => prorate(1, 0, 1, 0), RangeError);
});

test('creditLine by quantity: amount, discount and tax in proportion', () => {
  const one = creditLine(line, 'quantity', 0, 1);
  assert.deepEqual(one, {
    amount: 1000,
    discount_amounts: [{ discount: 'di_1', amount: 100 }],
    taxes: [{ amount: 90, tax_rate: 'txr_1', taxable_amount: 900, tax_behavior: 'exclusive' }],
  });
  const rest = creditLine(line, 'quantity', 1, 2);
  assert.equal(one.amount + rest.amount, 3000);
  assert.equal(one.discount_amounts[0].amount + rest.discount_amounts[0].amount, 301);
  assert.equal(one.taxes[0].amount + rest.taxes[0].amount, 270);
});

test('creditLine by amount: the amount itself, the rest in proportion', () => {
  const c = creditLine(line, 'amount', 0, 1500);
  assert.equal(c.amount, 1500);
  assert.equal(c.discount_amounts[0].amount, 151); // 150.5 rounds half up
  assert.equal(c.taxes[0].amount, 135);
});

test('creditCustomLine: taxed with its own rates', () => {
  assert.deepEqual(creditCustomLine(1000, [{ id: 'txr_x', percentage: '10', inclusive: false }]).taxes, [
    { amount: 100, tax_rate: 'txr_x', taxable_amount: 1000, tax_behavior: 'exclusive' },
  ]);
  const inc = creditCustomLine(1100, [{ id: 'txr_i', percentage: '10', inclusive: true }]);
  assert.deepEqual(inc.taxes.map((t) => [t.amount, t.taxable_amount]), [[100, 1000]]);
});

test('creditNoteTotals: subtotal, discounts, exclusive and inclusive tax', () => {
  const a = creditLine(line, 'quantity', 0, 1);
  const b = creditCustomLine(1100, [{ id: 'txr_i', percentage: '10', inclusive: true }]);
  const t = creditNoteTotals([a, b]);
  assert.equal(t.subtotal, 2100);
  assert.equal(t.discount_amount, 100);
  assert.equal(t.total, 2100 - 100 + 90);
  assert.equal(t.subtotal_excluding_tax, 2000);
  assert.equal(t.total_excluding_tax, t.total - 90 - 100);
  assert.deepEqual(t.total_taxes.map((x) => x.tax_rate), ['txr_1', 'txr_i']);
  assert.deepEqual(creditNoteTotals([], 700), { subtotal: 700, subtotal_excluding_tax: 700, discount_amount: 0, discount_amounts: [], total_taxes: [], total: 700, total_excluding_tax: 700 });
});

test('splitCredit: pre-payment first, the excess post-payment', () => {
  assert.deepEqual(splitCredit(500, 2000), { pre_payment_amount: 500, post_payment_amount: 0, type: 'pre_payment' });
  assert.deepEqual(splitCredit(500, 0), { pre_payment_amount: 0, post_payment_amount: 500, type: 'post_payment' });
  assert.deepEqual(splitCredit(500, 200), { pre_payment_amount: 200, post_payment_amount: 300, type: 'mixed' });
  assert.equal(creditable(2000, 500, 300), 1200);
  assert.equal(creditable(2000, 1900, 300), 0);
});

test('property: crediting a line in parts sums to crediting it whole', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 10 ** 7 }), fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 10 ** 6 }), (q, amount, disc, tax) => {
      const l = { amount, quantity: q, discounts: [{ discount: 'd', amount: disc }], taxes: [{ amount: tax, tax_rate: 't', taxable_amount: amount, tax_behavior: 'exclusive' as const }] };
      let before = 0;
      const parts = [];
      while (before < q) {
        const now = Math.min(q - before, 1 + (before % 3));
        parts.push(creditLine(l, 'quantity', before, now));
        before += now;
      }
      assert.equal(parts.reduce((a, p) => a + p.amount, 0), amount);
      assert.equal(parts.reduce((a, p) => a + p.discount_amounts[0].amount, 0), disc);
      assert.equal(parts.reduce((a, p) => a + p.taxes[0].amount, 0), tax);
    }),
  );
});
