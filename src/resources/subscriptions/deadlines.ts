// The status machine's deadlines (state.ts deadlineAt), run by the subscription's renewal timer
// on its customer's clock: a resumption invoice unpaid for 23 hours is voided and the
// subscription stays paused (Stripe's resume); a pending update expires; a send_invoice
// subscription whose invoice passes its due date unpaid becomes past_due, and the overdue
// setting (--subscription-overdue, after --subscription-overdue-days) cancels it, makes it
// unpaid or leaves it past_due.
import type { Ctx } from '../../http/context.ts';
import { lockInvoice } from '../invoices/service.ts';
import { voidLocked } from '../invoices/finalize.ts';
import { endSubscription } from './end.ts';
import { discardPendingUpdate } from './pending-update.ts';
import type { Subscription } from './model.ts';

const DAY = 86_400;

/** Runs the earliest due deadline; each clears itself, so a second firing does nothing. */
export async function runDeadline(ctx: Ctx, sub: Subscription): Promise<void> {
  const r = sub.internal.resumption;
  if (sub.status === 'paused' && r && r.expires_at !== null && r.expires_at <= ctx.now) {
    sub.internal.resumption = null;
    const inv = await lockInvoice(ctx, r.invoice);
    if (inv.status === 'open') await voidLocked(ctx, inv);
    return;
  }
  if (sub.pending_update && sub.pending_update.expires_at <= ctx.now) return discardPendingUpdate(ctx, sub, 'expired');
  if (sub.status === 'active' && sub.internal.due_at != null && sub.internal.due_at <= ctx.now) {
    sub.internal.due_at = null;
    sub.status = 'past_due';
    return;
  }
  if (sub.status === 'past_due' && sub.internal.overdue_at != null && sub.internal.overdue_at <= ctx.now) {
    sub.internal.overdue_at = null;
    const outcome = ctx.config?.subscriptionOverdue ?? 'past_due';
    if (outcome === 'cancel') return endSubscription(ctx, sub, { reason: 'payment_failed' });
    if (outcome === 'unpaid') sub.status = 'unpaid';
  }
}

/** A send_invoice invoice of the subscription was finalized: its due date, and when it is overdue per the setting. */
export function trackDueDate(ctx: Ctx, sub: Subscription, dueDate: number | null): void {
  sub.internal.due_at = dueDate;
  sub.internal.overdue_at = dueDate === null ? null : dueDate + (ctx.config?.subscriptionOverdueDays ?? 30) * DAY;
}
