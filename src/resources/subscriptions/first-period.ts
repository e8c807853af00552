// A new subscription's first period and the lines of its first invoice, for the ways it can
// start: a trial ($0 lines up to the trial end), a future billing cycle anchor (a prorated stub
// up to it: "with `none` that period is free", docs.stripe.com/payments/checkout/billing-cycle),
// `backdate_start_date` (the elapsed time charged as docs.stripe.com/billing/subscriptions/
// backdating says: classic one prorated line over imagined intervals from the start, flexible one
// line per natural period; `proration_behavior=none` charges nothing for it), or now.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { boundary, type Interval } from '../../billing/billing-period.ts';
import { imaginedSpans, MAX_BACKDATED_SPANS, naturalSpans, spanAmount, spansAmount, type Span } from '../../billing/backdate.ts';
import type { SubscriptionLineSpec } from '../invoices/subscription-invoice.ts';
import { itemLine } from './billing.ts';
import { periodAmount } from './items.ts';
import type { Subscription, SubscriptionItem } from './model.ts';

export interface FirstPeriod {
  /** The billing cycle anchor: the trial end, the future anchor, or now. */
  anchor: number;
  /** The current period after creation. */
  period: { start: number; end: number };
  trialing: boolean;
  /** A future anchor, when there is one (the stub runs up to it). */
  future: number | null;
  /** `backdate_start_date`, when given. */
  backdate: number | null;
  /** Where the stub's periods are counted from (the anchor, or an anchor config's reference). */
  ref: number;
}

export function firstPeriod(now: number, o: { trialEnd?: number; future?: number; backdate?: number; ref?: number; interval: Interval; count: number }): FirstPeriod {
  const trialing = o.trialEnd !== undefined && o.trialEnd > now;
  const backdate = o.backdate ?? null;
  if (trialing) return { anchor: o.trialEnd!, period: { start: now, end: o.trialEnd! }, trialing, future: null, backdate, ref: o.trialEnd! };
  if (o.future !== undefined) return { anchor: o.future, period: { start: backdate ?? now, end: o.future }, trialing, future: o.future, backdate, ref: o.ref ?? o.future };
  return { anchor: now, period: { start: now, end: boundary(now, o.interval, o.count, 1) }, trialing, future: null, backdate, ref: now };
}

const partial = (s: Span) => s.start !== s.whole.start || s.end !== s.whole.end;

/** The first invoice's lines for one item. */
export async function firstLines(
  ctx: Ctx,
  sub: Subscription,
  item: SubscriptionItem,
  fp: FirstPeriod,
  prorations: boolean,
): Promise<SubscriptionLineSpec[]> {
  const now = ctx.now;
  const { interval, interval_count: count } = sub.internal.interval!;
  const whole = periodAmount(item);
  const flexible = sub.billing_mode.type === 'flexible';
  const remaining = (from: number) => (b: string) => `Remaining time on ${b} after ${dayOf(from)}`;
  if (fp.trialing) return [await itemLine(ctx, sub, item, fp.period, { amount: 0, description: (_b, product) => `Trial period for ${product}` })];

  const lines: SubscriptionLineSpec[] = [];
  // The time before the first full period: up to the future anchor, or (backdated) up to now.
  const stubEnd = fp.future ?? (fp.backdate !== null ? now : null);
  if (stubEnd !== null) {
    const from = fp.backdate ?? now;
    const span = { start: from, end: stubEnd };
    if (!prorations) {
      // Free up to the anchor; backdated time without an anchor is simply not charged.
      if (fp.future !== null) lines.push(await itemLine(ctx, sub, item, span, { amount: 0, description: remaining(from) }));
    } else if (fp.backdate !== null && !flexible) {
      const amount = spansAmount(whole, imaginedSpans(from, stubEnd, interval, count));
      lines.push(await itemLine(ctx, sub, item, span, { amount, proration: true, description: remaining(from) }));
    } else if (fp.backdate !== null) {
      const spans = naturalSpans(from, stubEnd, interval, count, fp.future !== null ? fp.ref : stubEnd);
      if (spans.length * sub.items.data.length > MAX_BACKDATED_SPANS)
        throw errors.invalidRequest(`Backdating isn't supported when an invoice has more than ${MAX_BACKDATED_SPANS} line items.`, 'backdate_start_date');
      for (const s of spans)
        lines.push(await itemLine(ctx, sub, item, { start: s.start, end: s.end }, partial(s) ? { amount: spanAmount(whole, s), proration: true, description: remaining(s.start) } : {}));
    } else {
      const amount = spansAmount(whole, naturalSpans(from, stubEnd, interval, count, fp.ref));
      lines.push(await itemLine(ctx, sub, item, span, { amount, proration: amount !== 0, description: remaining(from) }));
    }
  }
  // No future anchor: the item's first whole period from now (its own, with mixed intervals).
  if (fp.future === null) lines.push(await itemLine(ctx, sub, item, { start: item.current_period_start, end: item.current_period_end }));
  return lines;
}

/** "03 Mar 2017", as Stripe's proration descriptions print a date. */
export function dayOf(unix: number): string {
  const d = new Date(unix * 1000);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${String(d.getUTCDate()).padStart(2, '0')} ${month} ${d.getUTCFullYear()}`;
}
