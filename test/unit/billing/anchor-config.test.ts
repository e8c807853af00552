import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorFromConfig, cycleReference } from '../../../src/billing/anchor-config.ts';
import { boundary } from '../../../src/billing/billing-period.ts';

const utc = (s: string) => Date.parse(s) / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString();

test('the next occurrence of the day, at the given time or the time of now', () => {
  // Day 31 in February: the last day, at now's time of day.
  assert.equal(iso(anchorFromConfig(utc('2023-02-10T08:30:00Z'), { day_of_month: 31 })), '2023-02-28T08:30:00.000Z');
  // Already past this month at the given time: next month.
  assert.equal(iso(anchorFromConfig(utc('2023-01-31T12:00:00Z'), { day_of_month: 31, hour: 0, minute: 0, second: 0 })), '2023-02-28T00:00:00.000Z');
  assert.equal(iso(anchorFromConfig(utc('2023-01-15T12:00:00Z'), { day_of_month: 1, hour: 9, minute: 5, second: 7 })), '2023-02-01T09:05:07.000Z');
  // A month: full periods start then (yearly), the next such month.
  assert.equal(iso(anchorFromConfig(utc('2023-05-01T00:00:00Z'), { day_of_month: 1, month: 3, hour: 0, minute: 0, second: 0 })), '2024-03-01T00:00:00.000Z');
  // Feb 29: the next February is a leap year's.
  assert.equal(iso(anchorFromConfig(utc('2023-03-01T00:00:00Z'), { day_of_month: 29, month: 2, hour: 0, minute: 0, second: 0 })), '2024-02-29T00:00:00.000Z');
});

test('periods keep the configured day after a short month', () => {
  const anchor = utc('2023-02-28T08:30:00Z');
  const ref = cycleReference(anchor, { day_of_month: 31 }, 'month', 1);
  assert.equal(iso(ref), '2023-01-31T08:30:00.000Z');
  assert.equal(boundary(ref, 'month', 1, 1), anchor);
  assert.equal(iso(boundary(ref, 'month', 1, 2)), '2023-03-31T08:30:00.000Z');
  assert.equal(iso(boundary(ref, 'month', 1, 3)), '2023-04-30T08:30:00.000Z');
  // Every 3 months from Feb 28: back to Nov 30 (30 days) is not enough, Aug 31 is.
  const q = cycleReference(anchor, { day_of_month: 31 }, 'month', 3);
  assert.equal(iso(q), '2022-08-31T08:30:00.000Z');
  assert.equal(iso(boundary(q, 'month', 3, 3)), '2023-05-31T08:30:00.000Z');
  // A day every month has: the anchor itself.
  assert.equal(cycleReference(utc('2023-02-10T00:00:00Z'), { day_of_month: 10 }, 'month', 1), utc('2023-02-10T00:00:00Z'));
});
