// `pending_invoice_item_interval`: "an interval for how often to bill for any pending invoice
// items. It is analogous to calling Create an invoice for the given subscription at the specified
// interval" (stripe@23 Subscription). Between renewals, a durable timer on the customer's clock
// invoices the subscription's pending items (prorations, items created with `subscription`) with
// `billing_reason: automatic_pending_invoice_item_invoice`; a draft that automatic collection
// finalizes and charges like a renewal's. Nothing pending, no invoice. The times are counted from
// when the interval was set; `next_pending_invoice_item_invoice` shows the next.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { boundary } from '../../billing/billing-period.ts';
import { setTimer } from '../../work/timers.ts';
import { customerRef } from '../customers/service.ts';
import { itemsWhere } from '../invoice-items/service.ts';
import { invoiceFor } from './billing.ts';
import { subscriptions } from './repository.ts';
import { saveSubscription } from './state.ts';
import { ENDED, type Subscription } from './model.ts';

export const PENDING_ITEMS_TIMER = 'subscription.pending_items';

type Interval = NonNullable<Subscription['pending_invoice_item_interval']>;

/** "Maximum of one year interval allowed (1 year, 12 months, or 52 weeks)"; days: 365. */
const MAX_COUNT: Record<Interval['interval'], number> = { day: 365, week: 52, month: 12, year: 1 };

/** Sets (or, with null, clears) the interval and the timer of its next invoice, counted from now. */
export async function setPendingInterval(
  ctx: Ctx,
  sub: Subscription,
  given: { interval: Interval['interval']; interval_count?: number } | null | undefined,
): Promise<void> {
  if (given === undefined) return;
  if (given === null) {
    sub.pending_invoice_item_interval = null;
    sub.next_pending_invoice_item_invoice = null;
    delete sub.internal.pending_interval_from;
    return setTimer(ctx, { kind: PENDING_ITEMS_TIMER, object: sub.id, runAt: null, testClock: sub.test_clock });
  }
  const count = given.interval_count ?? 1;
  if (count > MAX_COUNT[given.interval])
    throw errors.invalidRequest('The `pending_invoice_item_interval` can be at most one year (1 year, 12 months, 52 weeks or 365 days).', 'pending_invoice_item_interval[interval_count]');
  sub.pending_invoice_item_interval = { interval: given.interval, interval_count: count };
  sub.internal.pending_interval_from = ctx.now;
  await schedule(ctx, sub);
}

/** The next interval boundary after now, and its timer. */
async function schedule(ctx: Ctx, sub: Subscription): Promise<void> {
  const iv = sub.pending_invoice_item_interval;
  const from = sub.internal.pending_interval_from;
  if (iv === null || from === undefined || ENDED.has(sub.status)) {
    sub.next_pending_invoice_item_invoice = null;
    return setTimer(ctx, { kind: PENDING_ITEMS_TIMER, object: sub.id, runAt: null, testClock: sub.test_clock });
  }
  let n = 1;
  while (boundary(from, iv.interval, iv.interval_count, n) <= ctx.now) n++;
  const next = boundary(from, iv.interval, iv.interval_count, n);
  sub.next_pending_invoice_item_invoice = next;
  await setTimer(ctx, { kind: PENDING_ITEMS_TIMER, object: sub.id, runAt: next, testClock: sub.test_clock });
}

/** The timer fired: invoice what is pending for the subscription, then set the next one. */
export async function invoicePendingItems(ctx: Ctx, id: string): Promise<void> {
  const sub = await subscriptions.getForUpdate(ctx, id);
  if (!sub || sub.pending_invoice_item_interval === null) return;
  const due = sub.next_pending_invoice_item_invoice;
  if (due !== null && due <= ctx.now && !ENDED.has(sub.status) && sub.status !== 'paused' && sub.status !== 'incomplete') {
    const pending = (await itemsWhere(ctx, { customer: sub.customer, pending: true, currency: sub.currency }, true)).filter(
      (item) => item.parent?.subscription_details.subscription === sub.id,
    );
    if (pending.length > 0) {
      const customer = await customerRef(ctx, sub.customer);
      const inv = await invoiceFor(ctx, sub, customer, {
        billingReason: 'automatic_pending_invoice_item_invoice',
        lines: [],
        pending: { kind: 'only', ids: pending.map((i) => i.id) },
        period: { start: Math.min(...pending.map((i) => i.period.start)), end: ctx.now },
      });
      sub.latest_invoice = inv.id;
    }
  }
  await schedule(ctx, sub);
  await saveSubscription(ctx, sub);
}
