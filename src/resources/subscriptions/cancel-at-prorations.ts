// The prorations of a `cancel_at`. Stripe's API reference: "If set to a date before the current
// period ends, this will cause a proration if prorations have been enabled using
// `proration_behavior`. If set during a future period, this will always cause a proration for that
// period." The proration credits each item's time from `cancel_at` to its period end ("Unused time
// on … after <cancel_at>"), a pending invoice item for the subscription's next invoice; a renewal
// into the period holding `cancel_at` gets the same credit next to its whole-period line.
// Moving or clearing `cancel_at` (Stripe's docs are silent on the credit already made) charges the
// credited time back ("Remaining time on … after <old cancel_at>") before crediting from the new one,
// so the customer pays for exactly the time up to the cancellation in force.
import type { Ctx } from '../../http/context.ts';
import { credits, prorate } from '../../billing/proration.ts';
import { insertInvoiceItem } from '../invoice-items/service.ts';
import { debitsOf } from './debits.ts';
import { periodAmount } from './items.ts';
import { creditedRef, prorationItem } from './prorate.ts';
import type { Subscription, SubscriptionItem } from './model.ts';

/** Whether `at` cuts the item's current period short (strictly inside it). */
export const cutsPeriod = (item: Pick<SubscriptionItem, 'current_period_start' | 'current_period_end'>, at: number | null): at is number =>
  at !== null && at > item.current_period_start && at < item.current_period_end;

/**
 * Moves the cancel_at credit of the current period to `after` (null: none): the credit made before
 * (`internal.cancel_credit`) is charged back, and each item whose current period `after` cuts is
 * credited from it. `mode` 'classic' credits the period's price; the subscription's own mode
 * follows its debits (a first or renewal invoice's are recorded after it); `only` limits it to some
 * items (a renewal's). Returns the ids of the proration items.
 */
export async function cancelAtProrations(
  ctx: Ctx,
  sub: Subscription,
  after: number | null,
  mode: 'classic' | 'flexible' = sub.billing_mode.type,
  only: readonly SubscriptionItem[] = sub.items.data,
): Promise<string[]> {
  const before = sub.internal.cancel_credit ?? null;
  if (before === after) return [];
  const ids: string[] = [];
  for (const item of only) {
    const period = { start: item.current_period_start, end: item.current_period_end };
    if (cutsPeriod(item, before)) {
      const amount = prorate(periodAmount(item), period.start, period.end, before);
      if (amount !== 0) ids.push(await store(ctx, await prorationItem(ctx, sub, item, amount, before, period.end, 'remaining')));
    }
    if (cutsPeriod(item, after)) {
      for (const credit of credits(mode, periodAmount(item), period, debitsOf(sub, item.id), after)) {
        const ii = await prorationItem(ctx, sub, item, credit.amount, after, period.end, 'unused', await creditedRef(ctx, credit.debit));
        ids.push(await store(ctx, ii));
      }
    }
  }
  sub.internal.cancel_credit = only.some((i) => cutsPeriod(i, after)) ? after : null;
  return ids;
}

/** A new period (a renewal, an anchor reset): no cancel_at credit has been made for it yet. */
export function newPeriodForCancelCredit(sub: Subscription): void {
  sub.internal.cancel_credit = null;
}

async function store(ctx: Ctx, item: Awaited<ReturnType<typeof prorationItem>>): Promise<string> {
  await insertInvoiceItem(ctx, item);
  return item.id;
}
