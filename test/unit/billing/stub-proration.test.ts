import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stubRemainder } from '../../../src/billing/stub-proration.ts';

const utc = (s: string) => Date.parse(s) / 1000;
const DEC15 = utc('2029-12-15T00:00:00Z');
const JAN1 = utc('2030-01-01T00:00:00Z');
const JAN8 = utc('2030-01-08T00:00:00Z');
const JAN15 = utc('2030-01-15T00:00:00Z');
const JAN22 = utc('2030-01-22T00:00:00Z');
const FEB1 = utc('2030-02-01T00:00:00Z');
const monthly = { interval: 'month' as const, count: 1 };

test('a future anchor stub: natural periods counted back from the anchor', () => {
  // Jan 1 → Jan 15 is 14 days of Dec 15 → Jan 15 (31 days): 3100 × 14/31 = 1400; 700 after Jan 8.
  const o = { ...monthly, ref: JAN15, imagined: false };
  assert.equal(stubRemainder(3100, { start: JAN1, end: JAN15 }, JAN1, o), 1400);
  assert.equal(stubRemainder(3100, { start: JAN1, end: JAN15 }, JAN8, o), 700);
  assert.equal(stubRemainder(-3100, { start: JAN1, end: JAN15 }, JAN8, o), -700);
});

test('classic backdating: imagined intervals from the backdated start', () => {
  // Dec 15 → Feb 1: Dec 15 → Jan 15 whole, then 17 of the 31 days of Jan 15 → Feb 15.
  const o = { ...monthly, ref: FEB1, imagined: true };
  assert.equal(stubRemainder(3100, { start: DEC15, end: FEB1 }, JAN22, o), 1000);
  // 7 days of the first interval and all 17 of the second.
  assert.equal(stubRemainder(3100, { start: DEC15, end: FEB1 }, JAN8, o), 2400);
  assert.equal(stubRemainder(3100, { start: DEC15, end: FEB1 }, DEC15, o), 3100 + 1700);
});
