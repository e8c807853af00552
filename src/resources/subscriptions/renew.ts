// What happens when a subscription's time comes (its durable timer, `subscription.renew`, fires
// at its next action): an incomplete one expires after 23 hours; one set to cancel ends; a trial
// ends; and at each period end the period moves on and the renewal invoice is made
// (`billing_reason: subscription_cycle`, a draft that automatic collection finalizes and charges
// about an hour later), pulling in the customer's pending invoice items for it. All of one
// renewal is one unit of work: a crash part-way leaves nothing, and the timer fires again.
import type { Ctx } from '../../http/context.ts';
import { loadInvoice } from '../invoices/service.ts';
import { finalizeDraft, voidLocked } from '../invoices/finalize.ts';
import { lockInvoice } from '../invoices/service.ts';
import { saveInvoice } from '../invoices/totals.ts';
import { makeSubscriptionInvoice } from '../invoices/subscription-invoice.ts';
import { endSubscription, invoicePendingProrations } from './end.ts';
import { cancelAtProrations, newPeriodForCancelCredit } from './cancel-at-prorations.ts';
import { holdInvoice, renewalDraftHold, renewalInvoiceSpec, renewalStep, type RenewalStep } from './renewal-step.ts';
import { recordInvoiceDebits } from './debits.ts';
import { subscriptions } from './repository.ts';
import { saveSubscription } from './state.ts';
import { runDeadline } from './deadlines.ts';
import { markPaused } from './pause.ts';
import { ENDED, type Subscription } from './model.ts';

/** Runs every step of the subscription that is due at `ctx.now`; safe to run again (a step not due does nothing). */
export async function renewSubscription(ctx: Ctx, id: string): Promise<void> {
  const sub = await subscriptions.getForUpdate(ctx, id);
  if (!sub || ENDED.has(sub.status)) return;
  // This timer has fired; saving sets the next one.
  sub.internal.scheduled = false;
  // One step per firing, in time order (renewal-step.ts decides; the preview takes the same decisions); the next timer is set for whatever is due next.
  const step = await renewalStep(ctx, sub);
  switch (step.kind) {
    case 'deadline':
      await runDeadline(ctx, sub);
      return saveSubscription(ctx, sub);
    case 'wait':
      return saveSubscription(ctx, sub);
    case 'expire':
      // "the open invoice will be voided and no further invoices will be generated".
      if (sub.latest_invoice) {
        const inv = await lockInvoice(ctx, sub.latest_invoice);
        if (inv.status === 'open') await voidLocked(ctx, inv);
      }
      sub.status = 'incomplete_expired';
      sub.ended_at = step.at;
      return saveSubscription(ctx, sub);
    case 'end':
      // Pending prorations (a cancel_at credit among them) are "collected at the end of the period".
      if (step.cancel) await invoicePendingProrations(ctx, sub, step.cancel);
      return endSubscription(ctx, sub, { reason: 'cancellation_requested' });
    case 'pause':
      markPaused(ctx, sub, 'trial_end_without_payment_method');
      return saveSubscription(ctx, sub);
    case 'renew':
      return renew(ctx, sub, step);
  }
}

async function renew(ctx: Ctx, sub: Subscription, step: Extract<RenewalStep, { kind: 'renew' }>): Promise<void> {
  // customer.subscription.updated (the new period) before the invoice's events.
  await saveSubscription(ctx, sub);
  // A cancel_at inside the new period "will always cause a proration for that period" (cancel-at-prorations.ts);
  // made before the invoice, which takes the subscription's pending items.
  newPeriodForCancelCredit(sub, step.renewing);
  await cancelAtProrations(ctx, sub, sub.cancel_at, 'classic', step.renewing);
  const { invoice: inv, lines } = await makeSubscriptionInvoice(ctx, await renewalInvoiceSpec(ctx, sub, step));
  const hold = renewalDraftHold(sub, ctx.now);
  if (hold.resume) sub.pause_collection = null;
  if (hold.hold) await holdDraft(ctx, inv.id, hold.finalize);
  sub.latest_invoice = inv.id;
  // The draft's own lines: holding it (even finalizing it) changes none of them.
  await recordInvoiceDebits(ctx, sub, inv.id, lines);
  await saveSubscription(ctx, sub);
}

/** A renewal draft that is not auto-advanced (renewalDraftHold): kept as a draft, or finalized and voided or marked uncollectible. */
async function holdDraft(ctx: Ctx, invoiceId: string, finalize: 'void' | 'mark_uncollectible' | null): Promise<void> {
  const inv = await loadInvoice(ctx, invoiceId);
  holdInvoice(inv);
  if (finalize === null) return saveInvoice(ctx, inv);
  const open = await finalizeDraft(ctx, inv, false);
  if (open.status !== 'open') return;
  if (finalize === 'void') return voidLocked(ctx, open);
  open.status = 'uncollectible';
  open.status_transitions.marked_uncollectible_at = ctx.now;
  open.next_payment_attempt = null;
  await saveInvoice(ctx, open);
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
