// Mixed interval subscriptions: "You can include multiple subscription items with different
// prices and billing periods on a single subscription … Stripe generates a single, combined
// invoice when item-level billing periods align and separate invoices when billing periods
// diverge. Mixed interval subscriptions must use flexible billing mode"
// (docs.stripe.com/billing/subscriptions/mixed-interval; 2025-07-30.basil). Each item keeps its
// own period, counted from the subscription's billing cycle anchor with its own interval; the
// subscription's period (shown before basil) is the shortest: "the top-level current_period_[start|end]
// will reflect the smallest item level period".
import type { Ctx } from '../../http/context.ts';
import { nextBoundary, periodAt, sameCycle } from '../../billing/billing-period.ts';
import type { Price } from '../prices/model.ts';
import { cycleAnchorOf } from './anchor.ts';
import type { Subscription, SubscriptionItem } from './model.ts';

/** Whether a subscription in `mode` may hold items of different intervals at this request's version. */
export function mixedAllowed(ctx: Ctx, mode: Subscription['billing_mode']['type']): boolean {
  return mode === 'flexible' && !ctx.hints?.sameIntervals;
}

/** Whether the items bill on more than one interval. */
export function isMixed(items: readonly Pick<SubscriptionItem, 'price'>[]): boolean {
  const first = items[0]?.price.recurring;
  return items.some((i) => first && i.price.recurring && !sameCycle(first, i.price.recurring));
}

const cycleOf = (price: Price) => ({ interval: price.recurring!.interval, count: price.recurring!.interval_count });

/** The period an item added at `at` bills for: its interval's period around `at`, counted from the anchor. */
export function itemPeriodAt(sub: Subscription, price: Price, at: number): { start: number; end: number } {
  const { interval, count } = cycleOf(price);
  return periodAt(cycleAnchorOf(sub), interval, count, at);
}

/** The item period that ends first (the subscription's period; the renewal timer's time). */
export function shortestPeriod(items: readonly SubscriptionItem[]): { start: number; end: number } {
  const first = items.reduce((a, b) => (b.current_period_end < a.current_period_end ? b : a));
  return { start: first.current_period_start, end: first.current_period_end };
}

/**
 * At a renewal at the end of `period`: every item whose period ends then moves to its next one
 * (with one interval for all items, all of them); returns those items, the renewal's lines.
 */
export function advanceDueItems(sub: Subscription, period: { start: number; end: number }): SubscriptionItem[] {
  const anchor = cycleAnchorOf(sub);
  const due = sub.items.data.filter((i) => i.current_period_end <= period.end);
  for (const item of due) {
    const { interval, count } = cycleOf(item.price);
    item.current_period_start = period.end;
    item.current_period_end = nextBoundary(anchor, interval, count, period.end);
  }
  sub.internal.period = shortestPeriod(sub.items.data);
  return due;
}
