// How far one advance of a test clock may go (pure). Stripe: frozen_time "Must be after the test
// clock's current frozen time. Cannot be more than two intervals in the future from the shortest
// subscription in this test clock. If there are no subscriptions in this test clock, it cannot be
// more than two years in the future." (docs.stripe.com/api/test_clocks/advance)

import type { BillingInterval as Interval } from '../../work/timers.ts';

/** `at` moved by `n` calendar units in UTC (months clamp to the month's last day, as billing does). */
export function addUnits(at: number, unit: Interval['interval'], n: number): number {
  if (unit === 'day') return at + n * 86_400;
  if (unit === 'week') return at + n * 7 * 86_400;
  const d = new Date(at * 1000);
  const months = unit === 'year' ? 12 * n : n;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return Math.floor(target.getTime() / 1000);
}

/** The latest time one advance from `frozen` may reach: two of the shortest interval, or two years without any. */
export function advanceLimit(frozen: number, intervals: readonly Interval[]): number {
  if (intervals.length === 0) return addUnits(frozen, 'year', 2);
  return Math.min(...intervals.map((i) => addUnits(frozen, i.interval, 2 * i.interval_count)));
}
