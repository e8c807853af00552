// A subscription's status follows its latest invoice (Stripe's Subscription.status):
// - paid → `active` (from incomplete, past_due or unpaid); a resumption invoice paid or marked
//   uncollectible resumes a paused subscription; a pending update's invoice paid applies it;
// - a failed automatic payment of a renewal or update → `past_due` (a pending update's invoice
//   leaves the subscription as it is; a resumption invoice of resume_on_payment_attempt makes it
//   past_due); when the last retry failed, the server's --subscription-after-final-retry:
//   `canceled` (Stripe's default, "cancel the subscription"), `unpaid`, or left `past_due`;
// - voided: a resumption invoice leaves it paused, a pending update is discarded;
// - a send_invoice invoice finalized: its due date is watched (deadlines.ts).
// Runs before the unit's events are derived, so the subscription's change has its events after
// the invoice's.
import type { Ctx } from '../../http/context.ts';
import type { ObjectChange } from '../../work/change-log.ts';
import type { Invoice } from '../invoices/model.ts';
import { subscriptions } from './repository.ts';
import { saveSubscription } from './state.ts';
import { endSubscription } from './end.ts';
import { markResumed } from './pause.ts';
import { trackDueDate } from './deadlines.ts';
import { applyPendingUpdate, discardPendingUpdate } from './pending-update.ts';
import type { Subscription } from './model.ts';

export async function followInvoices(ctx: Ctx, changes: readonly ObjectChange[]): Promise<void> {
  for (const change of changes) {
    if (change.type !== 'invoice' || change.after === null) continue;
    const after = change.after as unknown as Invoice;
    const subId = after.parent?.subscription_details?.subscription;
    if (!subId) continue;
    const before = change.before as unknown as Invoice | null;
    const sub = await subscriptions.getForUpdate(ctx, subId);
    if (!sub || sub.latest_invoice !== after.id) continue;
    await follow(ctx, sub, before, after);
  }
}

async function follow(ctx: Ctx, sub: Subscription, before: Invoice | null, after: Invoice): Promise<void> {
  const resumption = sub.internal.resumption?.invoice === after.id ? sub.internal.resumption : null;
  const pending = sub.internal.pending?.invoice === after.id;
  const settled = after.status === 'paid' || after.status === 'uncollectible' || after.status === 'void';
  if (settled && (sub.internal.due_at != null || sub.internal.overdue_at != null)) {
    sub.internal.due_at = null;
    sub.internal.overdue_at = null;
    await saveSubscription(ctx, sub);
  }
  if (after.status === 'paid') {
    if (pending) return applyPendingUpdate(ctx, sub);
    if (resumption && sub.status === 'paused') markResumed(sub, 'active');
    else if (sub.status === 'incomplete' || sub.status === 'past_due' || sub.status === 'unpaid') sub.status = 'active';
    else return;
    return saveSubscription(ctx, sub);
  }
  if (after.status === 'uncollectible' && resumption && sub.status === 'paused') {
    markResumed(sub, 'active');
    return saveSubscription(ctx, sub);
  }
  if (after.status === 'void') {
    if (pending) return discardPendingUpdate(ctx, sub, 'voided');
    if (resumption) {
      sub.internal.resumption = null;
      await saveSubscription(ctx, sub);
    }
    return;
  }
  if (after.status === 'open' && (before === null || before.status === 'draft') && after.collection_method === 'send_invoice' && !pending && !resumption) {
    trackDueDate(ctx, sub, after.due_date);
    return saveSubscription(ctx, sub);
  }
  if (after.billing_reason === 'subscription_create' || pending) return;
  const failedNow = after.attempt_count > (before?.attempt_count ?? 0) && after.status !== 'draft';
  if (failedNow && resumption && sub.status === 'paused') {
    // resume_on_payment_attempt: a failed attempt resumes it past_due; resume_on_payment_success stays paused and retries.
    if (resumption.behavior === 'resume_on_payment_attempt') {
      markResumed(sub, 'past_due');
      await saveSubscription(ctx, sub);
    }
    return;
  }
  if (failedNow && (sub.status === 'active' || sub.status === 'trialing')) {
    sub.status = 'past_due';
    await saveSubscription(ctx, sub);
  }
  // Retries were scheduled and none is left (a first failure from a draft never ends it at once).
  const exhausted = failedNow && (before?.next_payment_attempt ?? null) !== null && after.next_payment_attempt === null;
  if (!exhausted || sub.status !== 'past_due') return;
  const outcome = ctx.config?.subscriptionAfterFinalRetry ?? 'cancel';
  if (outcome === 'cancel') return endSubscription(ctx, sub, { reason: 'payment_failed' });
  if (outcome === 'unpaid') {
    sub.status = 'unpaid';
    await saveSubscription(ctx, sub);
  }
}
