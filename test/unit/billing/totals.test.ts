import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeInvoiceTotals, type TotalsLineInput } from '../../../src/billing/totals.ts';
import type { CouponLike } from '../../../src/billing/discounts.ts';
import type { TaxRateLike } from '../../../src/billing/taxes.ts';
import { lineAmount } from '../../../src/billing/decimal-amount.ts';

const line = (amount: number, extra: Partial<TotalsLineInput> = {}): TotalsLineInput => ({
  amount, discountable: amount >= 0, taxRates: [], discounts: [], ...extra,
});
const pct = (id: string, percentOff: number | string): CouponLike => ({ id, percentOff, amountOff: null, currency: null });
const off = (id: string, amountOff: number, currency = 'usd'): CouponLike => ({ id, percentOff: null, amountOff, currency });
const usd = (discounts: CouponLike[] = []) => ({ currency: 'usd', discounts });
const excl = (id: string, percentage: number | string): TaxRateLike => ({ id, percentage, inclusive: false });
const incl = (id: string, percentage: number | string): TaxRateLike => ({ id, percentage, inclusive: true });

test('no discounts, no taxes: totals equal the sum of lines', () => {
  const t = computeInvoiceTotals([line(1099), line(500)], usd());
  assert.equal(t.subtotal, 1599);
  assert.equal(t.subtotal_excluding_tax, 1599);
  assert.equal(t.total, 1599);
  assert.equal(t.total_excluding_tax, 1599);
  assert.deepEqual(t.total_discount_amounts, []);
  assert.deepEqual(t.total_taxes, []);
  assert.deepEqual(t.lines.map((l) => l.amount_excluding_tax), [1099, 500]);
});

test('zero-decimal jpy: decimal unit amount rounds once per line, then exclusive tax', () => {
  const amount = lineAmount('333.5', 3); // 1000.5 yen -> 1001
  const t = computeInvoiceTotals([line(amount, { taxRates: [excl('txr_jct', 10)] })], { currency: 'jpy', discounts: [] });
  assert.equal(amount, 1001);
  assert.deepEqual(t.lines[0].taxes, [{ amount: 100, tax_rate_id: 'txr_jct', taxable_amount: 1001, tax_behavior: 'exclusive' }]);
  assert.equal(t.total, 1101);
  assert.equal(t.total_excluding_tax, 1001);
});

test('inclusive tax with a percent coupon', () => {
  // 1190 incl. 19% VAT, 10% off: discount 119, 1071 left = 900 net + 171 VAT.
  const t = computeInvoiceTotals([line(1190, { taxRates: [incl('txr_vat', 19)] })], usd([pct('di_10', 10)]));
  assert.deepEqual(t.lines[0].discount_amounts, [{ amount: 119, discount: 'di_10' }]);
  assert.deepEqual(t.lines[0].taxes, [{ amount: 171, tax_rate_id: 'txr_vat', taxable_amount: 900, tax_behavior: 'inclusive' }]);
  assert.equal(t.lines[0].amount_excluding_tax, 1000);
  assert.equal(t.subtotal, 1190);
  assert.equal(t.subtotal_excluding_tax, 1000);
  assert.equal(t.total, 1071);
  assert.equal(t.total_excluding_tax, 900);
  assert.deepEqual(t.total_taxes, [{ amount: 171, taxable_amount: 900, tax_rate_id: 'txr_vat', inclusive: true, tax_behavior: 'inclusive' }]);
});

test('exclusive tax is computed on the discounted amount', () => {
  const t = computeInvoiceTotals([line(1000, { taxRates: [excl('txr_20', 20)] })], usd([pct('di_25', 25)]));
  assert.equal(t.lines[0].taxes[0].amount, 150);
  assert.equal(t.lines[0].taxes[0].taxable_amount, 750);
  assert.equal(t.subtotal, 1000);
  assert.equal(t.total, 900);
  assert.equal(t.total_excluding_tax, 750);
});

test('two tax rates on one line and one shared rate aggregated in total_taxes', () => {
  const state = excl('txr_state', '8.25');
  const city = excl('txr_city', '1.5');
  const t = computeInvoiceTotals([line(2000, { taxRates: [state, city] }), line(1000, { taxRates: [state] })], usd());
  assert.deepEqual(t.lines[0].taxes.map((x) => x.amount), [165, 30]);
  assert.deepEqual(t.lines[1].taxes.map((x) => x.amount), [83]); // 82.5 -> 83
  assert.deepEqual(t.total_taxes, [
    { amount: 248, taxable_amount: 3000, tax_rate_id: 'txr_state', inclusive: false, tax_behavior: 'exclusive' },
    { amount: 30, taxable_amount: 2000, tax_rate_id: 'txr_city', inclusive: false, tax_behavior: 'exclusive' },
  ]);
  assert.equal(t.total, 3278);
  assert.equal(t.total_excluding_tax, 3000);
});

test('amount_off larger than the discountable total is capped and never pushes credit', () => {
  const t = computeInvoiceTotals([line(1000), line(500), line(300, { discountable: false })], usd([off('di_big', 5000)]));
  assert.deepEqual(t.lines.map((l) => l.discount_amounts), [
    [{ amount: 1000, discount: 'di_big' }], [{ amount: 500, discount: 'di_big' }], [],
  ]);
  assert.deepEqual(t.total_discount_amounts, [{ amount: 1500, discount: 'di_big' }]);
  assert.equal(t.subtotal, 1800);
  assert.equal(t.total, 300);
});

