// Billing periods of a recurring price: the boundaries counted from the billing cycle anchor,
// in UTC. Stripe: an anchor on the 31st bills on the last day of shorter months and on the 31st
// again after them (docs.stripe.com/billing/subscriptions/billing-cycle), so every boundary is
// counted from the anchor itself, never from the previous boundary. Pure.
import { addMonths } from './calendar.ts';

export type Interval = 'day' | 'week' | 'month' | 'year';

const DAY = 86_400;

/** The `n`th boundary after `anchor` (n = 0 is the anchor), every `count` intervals. */
export function boundary(anchor: number, interval: Interval, count: number, n: number): number {
  switch (interval) {
    case 'day':
      return anchor + n * count * DAY;
    case 'week':
      return anchor + n * count * 7 * DAY;
    case 'month':
      return addMonths(anchor, n * count);
    case 'year':
      return addMonths(anchor, n * count * 12);
  }
}

/** The period containing `at` (start ≤ at < end), counted from `anchor` (which may lie after `at`: then the period ends at the anchor). */
export function periodAt(anchor: number, interval: Interval, count: number, at: number): { start: number; end: number } {
  if (at < anchor) {
    // Before the anchor: the (possibly short) period that ends at it.
    let n = -1;
    while (boundary(anchor, interval, count, n) > at) n--;
    return { start: boundary(anchor, interval, count, n), end: boundary(anchor, interval, count, n + 1) };
  }
  let n = 0;
  while (boundary(anchor, interval, count, n + 1) <= at) n++;
  return { start: boundary(anchor, interval, count, n), end: boundary(anchor, interval, count, n + 1) };
}

/** The boundary after `end` (the next period's end), counted from `anchor`. */
export function nextBoundary(anchor: number, interval: Interval, count: number, end: number): number {
  return periodAt(anchor, interval, count, end).end;
}

/** Whether two recurring prices bill on the same cycle (Stripe refuses mixing intervals in one subscription). */
export function sameCycle(a: { interval: Interval; interval_count: number }, b: { interval: Interval; interval_count: number }): boolean {
  return a.interval === b.interval && a.interval_count === b.interval_count;
}
