import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyCustomerBalance, deferBelowMinimum, isBelowMinimum, minimumChargeAmount,
} from '../../../src/billing/balance.ts';

test('applyCustomerBalance: STRIPE-BEHAVIOUR §6.5 worked examples and edge cases', () => {
  const cases: [number, number, { starting_balance: number; ending_balance: number; amount_due: number; appliedBalance: number }][] = [
    [2000, -500, { starting_balance: -500, ending_balance: 0, amount_due: 1500, appliedBalance: 500 }],
    [2000, -3000, { starting_balance: -3000, ending_balance: -1000, amount_due: 0, appliedBalance: 2000 }],
    [2000, 300, { starting_balance: 300, ending_balance: 0, amount_due: 2300, appliedBalance: -300 }],
    [2000, 0, { starting_balance: 0, ending_balance: 0, amount_due: 2000, appliedBalance: 0 }],
    [2000, -2000, { starting_balance: -2000, ending_balance: 0, amount_due: 0, appliedBalance: 2000 }],
    // Credit invoice: its credit goes to the balance.
    [-500, 0, { starting_balance: 0, ending_balance: -500, amount_due: 0, appliedBalance: -500 }],
    [-500, -3000, { starting_balance: -3000, ending_balance: -3500, amount_due: 0, appliedBalance: -500 }],
    [-500, 300, { starting_balance: 300, ending_balance: -200, amount_due: 0, appliedBalance: -500 }],
    [-500, 800, { starting_balance: 800, ending_balance: 0, amount_due: 300, appliedBalance: -800 }],
    // A zero invoice still collects what the customer owes.
    [0, 300, { starting_balance: 300, ending_balance: 0, amount_due: 300, appliedBalance: -300 }],
    [0, -300, { starting_balance: -300, ending_balance: -300, amount_due: 0, appliedBalance: 0 }],
  ];
  for (const [total, balance, want] of cases) assert.deepEqual(applyCustomerBalance(total, balance), want, `${total} with ${balance}`);
});

test('applyCustomerBalance rejects non-integers', () => {
  assert.throws(() => applyCustomerBalance(10.5, 0), RangeError);
  assert.throws(() => applyCustomerBalance(10, Number.NaN), RangeError);
});

test('minimum charge table (§6.2) and the default of 50', () => {
  const cases: [string, number][] = [
    ['usd', 50], ['gbp', 30], ['huf', 17500], ['jpy', 50], ['mxn', 1000], ['hkd', 400], ['EUR', 50],
    ['krw', 50], ['kwd', 50], ['zar', 50],
  ];
  for (const [c, min] of cases) assert.equal(minimumChargeAmount(c), min, c);
});

test('isBelowMinimum', () => {
  const cases: [string, number, boolean][] = [
    ['usd', 49, true], ['usd', 50, false], ['usd', 0, false], ['usd', -10, false], ['usd', 1, true],
    ['gbp', 29, true], ['gbp', 30, false], ['huf', 17499, true], ['jpy', 49, true], ['jpy', 50, false],
  ];
  for (const [c, amount, want] of cases) assert.equal(isBelowMinimum(c, amount), want, `${c} ${amount}`);
});

test('deferBelowMinimum moves a too-small amount due to the balance', () => {
  // Balance -1980 covers all but 20 cents of a 2000 invoice: 20 < 50, so nothing is charged.
  const settled = deferBelowMinimum('usd', applyCustomerBalance(2000, -1980));
  assert.deepEqual(settled, { starting_balance: -1980, ending_balance: 20, amount_due: 0, appliedBalance: 2000, deferredToBalance: 20 });
  const charged = deferBelowMinimum('usd', applyCustomerBalance(2000, -500));
  assert.equal(charged.amount_due, 1500);
  assert.equal(charged.deferredToBalance, 0);
});

const money = fc.integer({ min: -10_000_000, max: 10_000_000 });

test('property: balance application conserves money and never charges a negative amount', () => {
  fc.assert(
    fc.property(money, money, (total, balance) => {
      const r = applyCustomerBalance(total, balance);
      assert.ok(r.amount_due >= 0);
      assert.ok(r.ending_balance <= 0);
      assert.equal(r.starting_balance, balance);
      assert.equal(r.ending_balance, r.starting_balance + r.appliedBalance);
      assert.equal(r.amount_due, total - r.appliedBalance);
      // What is charged minus what is left as credit equals total plus what was owed.
      assert.equal(r.amount_due + r.ending_balance, total + balance);
      // Only one of the two can be non-zero.
      assert.ok(r.amount_due === 0 || r.ending_balance === 0);
      if (balance <= 0 && total >= 0) assert.ok(r.amount_due <= total);
    }),
  );
});

test('property: after deferral the amount due is zero or chargeable, money still conserved', () => {
  fc.assert(
    fc.property(money, money, fc.constantFrom('usd', 'gbp', 'huf', 'jpy', 'xof'), (total, balance, currency) => {
      const r = deferBelowMinimum(currency, applyCustomerBalance(total, balance));
      assert.ok(r.amount_due === 0 || r.amount_due >= minimumChargeAmount(currency));
      assert.equal(r.amount_due + r.ending_balance, total + balance);
      assert.equal(r.ending_balance, r.starting_balance + r.appliedBalance);
      assert.ok(r.deferredToBalance >= 0 && r.deferredToBalance < minimumChargeAmount(currency));
    }),
  );
});