test('amount_off split over 3 lines with a remainder (largest remainder)', () => {
  let t = computeInvoiceTotals([line(100), line(100), line(100)], usd([off('di_1', 100)]));
  assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [34, 33, 33]);
  assert.equal(t.total, 200);
  // Shares 166.64 / 333.28 / 500.08: the spare unit goes to the first line.
  t = computeInvoiceTotals([line(1000), line(2000), line(3001)], usd([off('di_2', 1000)]));
  assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [167, 333, 500]);
  assert.deepEqual(t.total_discount_amounts, [{ amount: 1000, discount: 'di_2' }]);
  assert.equal(t.total, 5001);
});

test('percent_off rounds per line at .5, positive and negative', () => {
  const t = computeInvoiceTotals([line(1005), line(-1005, { discountable: true }), line(15)], usd([pct('di_10', 10)]));
  assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [101, -101, 2]); // 100.5, -100.5, 1.5
  assert.deepEqual(t.total_discount_amounts, [{ amount: 2, discount: 'di_10' }]);
  assert.equal(t.total, 15 - 2);
});

test('negative items: no discount unless discountable', () => {
  let t = computeInvoiceTotals([line(2000), line(-500)], usd([pct('di_10', 10)]));
  assert.deepEqual(t.lines[1].discount_amounts, []);
  assert.equal(t.subtotal, 1500);
  assert.equal(t.total, 1300); // 10% of 2000 only
  t = computeInvoiceTotals([line(2000), line(-500, { discountable: true })], usd([pct('di_10', 10)]));
  assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [200, -50]);
  assert.equal(t.total, 1350);
  // amount_off is capped at the net discountable amount and only taken from positive lines.
  t = computeInvoiceTotals([line(2000), line(-500, { discountable: true })], usd([off('di_off', 1800)]));
  assert.deepEqual(t.lines.map((l) => l.discount_amounts[0].amount), [1500, 0]);
  assert.equal(t.total, 0);
});

test('a credit invoice stays negative; amount_off on it does nothing', () => {
  const t = computeInvoiceTotals([line(-1190, { taxRates: [incl('txr_vat', 19)] })], usd([off('di_5', 500)]));
  assert.deepEqual(t.lines[0].discount_amounts, []); // not discountable by default
  assert.equal(t.total, -1190);
  assert.equal(t.lines[0].taxes[0].amount, -190);
  assert.equal(t.total_excluding_tax, -1000);
});

test('mixed discountable lines', () => {
  const t = computeInvoiceTotals([line(1000), line(1000, { discountable: false })], usd([pct('di_50', 50)]));
  assert.deepEqual(t.lines[0].discount_amounts, [{ amount: 500, discount: 'di_50' }]);
  assert.deepEqual(t.lines[1].discount_amounts, []);
  assert.equal(t.total, 1500);
});

test('line-item discounts apply before invoice discounts and are part of subtotal', () => {
  const t = computeInvoiceTotals(
    [line(1000, { discounts: [pct('di_line', 10)] }), line(500)],
    usd([off('di_inv', 300)]),
  );
  // Line 1: 100 off -> 900. Invoice 300 over 900/500: 192.86 / 107.14 -> 193 / 107.
  assert.deepEqual(t.lines[0].discount_amounts, [{ amount: 100, discount: 'di_line' }, { amount: 193, discount: 'di_inv' }]);
  assert.deepEqual(t.lines[1].discount_amounts, [{ amount: 107, discount: 'di_inv' }]);
  assert.deepEqual(t.total_discount_amounts, [{ amount: 100, discount: 'di_line' }, { amount: 300, discount: 'di_inv' }]);
  assert.equal(t.subtotal, 1400);
  assert.equal(t.total, 1100);
});

test('stacked invoice discounts work on what is left', () => {
  const t = computeInvoiceTotals([line(1000)], usd([pct('di_a', 50), off('di_b', 100), pct('di_c', 10)]));
  assert.deepEqual(t.lines[0].discount_amounts.map((d) => d.amount), [500, 100, 40]);
  assert.equal(t.total, 360);
});

test('amount_off in another currency does not apply', () => {
  const t = computeInvoiceTotals([line(1000)], usd([off('di_eur', 500, 'eur'), pct('di_10', 10)]));
  assert.deepEqual(t.total_discount_amounts, [{ amount: 100, discount: 'di_10' }]);
  assert.equal(t.total, 900);
});

test('subtotal_excluding_tax uses the amount after item discounts, before invoice discounts', () => {
  const t = computeInvoiceTotals(
    [line(1190, { taxRates: [incl('txr_vat', 19)], discounts: [off('di_line', 119)] })],
    usd([pct('di_inv', 50)]),
  );
  // After the item discount 1071 = 900 net + 171 VAT. Then 50% off: 536 off, 535 left = 450 net + 85 VAT.
  assert.equal(t.subtotal, 1071);
  assert.equal(t.subtotal_excluding_tax, 900);
  assert.equal(t.lines[0].amount_excluding_tax, 1000);
  assert.equal(t.total, 535); // 1071 - round(535.5)=536
  assert.deepEqual(t.lines[0].taxes[0], { amount: 85, tax_rate_id: 'txr_vat', taxable_amount: 450, tax_behavior: 'inclusive' });
  assert.equal(t.total_excluding_tax, 450);
});

test('empty invoice', () => {
  const t = computeInvoiceTotals([], usd([pct('di', 10)]));
  assert.equal(t.total, 0);
  assert.deepEqual(t.total_discount_amounts, [{ amount: 0, discount: 'di' }]);
});
