import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toLegacyTaxAmount, toPretaxCreditAmount, toStripeTax } from '../../../src/billing/tax-shapes.ts';
import { computeInvoiceTotals } from '../../../src/billing/totals.ts';

const totals = computeInvoiceTotals(
  [{ amount: 1190, discountable: true, discounts: [], taxRates: [{ id: 'txr_vat', percentage: 19, inclusive: true }] }],
  { currency: 'eur', discounts: [{ id: 'di_1', percentOff: 10, amountOff: null, currency: null }] },
);

test('line taxes render in the basil `taxes[]` shape', () => {
  assert.deepEqual(totals.lines[0].taxes.map(toStripeTax), [{
    amount: 171, tax_behavior: 'inclusive', tax_rate_details: { tax_rate: 'txr_vat' },
    taxability_reason: 'standard_rated', taxable_amount: 900, type: 'tax_rate_details',
  }]);
});

test('invoice total_taxes render in the same shape and in the legacy total_tax_amounts shape', () => {
  assert.deepEqual(totals.total_taxes.map(toStripeTax), totals.lines[0].taxes.map(toStripeTax));
  assert.deepEqual(totals.total_taxes.map(toLegacyTaxAmount), [
    { amount: 171, inclusive: true, tax_rate: 'txr_vat', taxability_reason: null, taxable_amount: 900 },
  ]);
});

test('discount amounts render as pretax_credit_amounts', () => {
  assert.deepEqual(totals.lines[0].discount_amounts.map(toPretaxCreditAmount), [{ amount: 119, discount: 'di_1', type: 'discount' }]);
});
