import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imaginedSpans, naturalSpans, spanAmount, spansAmount } from '../../../src/billing/backdate.ts';

const utc = (s: string) => Date.parse(s) / 1000;

test('classic: an imagined interval from the backdated start (Stripe backdating docs)', () => {
  // Feb 15 → Mar 1 of a non-leap year: 14 of the 28 days of Feb 15 → Mar 15, exactly half.
  const feb = imaginedSpans(utc('2023-02-15T00:00:00Z'), utc('2023-03-01T00:00:00Z'), 'month', 1);
  assert.deepEqual(feb, [{ start: utc('2023-02-15T00:00:00Z'), end: utc('2023-03-01T00:00:00Z'), whole: { start: utc('2023-02-15T00:00:00Z'), end: utc('2023-03-15T00:00:00Z') } }]);
  assert.equal(spansAmount(1000, feb), 500);
  // Jan 15 → Feb 1: 17/31 of a month = 0.548… → 548 of 1000.
  assert.equal(spansAmount(1000, imaginedSpans(utc('2023-01-15T00:00:00Z'), utc('2023-02-01T00:00:00Z'), 'month', 1)), 548);
  // Sep 1 → Nov 1 (the docs' migration example): two whole months, 2000.
  assert.equal(spansAmount(1000, imaginedSpans(utc('2023-09-01T00:00:00Z'), utc('2023-11-01T00:00:00Z'), 'month', 1)), 2000);
  // Sep 1 → Oct 16: a month and 15/31 of Oct 1 → Nov 1: 1000 × 1.48387 = 1483.87 → 1484, rounded once.
  assert.equal(spansAmount(1000, imaginedSpans(utc('2023-09-01T00:00:00Z'), utc('2023-10-16T00:00:00Z'), 'month', 1)), 1484);
  // Nothing backdated: no span.
  assert.deepEqual(imaginedSpans(100, 100, 'day', 1), []);
});

test('flexible: natural periods counted back from the anchor, the first prorated', () => {
  const spans = naturalSpans(utc('2023-01-15T00:00:00Z'), utc('2023-03-01T00:00:00Z'), 'month', 1);
  assert.equal(spans.length, 2);
  // Jan 15 → Feb 1 of the natural period Jan 1 → Feb 1: 17/31 → 548; then Feb 1 → Mar 1 whole: 1000.
  assert.deepEqual(spans.map((s) => spanAmount(1000, s)), [548, 1000]);
  assert.equal(spans[0].whole.start, utc('2023-01-01T00:00:00Z'));
  // A start on a boundary: whole periods only (weekly, 3 weeks back).
  const weeks = naturalSpans(0, 21 * 86400, 'week', 1);
  assert.deepEqual(weeks.map((s) => spanAmount(700, s)), [700, 700, 700]);
  // A future anchor's first period (the existing stub): May 15 → Jun 1 of May 1 → Jun 1 = 17/31 → 548.
  assert.equal(spansAmount(1000, naturalSpans(utc('2023-05-15T00:00:00Z'), utc('2023-06-01T00:00:00Z'), 'month', 1)), 548);
});

test('natural periods counted from a reference that keeps day 31 (anchor config)', () => {
  // Anchor Feb 28 08:30 from day_of_month 31, counted from Jan 31 08:30: created Feb 10 08:30,
  // the first period is 18 of the 28 days of Jan 31 → Feb 28: 1000 × 18/28 = 642.86 → 643.
  const spans = naturalSpans(utc('2023-02-10T08:30:00Z'), utc('2023-02-28T08:30:00Z'), 'month', 1, utc('2023-01-31T08:30:00Z'));
  assert.deepEqual(spans, [{ start: utc('2023-02-10T08:30:00Z'), end: utc('2023-02-28T08:30:00Z'), whole: { start: utc('2023-01-31T08:30:00Z'), end: utc('2023-02-28T08:30:00Z') } }]);
  assert.equal(spansAmount(1000, spans), 643);
});
