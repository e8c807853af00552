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
