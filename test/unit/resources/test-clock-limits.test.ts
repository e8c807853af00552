// How far one test clock advance may go (pure): two of the shortest subscription interval, or
// two years without subscriptions (docs.stripe.com/api/test_clocks/advance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUnits, advanceLimit } from '../../../src/resources/test-clocks/limits.ts';

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;

test('without subscriptions: two years', () => {
  assert.equal(advanceLimit(utc(2030, 1, 15), []), utc(2032, 1, 15));
  // 29 February has no twin two years on: the month's last day.
  assert.equal(advanceLimit(utc(2028, 2, 29), []), utc(2030, 2, 28));
});

test('with subscriptions: two of the shortest interval', () => {
  const t = utc(2030, 1, 31);
  assert.equal(advanceLimit(t, [{ interval: 'month', interval_count: 1 }, { interval: 'year', interval_count: 1 }]), utc(2030, 3, 31));
  assert.equal(advanceLimit(t, [{ interval: 'week', interval_count: 2 }, { interval: 'month', interval_count: 1 }]), t + 28 * 86_400);
  assert.equal(advanceLimit(t, [{ interval: 'day', interval_count: 3 }]), t + 6 * 86_400);
  assert.equal(advanceLimit(t, [{ interval: 'month', interval_count: 3 }]), utc(2030, 7, 31));
});

test('months clamp to the last day of the month', () => {
  assert.equal(addUnits(utc(2030, 12, 31), 'month', 2), utc(2031, 2, 28));
  assert.equal(addUnits(utc(2031, 11, 30) + 3600, 'month', 3), utc(2032, 2, 29) + 3600);
});
