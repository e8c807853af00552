// What happens when a subscription's time comes (its durable timer, `subscription.renew`, fires
// at its next action): an incomplete one expires after 23 hours; one set to cancel ends; a trial
// ends; and at each period end the period moves on and the renewal invoice is made
// (`billing_reason: subscription_cycle`, a draft that automatic collection finalizes and charges
// about an hour later), pulling in the customer's pending invoice items for it. All of one
// renewal is one unit of work: a crash part-way leaves nothing, and the timer fires again.
import type { Ctx } from '../../http/context.ts';
import { customerRef } from '../customers/service.ts';
import { loadInvoice } from '../invoices/service.ts';
import { finalizeDraft, voidLocked } from '../invoices/finalize.ts';
import { lockInvoice } from '../invoices/service.ts';
import { saveInvoice } from '../invoices/totals.ts';
import { invoiceFor, itemLine } from './billing.ts';
import { endSubscription, invoicePendingProrations } from './end.ts';
import { cancelAtProrations, newPeriodForCancelCredit } from './cancel-at-prorations.ts';
import { advanceDueItems } from './mixed-interval.ts';
import { recordInvoiceDebits } from './debits.ts';
import { subscriptions } from './repository.ts';
import { INCOMPLETE_EXPIRY, deadlineAt, periodOf, regularActionAt, saveSubscription, setPeriod } from './state.ts';
import { runDeadline } from './deadlines.ts';
import { markPaused } from './pause.ts';
import { ENDED, type Subscription } from './model.ts';

/** Runs every step of the subscription that is due at `ctx.now`; safe to run again (a step not due does nothing). */
export async function renewSubscription(ctx: Ctx, id: string): Promise<void> {
  const sub = await subscriptions.getForUpdate(ctx, id);
  if (!sub || ENDED.has(sub.status)) return;
  // This timer has fired; saving sets the next one.
  sub.internal.scheduled = false;
  // One step per firing, in time order; the next timer is set for whatever is due next (at once, when it is already due).
  const deadline = deadlineAt(sub);
  if (deadline !== null && deadline <= ctx.now) {
    await runDeadline(ctx, sub);
    return saveSubscription(ctx, sub);
  }
  const due = regularActionAt(sub);
  if (due === null || due > ctx.now) return saveSubscription(ctx, sub);
  await step(ctx, sub, due);
}

async function step(ctx: Ctx, sub: Subscription, due: number): Promise<void> {
  if (sub.status === 'incomplete') {
    if (sub.created + INCOMPLETE_EXPIRY > due) return saveSubscription(ctx, sub);
    // "the open invoice will be voided and no further invoices will be generated".
    if (sub.latest_invoice) {
      const inv = await lockInvoice(ctx, sub.latest_invoice);
      if (inv.status === 'open') await voidLocked(ctx, inv);
    }
    sub.status = 'incomplete_expired';
    sub.ended_at = due;
    return saveSubscription(ctx, sub);
  }
  const period = periodOf(sub);
  const cancelling = (sub.cancel_at !== null && sub.cancel_at <= period.end && sub.cancel_at <= due) || sub.cancel_at_period_end;
  if (cancelling) {
    await invoicePendingProrations(ctx, sub, period);
    return endSubscription(ctx, sub, { reason: 'cancellation_requested' });
  }
  const customer = await customerRef(ctx, sub.customer);
  const trialEnding = sub.status === 'trialing';
  if (trialEnding) {
    const missing = sub.trial_settings.end_behavior.missing_payment_method;
    const hasMethod = sub.default_payment_method !== null || customer.invoice_settings.default_payment_method !== null;
    if (!hasMethod && sub.collection_method === 'charge_automatically' && missing === 'cancel') return endSubscription(ctx, sub, { reason: 'cancellation_requested' });
    if (!hasMethod && sub.collection_method === 'charge_automatically' && missing === 'pause') {
      markPaused(ctx, sub, 'trial_end_without_payment_method');
      return saveSubscription(ctx, sub);
    }
    sub.status = 'active';
  }
  // Each item whose period ends now moves on (with mixed intervals, only those: mixed-interval.ts).
  const renewing = advanceDueItems(sub, period);
  // customer.subscription.updated (the new period) before the invoice's events.
  await saveSubscription(ctx, sub);
  // A cancel_at inside the new period "will always cause a proration for that period" (cancel-at-prorations.ts).
  if (renewing.length === sub.items.data.length) newPeriodForCancelCredit(sub);
  await cancelAtProrations(ctx, sub, sub.cancel_at, 'classic', renewing);
  const lines = [];
  for (const item of renewing) lines.push(await itemLine(ctx, sub, item, { start: item.current_period_start, end: item.current_period_end }));
  const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_cycle', lines, pending: { kind: 'subscription' }, period });
  await applyPauseCollection(ctx, sub, inv.id);
  if (sub.status === 'unpaid') await keepUnattempted(ctx, inv.id);
  sub.latest_invoice = inv.id;
  await recordInvoiceDebits(ctx, sub, inv.id);
  await saveSubscription(ctx, sub);
}

/** `pause_collection`: the renewal invoice stays a draft, is marked uncollectible, or is voided; `resumes_at` ends the pause. */
async function applyPauseCollection(ctx: Ctx, sub: Subscription, invoiceId: string): Promise<void> {
  const pause = sub.pause_collection;
  if (!pause) return;
  if (pause.resumes_at !== null && pause.resumes_at <= ctx.now) {
    sub.pause_collection = null;
    return;
  }
  const inv = await loadInvoice(ctx, invoiceId);
  inv.auto_advance = false;
  inv.automatically_finalizes_at = null;
  if (pause.behavior === 'keep_as_draft') return saveInvoice(ctx, inv);
  const open = await finalizeDraft(ctx, inv, false);
  if (open.status !== 'open') return;
  if (pause.behavior === 'void') return voidLocked(ctx, open);
  open.status = 'uncollectible';
  open.status_transitions.marked_uncollectible_at = ctx.now;
  open.next_payment_attempt = null;
  await saveInvoice(ctx, open);
}

/**
 * An `unpaid` subscription's renewals: "invoices continue to be generated, but payments aren't
 * attempted" (Stripe's subscription statuses): the draft stays a draft, not auto-advanced.
 */
async function keepUnattempted(ctx: Ctx, invoiceId: string): Promise<void> {
  const inv = await loadInvoice(ctx, invoiceId);
  if (inv.status !== 'draft') return;
  inv.auto_advance = false;
  inv.automatically_finalizes_at = null;
  await saveInvoice(ctx, inv);
}

/** The trial notice timer fired: the event, once for this trial end. */
export async function trialWillEnd(ctx: Ctx, id: string): Promise<void> {
  const sub = await subscriptions.getForUpdate(ctx, id);
  if (!sub) return;
  sub.internal.trial_notice_at = null;
  if (sub.status === 'trialing' && sub.trial_end !== null && sub.internal.trial_notice_for !== sub.trial_end) {
    sub.internal.trial_notice_for = sub.trial_end;
    ctx.work?.emitFor('customer.subscription.trial_will_end', sub);
  }
  await saveSubscription(ctx, sub);
}
