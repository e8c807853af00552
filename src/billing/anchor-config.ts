// `billing_cycle_anchor_config`: the anchor Stripe computes from a day of the month (and
// optionally a month and a time of day). Pure, in UTC.
//
// Stripe (SubscriptionCreateParams.billing_cycle_anchor_config): "Mutually exclusive with
// billing_cycle_anchor and only valid with monthly and yearly price intervals. When provided, the
// billing_cycle_anchor is set to the next occurrence of the day_of_month at the hour, minute, and
// second UTC." `month` is "the month to start full cycle periods". A day the month lacks becomes
// its last day (as every month-end anchor does, docs.stripe.com/billing/subscriptions/billing-cycle),
// and later periods still fall on that day where the month has it (day 31: Feb 28, Mar 31, Apr 30).
import type { Interval } from './billing-period.ts';

export interface AnchorConfig {
  day_of_month: number;
  month?: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const lastDayOf = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The config's moment in a given month (month0 counts from 0 and may overflow into later years). */
function occurrence(year: number, month0: number, c: AnchorConfig, time: { h: number; m: number; s: number }): number {
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12;
  const day = Math.min(c.day_of_month, lastDayOf(y, m));
  return Date.UTC(y, m, day, c.hour ?? time.h, c.minute ?? time.m, c.second ?? time.s) / 1000;
}

/**
 * The first occurrence after `now` of the config. An hour, minute or second left out takes the
 * value of `now` (InvoiceKit's reading: Stripe's reference names them optional without a default).
 */
export function anchorFromConfig(now: number, c: AnchorConfig): number {
  const d = new Date(now * 1000);
  const time = { h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds() };
  for (let k = 0; k <= 24; k++) {
    const month0 = d.getUTCMonth() + k;
    if (c.month !== undefined && ((month0 % 12) + 1) !== c.month) continue;
    const at = occurrence(d.getUTCFullYear(), month0, c, time);
    if (at > now) return at;
  }
  throw new Error('unreachable: a month repeats within 24');
}

/**
 * A moment the periods can be counted from so that they land on the config's day: the anchor
 * itself when its month has that day, else an earlier occurrence (a whole number of intervals
 * back) whose month does. Counting from Jan 31 gives Feb 28, Mar 31; counting from Feb 28 would not.
 */
export function cycleReference(anchor: number, c: AnchorConfig, interval: Interval, count: number): number {
  const d = new Date(anchor * 1000);
  const time = { h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds() };
  const step = interval === 'year' ? 12 * count : count;
  if (interval !== 'month' && interval !== 'year') return anchor;
  for (let k = 0; k <= 48; k++) {
    const month0 = d.getUTCMonth() - k * step;
    const y = d.getUTCFullYear() + Math.floor(month0 / 12);
    const m = ((month0 % 12) + 12) % 12;
    if (c.day_of_month <= lastDayOf(y, m)) return occurrence(d.getUTCFullYear(), month0, c, time);
  }
  return anchor;
}
