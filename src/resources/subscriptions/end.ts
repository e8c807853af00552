// Ending a subscription: status `canceled` (customer.subscription.deleted), when and why. "By
// default, upon subscription cancellation, Stripe will stop automatic collection of all finalized
// invoices for the customer" (Stripe's Cancel a subscription): its open invoices stop
// auto-advancing, so no retry charges them; they can still be paid by hand.
import type { Ctx } from '../../http/context.ts';
import { invoices } from '../invoices/repository.ts';
import { saveInvoice } from '../invoices/totals.ts';
import { customerRef } from '../customers/service.ts';
import { itemsWhere } from '../invoice-items/service.ts';
import { invoiceFor } from './billing.ts';
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

/**
 * A scheduled end (`cancel_at`, `cancel_at_period_end`): "any pending prorations will also be left in
 * place and collected at the end of the period" (Stripe's cancel a subscription), so the
 * subscription's pending prorations go on a final invoice, collected like a renewal's.
 */
export async function invoicePendingProrations(ctx: Ctx, sub: Subscription, period: { start: number; end: number }): Promise<void> {
  const pending = (await itemsWhere(ctx, { customer: sub.customer, pending: true }, true)).filter((i) => i.proration && i.parent?.subscription_details.subscription === sub.id);
  if (pending.length === 0) return;
  const customer = await customerRef(ctx, sub.customer);
  const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_cycle', lines: [], pending: { kind: 'only', ids: pending.map((i) => i.id) }, period });
  sub.latest_invoice = inv.id;
}
