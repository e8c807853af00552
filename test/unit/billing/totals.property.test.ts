import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeInvoiceTotals, type TotalsLineInput } from '../../../src/billing/totals.ts';
import type { CouponLike } from '../../../src/billing/discounts.ts';
import type { TaxRateLike } from '../../../src/billing/taxes.ts';

const RATES: TaxRateLike[] = [
  { id: 'txr_vat19', percentage: 19, inclusive: true },
  { id: 'txr_vat7', percentage: '7.5', inclusive: true },
  { id: 'txr_sales', percentage: '8.25', inclusive: false },
  { id: 'txr_city', percentage: '0.0001', inclusive: false },
  { id: 'txr_zero', percentage: 0, inclusive: false },
];

const coupon = (id: string) =>
  fc.oneof(
    fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom('12.5', '33.33', '0.01')).map(
      (p): CouponLike => ({ id, percentOff: p, amountOff: null, currency: null }),
    ),
    fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.constantFrom('usd', 'usd', 'eur')).map(
      ([a, c]): CouponLike => ({ id, percentOff: null, amountOff: a, currency: c }),
    ),
  );

const lineArb = (i: number) =>
  fc.record({
    amount: fc.oneof(fc.integer({ min: -50_000, max: 1_000_000 }), fc.constantFrom(0, 1, -1, 99, 100)),
    discountable: fc.boolean(),
    taxRates: fc.subarray(RATES),
    discounts: fc.array(coupon(`di_line${i}`), { maxLength: 2 }).map((cs) => cs.map((c, k) => ({ ...c, id: `${c.id}_${k}` }))),
  });

const invoiceArb = fc.record({
  lines: fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lineArb(i)))),
  discounts: fc.array(coupon('di_inv'), { maxLength: 3 }).map((cs) => cs.map((c, k) => ({ ...c, id: `${c.id}_${k}` }))),
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function run(lines: TotalsLineInput[], discounts: CouponLike[]) {
  return computeInvoiceTotals(lines, { currency: 'usd', discounts });
}

test('property: discount amounts add up per discount and overall', () => {
  fc.assert(
    fc.property(invoiceArb, ({ lines, discounts }) => {
      const t = run(lines, discounts);
      const perId = new Map<string, number>();
      for (const l of t.lines) for (const d of l.discount_amounts) perId.set(d.discount, (perId.get(d.discount) ?? 0) + d.amount);
      const totals = new Map(t.total_discount_amounts.map((d) => [d.discount, d.amount]));
      for (const [id, amount] of perId) assert.equal(totals.get(id), amount, id);
      // A discount no line took part in (e.g. no discountable lines) is listed with 0.
      for (const [id, amount] of totals) assert.equal(amount, perId.get(id) ?? 0, id);
      assert.equal(sum(t.total_discount_amounts.map((d) => d.amount)), t.discountTotal);
      // An amount_off coupon never gives more than its face value.
      for (const c of [...discounts, ...lines.flatMap((l) => l.discounts)]) {
        if (c.amountOff !== null) assert.ok((perId.get(c.id) ?? 0) <= c.amountOff);
      }
    }),
    { numRuns: 300 },
  );
});

test('property: total = subtotal - invoice discounts + exclusive tax = sum(amount) - all discounts + exclusive tax', () => {
  fc.assert(
    fc.property(invoiceArb, ({ lines, discounts }) => {
      const t = run(lines, discounts);
      const exclusive = sum(t.lines.flatMap((l) => l.taxes.filter((x) => x.tax_behavior === 'exclusive').map((x) => x.amount)));
      const inclusive = sum(t.lines.flatMap((l) => l.taxes.filter((x) => x.tax_behavior === 'inclusive').map((x) => x.amount)));
      const invoiceLevel = sum(t.lines.map((l) => l.invoiceDiscountTotal));
      assert.equal(t.total, t.subtotal - invoiceLevel + exclusive);
      assert.equal(t.total, sum(lines.map((l) => l.amount)) - t.discountTotal + exclusive);
      assert.equal(t.subtotal, sum(lines.map((l) => l.amount)) - sum(t.lines.map((l) => l.itemDiscountTotal)));
      assert.equal(t.total_excluding_tax, t.total - exclusive - inclusive);
      assert.equal(t.total_excluding_tax, sum(t.lines.map((l) => l.discountedAmount)) - inclusive);
      assert.equal(t.exclusiveTax, exclusive);
      assert.equal(t.inclusiveTax, inclusive);
    }),
    { numRuns: 300 },
  );
});

test('property: discounts keep positive lines within [0, amount] and leave undiscountable lines alone', () => {
  fc.assert(
    fc.property(invoiceArb, ({ lines, discounts }) => {
      const t = run(lines, discounts);
      t.lines.forEach((l, i) => {
        const input = lines[i];
        if (!input.discountable) {
          assert.deepEqual(l.discount_amounts, []);
          assert.equal(l.discountedAmount, input.amount);
        }
        if (input.amount >= 0) {
          assert.ok(l.discountedAmount >= 0, `line ${i} went to ${l.discountedAmount}`);
          assert.ok(l.discountedAmount <= input.amount);
        } else {
          // A credit can shrink (percent_off, when discountable) but never grow.
          assert.ok(l.discountedAmount >= input.amount && l.discountedAmount <= 0);
        }
      });
      // The invoice-level discounts never take the discountable lines below zero in total.
      if (lines.every((l) => l.amount >= 0)) assert.ok(t.total_excluding_tax <= t.subtotal);
    }),
    { numRuns: 300 },
  );
});

test('property: per-rate sums of line taxes equal total_taxes', () => {
  fc.assert(
    fc.property(invoiceArb, ({ lines, discounts }) => {
      const t = run(lines, discounts);
      const amount = new Map<string, number>();
      const taxable = new Map<string, number>();
      for (const tax of t.lines.flatMap((l) => l.taxes)) {
        amount.set(tax.tax_rate_id, (amount.get(tax.tax_rate_id) ?? 0) + tax.amount);
        taxable.set(tax.tax_rate_id, (taxable.get(tax.tax_rate_id) ?? 0) + tax.taxable_amount);
      }
      assert.deepEqual(new Map(t.total_taxes.map((x) => [x.tax_rate_id, x.amount])), amount);
      assert.deepEqual(new Map(t.total_taxes.map((x) => [x.tax_rate_id, x.taxable_amount])), taxable);
      for (const x of t.total_taxes) assert.equal(x.inclusive, RATES.find((r) => r.id === x.tax_rate_id)!.inclusive);
    }),
    { numRuns: 300 },
  );
});

test('property: inclusive taxes stay inside the line and exclusive taxes have the sign of the line', () => {
  fc.assert(
    fc.property(invoiceArb, ({ lines, discounts }) => {
      const t = run(lines, discounts);
      t.lines.forEach((l) => {
        const incl = sum(l.taxes.filter((x) => x.tax_behavior === 'inclusive').map((x) => x.amount));
        assert.ok(Math.abs(incl) <= Math.abs(l.discountedAmount));
        for (const x of l.taxes) {
          assert.ok(x.amount === 0 || Math.sign(x.amount) === Math.sign(l.discountedAmount));
          assert.equal(x.taxable_amount, l.discountedAmount - incl);
        }
      });
    }),
    { numRuns: 300 },
  );
});
