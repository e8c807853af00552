import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLineTaxes, inclusiveTaxIn, type TaxRateLike } from '../../../src/billing/taxes.ts';

const excl = (id: string, percentage: string | number): TaxRateLike => ({ id, percentage, inclusive: false });
const incl = (id: string, percentage: string | number): TaxRateLike => ({ id, percentage, inclusive: true });

test('exclusive tax: round(base x pct / 100), half away from zero', () => {
  const cases: [number, TaxRateLike, number][] = [
    [1000, excl('t', 19), 190],
    [1050, excl('t', 5), 53], // 52.5 -> 53
    [-1050, excl('t', 5), -53], // -52.5 -> -53
    [1049, excl('t', 5), 52], // 52.45 -> 52
    [999, excl('t', '7.25'), 72], // 72.4275
    [10, excl('t', '0.0001'), 0],
    [0, excl('t', 20), 0],
  ];
  for (const [amount, rate, want] of cases) {
    assert.deepEqual(computeLineTaxes(amount, [rate]), [
      { amount: want, tax_rate_id: 't', taxable_amount: amount, tax_behavior: 'exclusive' },
    ], `${amount} @ ${rate.percentage}`);
  }
});

test('inclusive tax is extracted; taxable_amount is the net amount', () => {
  const cases: [number, number | string, number][] = [
    [1190, 19, 190], // 1000 net
    [1000, 20, 167], // 833.33 net -> 833
    [1001, 10, 91], // 910 net
    [105, 5, 5], // 100 net
    [-1190, 19, -190],
    [1, 20, 0], // 0.83 -> 1 net
    [0, 19, 0],
  ];
  for (const [amount, pct, want] of cases) {
    assert.deepEqual(computeLineTaxes(amount, [incl('t', pct)]), [
      { amount: want, tax_rate_id: 't', taxable_amount: amount - want, tax_behavior: 'inclusive' },
    ], `${amount} incl ${pct}`);
    assert.equal(inclusiveTaxIn(amount, [incl('t', pct)]), want);
  }
});

test('two inclusive rates: combined extraction, split by largest remainder', () => {
  // 1000 / 1.15 = 869.57 -> 870 net, 130 tax; 130 x 10/15 = 86.67, x 5/15 = 43.33 -> 87 + 43.
  assert.deepEqual(computeLineTaxes(1000, [incl('a', 10), incl('b', 5)]), [
    { amount: 87, tax_rate_id: 'a', taxable_amount: 870, tax_behavior: 'inclusive' },
    { amount: 43, tax_rate_id: 'b', taxable_amount: 870, tax_behavior: 'inclusive' },
  ]);
});

test('two exclusive rates apply independently to the same base', () => {
  assert.deepEqual(computeLineTaxes(2000, [excl('state', '8.25'), excl('city', '1.5')]), [
    { amount: 165, tax_rate_id: 'state', taxable_amount: 2000, tax_behavior: 'exclusive' },
    { amount: 30, tax_rate_id: 'city', taxable_amount: 2000, tax_behavior: 'exclusive' },
  ]);
});

test('mixed inclusive and exclusive: exclusive applies to the net amount, order kept', () => {
  assert.deepEqual(computeLineTaxes(1190, [excl('x', 10), incl('vat', 19)]), [
    { amount: 100, tax_rate_id: 'x', taxable_amount: 1000, tax_behavior: 'exclusive' },
    { amount: 190, tax_rate_id: 'vat', taxable_amount: 1000, tax_behavior: 'inclusive' },
  ]);
});

test('zero-percent inclusive rate carries no tax; no rates, no entries', () => {
  assert.deepEqual(computeLineTaxes(500, [incl('zero', 0)]), [
    { amount: 0, tax_rate_id: 'zero', taxable_amount: 500, tax_behavior: 'inclusive' },
  ]);
  assert.deepEqual(computeLineTaxes(500, []), []);
  assert.equal(inclusiveTaxIn(500, [excl('x', 20)]), 0);
});
