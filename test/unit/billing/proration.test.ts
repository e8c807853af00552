import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prorate, prorationLines } from '../../../src/billing/proration.ts';
import { boundary, periodAt } from '../../../src/billing/billing-period.ts';

const utc = (s: string) => Date.parse(s) / 1000;

test('prorate: hand-computed fractions of a period, rounded per line', () => {
  // Stripe's worked example (2017): 1000/month, period Feb 14 → Mar 14 (2,419,200 s), 881,112 s left → 364.2 → 364.
  assert.equal(prorate(1000, 1487030400, 1489449600, 1488568488), 364);
  // Halfway through a 30-day period: exactly half.
  assert.equal(prorate(1000, 0, 30 * 86400, 15 * 86400), 500);
  // 2000 with 10 of 30 days left: 666.67 → 667; a credit mirrors it.
  assert.equal(prorate(2000, 0, 30 * 86400, 20 * 86400), 667);
  assert.equal(prorate(-2000, 0, 30 * 86400, 20 * 86400), -667);
  // 0.5 rounds away from zero: 1 × 1/2.
  assert.equal(prorate(1, 0, 2, 1), 1);
  // At or after the end nothing is left; at or before the start all of it.
  assert.equal(prorate(1000, 0, 100, 100), 0);
  assert.equal(prorate(1000, 0, 100, -5), 1000);
});

test('prorationLines: Stripe docs example, 10 → 20 USD halfway: −5 and +10', () => {
  assert.deepEqual(prorationLines(1000, 2000, 0, 30 * 86400, 15 * 86400), [
    { amount: -500, kind: 'unused' },
    { amount: 1000, kind: 'remaining' },
  ]);
  // Quantity 1 → 3 of 700 with a third of the period left: −233 and +700.
  assert.deepEqual(prorationLines(700, 2100, 0, 3 * 86400, 2 * 86400), [
    { amount: -233, kind: 'unused' },
    { amount: 700, kind: 'remaining' },
  ]);
});

test('billing periods count from the anchor: Jan 31 bills Feb 28, Mar 31, Apr 30', () => {
  const anchor = utc('2025-01-31T10:00:00Z');
  assert.equal(boundary(anchor, 'month', 1, 1), utc('2025-02-28T10:00:00Z'));
  assert.equal(boundary(anchor, 'month', 1, 2), utc('2025-03-31T10:00:00Z'));
  assert.equal(boundary(anchor, 'month', 1, 3), utc('2025-04-30T10:00:00Z'));
  assert.equal(boundary(anchor, 'year', 1, 1), utc('2026-01-31T10:00:00Z'));
  assert.equal(boundary(anchor, 'week', 2, 1), anchor + 14 * 86400);
  assert.deepEqual(periodAt(anchor, 'month', 1, utc('2025-03-05T00:00:00Z')), { start: utc('2025-02-28T10:00:00Z'), end: utc('2025-03-31T10:00:00Z') });
  // Before a future anchor: the short period that ends at it.
  const may15 = utc('2025-05-15T00:00:00Z');
  const june1 = utc('2025-06-01T00:00:00Z');
  assert.deepEqual(periodAt(june1, 'month', 1, may15), { start: utc('2025-05-01T00:00:00Z'), end: june1 });
});

test('credits: classic from the current amount, flexible from what was debited', async () => {
  const { credits } = await import('../../../src/billing/proration.ts');
  const DAY = 86400;
  const period = { start: 0, end: 30 * DAY };
  // Billed 1000 for the period, then the quantity went 1 → 2 without prorations (now 2000 a period).
  // A change at day 15: classic credits half of the current 2000; flexible half of the 1000 billed.
  const debits = [{ amount: 1000, start: 0, end: 30 * DAY, line: 'il_1' }];
  assert.deepEqual(credits('classic', 2000, period, debits, 15 * DAY), [{ amount: -1000, debit: debits[0] }]);
  assert.deepEqual(credits('flexible', 2000, period, debits, 15 * DAY), [{ amount: -500, debit: debits[0] }]);
  // Billed in two debits (a prorated charge from day 10 of 1333 = 2000 × 20/30, replacing the first):
  // at day 20 flexible credits 1333 × 10/20 = 666.5 → 667 and the rest of the first debit's time is gone.
  const two = [
    { amount: 1000, start: 0, end: 10 * DAY },
    { amount: 1333, start: 10 * DAY, end: 30 * DAY },
  ];
  assert.deepEqual(credits('flexible', 2000, period, two, 20 * DAY).map((c) => c.amount), [-667]);
  // Two debits that both run on: one credit each.
  const both = [
    { amount: 900, start: 0, end: 30 * DAY },
    { amount: 600, start: 10 * DAY, end: 30 * DAY },
  ];
  assert.deepEqual(credits('flexible', 0, period, both, 20 * DAY).map((c) => c.amount), [-300, -300]);
  // Nothing left, nothing credited.
  assert.deepEqual(credits('classic', 2000, period, debits, 30 * DAY), []);
  assert.deepEqual(credits('flexible', 2000, period, debits, 30 * DAY), []);
  // Classic with no debit on record (a trial, or older data): the credit names none.
  assert.deepEqual(credits('classic', 600, period, [], 20 * DAY), [{ amount: -200, debit: null }]);
});
