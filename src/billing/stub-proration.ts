// The value of the end of a first period that is not one whole interval (a stub up to a future
// billing cycle anchor, or a backdated start up to one), priced the way that stub was charged
// (billing/backdate.ts): natural periods counted back from the anchor, or (classic backdating)
// imagined intervals from the backdated start. A credit computed so never exceeds what was charged
// for the same time, as a proration over the stub's own length would. Pure.
import { imaginedSpans, naturalSpans, spansAmount, type Span } from './backdate.ts';
import type { Interval } from './billing-period.ts';

export interface StubPricing {
  interval: Interval;
  count: number;
  /** Where natural periods are counted from (the anchor, or an anchor config's reference). */
  ref: number;
  /** Classic backdating: imagined intervals from the period's start. */
  imagined: boolean;
}

/** The stub's spans, cut to the time from `at` on. */
export function spansAfter(spans: readonly Span[], at: number): Span[] {
  return spans.filter((s) => s.end > at).map((s) => ({ ...s, start: Math.max(s.start, at) }));
}

/** `amount` (a whole interval's price) for the stub `period`'s time after `at`, rounded once. */
export function stubRemainder(amount: number, period: { start: number; end: number }, at: number, o: StubPricing): number {
  const spans = o.imagined ? imaginedSpans(period.start, period.end, o.interval, o.count) : naturalSpans(period.start, period.end, o.interval, o.count, o.ref);
  const exact = spansAmount(Math.abs(amount), spansAfter(spans, at));
  return amount < 0 ? -exact : exact;
}
