// The billing intervals a subscription keeps on its customer's test clock, for the advance limit
// ("two intervals in the future from the shortest subscription": docs.stripe.com/api/test_clocks/advance).
// Every item counts: a mixed-interval subscription's shortest item is its shortest interval.
import type { BillingInterval } from '../../work/timers.ts';
import { ENDED, type Subscription } from './model.ts';

export function clockIntervalsOf(sub: Subscription): BillingInterval[] {
  if (ENDED.has(sub.status)) return [];
  const out: BillingInterval[] = [];
  for (const item of sub.items.data) {
    const r = item.price.recurring;
    if (r) out.push({ interval: r.interval, interval_count: r.interval_count });
  }
  // A subscription saved without its prices' intervals still has the one it bills on.
  if (out.length === 0 && sub.internal.interval) out.push(sub.internal.interval);
  return out;
}
