// The charge for time before a subscription was created (`backdate_start_date`). Pure.
//
// Stripe (docs.stripe.com/billing/subscriptions/backdating): classic billing mode makes "a single
// prorated line item for the backdated period", prorated "based on an imagined interval that starts
// on the backdated start date" (monthly from Feb 15 to Mar 1 is 14/28 of a month; Jan 15 to Feb 1 is
// 17/31). Flexible billing mode makes "one line item for each natural billing period that occurs
// during the backdated period, which behaves similarly to regular billing": periods counted back
// from the billing cycle anchor, the first one prorated over its own length.
import { dec } from './rounding.ts';
import { boundary, type Interval } from './billing-period.ts';

/** A stretch of billed time and the whole period it is a part of. */
export interface Span {
  start: number;
  end: number;
  whole: { start: number; end: number };
}

/** Stripe: "Backdating isn't supported when an invoice has more than 250 line items". */
export const MAX_BACKDATED_SPANS = 250;
/** Enough for 250 natural periods of a day; stops a loop over a silly range. */
const MAX_STEPS = 10_000;

/** Classic: the imagined intervals from `from` forward, cut at `to`. */
export function imaginedSpans(from: number, to: number, interval: Interval, count: number): Span[] {
  const out: Span[] = [];
  for (let n = 0; n < MAX_STEPS; n++) {
    const start = boundary(from, interval, count, n);
    if (start >= to) break;
    const end = boundary(from, interval, count, n + 1);
    out.push({ start, end: Math.min(end, to), whole: { start, end } });
  }
  return out;
}

/**
 * Flexible (and a future anchor's first period): natural periods counted back from `anchor`, cut at
 * `from`. `ref` is the moment periods are counted from when that is not the anchor itself (an
 * anchor config's day 31 landing on Feb 28 counts from Jan 31: billing/anchor-config.ts).
 */
export function naturalSpans(from: number, anchor: number, interval: Interval, count: number, ref = anchor): Span[] {
  let top = 0;
  while (boundary(ref, interval, count, top) < anchor && top < MAX_STEPS) top++;
  const out: Span[] = [];
  for (let n = top - 1; n > top - MAX_STEPS; n--) {
    const start = boundary(ref, interval, count, n);
    const end = boundary(ref, interval, count, n + 1);
    if (end <= from) break;
    out.push({ start: Math.max(start, from), end, whole: { start, end } });
    if (start <= from) break;
  }
  return out.reverse();
}

/** `amount` for one span: the part of its whole period it covers, rounded to the minor unit. */
export function spanAmount(amount: number, span: Span): number {
  const total = span.whole.end - span.whole.start;
  if (total <= 0) return 0;
  return dec(amount).mul(span.end - span.start).div(total).toDecimalPlaces(0).toNumber();
}

/** `amount` for several spans on one line: the fractions added up exactly, rounded once. */
export function spansAmount(amount: number, spans: readonly Span[]): number {
  let sum = dec(0);
  for (const s of spans) {
    const total = s.whole.end - s.whole.start;
    if (total > 0) sum = sum.add(dec(amount).mul(s.end - s.start).div(total));
  }
  return sum.toDecimalPlaces(0).toNumber();
}
