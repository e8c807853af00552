// The prorations of a `cancel_at`. Stripe's API reference: "If set to a date before the current
// period ends, this will cause a proration if prorations have been enabled using
// `proration_behavior`. If set during a future period, this will always cause a proration for that
// period." The proration credits each item's time from `cancel_at` to its period end ("Unused time
// on … after <cancel_at>"), a pending invoice item for the subscription's next invoice; a renewal
// into the period holding `cancel_at` gets the same credit next to its whole-period line.
// Moving or clearing `cancel_at` (Stripe's docs are silent on the credit already made) charges the
// credited amount back ("Remaining time on … after <old cancel_at>") before crediting from the new
// one, so the customer pays for exactly the time up to the cancellation in force. Each item keeps
// its own credit (`internal.cancel_credits`): with mixed intervals its periods are its own.
import type { Ctx } from '../../http/context.ts';
import { credits, prorate } from '../../billing/proration.ts';
import { stubRemainder } from '../../billing/stub-proration.ts';
import { insertInvoiceItem } from '../invoice-items/service.ts';
import { cycleAnchorOf } from './anchor.ts';
import { debitsOf } from './debits.ts';
import { periodAmount } from './items.ts';
import { creditedRef, prorationItem } from './prorate.ts';
import type { CancelCredit, Subscription, SubscriptionItem } from './model.ts';

/** Whether `at` cuts the item's current period short (strictly inside it). */
export const cutsPeriod = (item: Pick<SubscriptionItem, 'current_period_start' | 'current_period_end'>, at: number | null): at is number =>
  at !== null && at > item.current_period_start && at < item.current_period_end;

/** The credits made, by item (the record is created on first use). */
function creditsOf(sub: Subscription): Record<string, CancelCredit> {
  return (sub.internal.cancel_credits ??= {});
}

/** Whether any item carries a cancel_at credit. */
export const hasCancelCredit = (sub: Subscription): boolean => Object.keys(creditsOf(sub)).length > 0;

/**
 * A future anchor's stub (the first period, ending at the anchor) is priced as it was charged
 * (billing/stub-proration.ts); any other period by the whole period's price.
 */
function classicCredit(sub: Subscription, item: SubscriptionItem, period: { start: number; end: number }, at: number): number {
  const whole = periodAmount(item);
  const stub = sub.billing_cycle_anchor === period.end && sub.trial_end !== period.end && period.start === sub.start_date;
  if (!stub) return -prorate(whole, period.start, period.end, at);
  const { interval, interval_count: count } = item.price.recurring!;
  const imagined = sub.start_date < sub.created && sub.billing_mode.type === 'classic';
  return -stubRemainder(whole, period, at, { interval, count, ref: cycleAnchorOf(sub), imagined });
}

/**
 * Moves the cancel_at credit of each item's current period to `after` (null: none): the credit made
 * before is charged back, and each item whose current period `after` cuts is credited from it.
 * `mode` 'classic' credits the period's price; the subscription's own mode follows its debits (a
 * first or renewal invoice's are recorded after it); `only` limits it to some items (a renewal's).
 * Returns the ids of the proration items.
 */
export async function cancelAtProrations(
  ctx: Ctx,
  sub: Subscription,
  after: number | null,
  mode: 'classic' | 'flexible' = sub.billing_mode.type,
  only: readonly SubscriptionItem[] = sub.items.data,
): Promise<string[]> {
  const made = creditsOf(sub);
  const ids: string[] = [];
  for (const item of only) {
    const period = { start: item.current_period_start, end: item.current_period_end };
    const before = made[item.id];
    if (before && before.at === after && before.end === period.end) continue;
    if (before) {
      if (before.amount !== 0) ids.push(await store(ctx, await prorationItem(ctx, sub, item, -before.amount, before.at, before.end, 'remaining')));
      delete made[item.id];
    }
    if (!cutsPeriod(item, after)) continue;
    const lines =
      mode === 'classic'
        ? [{ amount: classicCredit(sub, item, period, after), debit: null }]
        : credits(mode, periodAmount(item), period, debitsOf(sub, item.id), after);
    let total = 0;
    for (const credit of lines) {
      if (credit.amount === 0) continue;
      const covering = mode === 'classic' ? [...debitsOf(sub, item.id)].reverse().find((d) => d.start <= after && after < d.end) ?? null : credit.debit;
      ids.push(await store(ctx, await prorationItem(ctx, sub, item, credit.amount, after, period.end, 'unused', await creditedRef(ctx, covering))));
      total += credit.amount;
    }
    made[item.id] = { at: after, end: period.end, amount: total };
  }
  return ids;
}

/** A new period (a renewal, an anchor reset) for `items`: no cancel_at credit has been made for it yet. */
export function newPeriodForCancelCredit(sub: Subscription, items: readonly SubscriptionItem[] = sub.items.data): void {
  const made = creditsOf(sub);
  for (const item of items) delete made[item.id];
}

async function store(ctx: Ctx, item: Awaited<ReturnType<typeof prorationItem>>): Promise<string> {
  await insertInvoiceItem(ctx, item);
  return item.id;
}
