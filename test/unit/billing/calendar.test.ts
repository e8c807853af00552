import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths } from '../../../src/billing/calendar.ts';

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (unix: number) => new Date(unix * 1000).toISOString();

test('addMonths keeps the day and time of day', () => {
  assert.equal(iso(addMonths(at('2026-01-15T10:20:30Z'), 1)), '2026-02-15T10:20:30.000Z');
  assert.equal(iso(addMonths(at('2026-11-22T00:00:00Z'), 3)), '2027-02-22T00:00:00.000Z');
  assert.equal(iso(addMonths(at('2026-03-01T00:00:00Z'), 12)), '2027-03-01T00:00:00.000Z');
});

test('addMonths clamps to the last day of a shorter month', () => {
  assert.equal(iso(addMonths(at('2026-01-31T12:00:00Z'), 1)), '2026-02-28T12:00:00.000Z');
  assert.equal(iso(addMonths(at('2028-01-31T12:00:00Z'), 1)), '2028-02-29T12:00:00.000Z');
  assert.equal(iso(addMonths(at('2026-08-31T00:00:00Z'), 1)), '2026-09-30T00:00:00.000Z');
  assert.equal(iso(addMonths(at('2026-01-31T00:00:00Z'), 2)), '2026-03-31T00:00:00.000Z');
});
