// Ending a subscription: status `canceled` (customer.subscription.deleted), when and why. "By
// default, upon subscription cancellation, Stripe will stop automatic collection of all finalized
// invoices for the customer" (Stripe's Cancel a subscription): its open invoices stop
// auto-advancing, so no retry charges them; they can still be paid by hand.
import type { Ctx } from '../../http/context.ts';
import { invoices } from '../invoices/repository.ts';
import { saveInvoice } from '../invoices/totals.ts';
import { saveSubscription } from './state.ts';
import type { Subscription } from './model.ts';

export async function endSubscription(
  ctx: Ctx,
  sub: Subscription,
  why: { reason: 'cancellation_requested' | 'payment_failed'; comment?: string | null; feedback?: string | null },
): Promise<void> {
  sub.status = 'canceled';
  sub.ended_at = ctx.now;
  sub.canceled_at ??= ctx.now;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = {
    comment: why.comment ?? sub.cancellation_details?.comment ?? null,
    feedback: why.feedback ?? sub.cancellation_details?.feedback ?? null,
    reason: why.reason,
  };
  sub.pending_update = null;
  sub.internal.pending = null;
  sub.internal.resumption = null;
  sub.internal.due_at = null;
  sub.internal.overdue_at = null;
  delete sub.status_details;
  await saveSubscription(ctx, sub);
  await stopCollection(ctx, sub.customer);
}

async function stopCollection(ctx: Ctx, customer: string): Promise<void> {
  for (const inv of await invoices.all(ctx, { customer, status: 'open' }, true)) {
    if (!inv.auto_advance) continue;
    inv.auto_advance = false;
    inv.next_payment_attempt = null;
    await saveInvoice(ctx, inv);
  }
}
