// A subscription's billing cycle anchor: the moment its periods are counted from. Usually
// `billing_cycle_anchor` itself; with `billing_cycle_anchor_config` an earlier occurrence of the
// configured day when the anchor's month lacked it (billing/anchor-config.ts), so that day 31
// still bills on the 31st after a February.
import { cycleReference, type AnchorConfig } from '../../billing/anchor-config.ts';
import type { Subscription } from './model.ts';

export function toConfig(c: NonNullable<Subscription['billing_cycle_anchor_config']>): AnchorConfig {
  return { day_of_month: c.day_of_month, month: c.month ?? undefined, hour: c.hour ?? undefined, minute: c.minute ?? undefined, second: c.second ?? undefined };
}

/** What renewals count periods from. */
export function cycleAnchorOf(sub: Pick<Subscription, 'billing_cycle_anchor' | 'billing_cycle_anchor_config' | 'internal'>): number {
  const c = sub.billing_cycle_anchor_config;
  const iv = sub.internal.interval;
  if (c === null || !iv) return sub.billing_cycle_anchor;
  return cycleReference(sub.billing_cycle_anchor, toConfig(c), iv.interval, iv.interval_count);
}
