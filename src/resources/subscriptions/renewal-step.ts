// The renewal timer's decisions, apart from their writes: which step is due (a deadline, the
// incomplete expiry, cancel_at or cancel_at_period_end, a trial's end without a payment method,
// or the period's end), the new period, the renewal invoice's lines and settings, and how its
// draft is kept (pause_collection, an unpaid subscription). renew.ts carries them out; the
// `invoice.upcoming` notice and the next-renewal preview take the same decisions and make the
// invoice in memory (invoices/subscription-invoice.ts draftSubscriptionInvoice).
import type { Ctx } from '../../http/context.ts';
import type { Customer } from '../customers/model.ts';
import { customerRef } from '../customers/service.ts';
import type { SubscriptionInvoiceSpec } from '../invoices/subscription-invoice.ts';
import { invoiceSpec, itemLine } from './billing.ts';
import { advanceDueItems } from './mixed-interval.ts';
import { INCOMPLETE_EXPIRY, deadlineAt, periodOf, regularActionAt } from './state.ts';
import type { Subscription, SubscriptionItem } from './model.ts';

export type RenewalStep =
  | { kind: 'deadline' }
  | { kind: 'wait' }
  | { kind: 'expire'; at: number }
  /** `cancel`: the scheduled cancellation of this period (its pending prorations are invoiced first: end.ts); absent for a trial ended without a payment method. */
  | { kind: 'end'; cancel?: { start: number; end: number } }
  | { kind: 'pause' }
  | { kind: 'renew'; customer: Customer; period: { start: number; end: number }; renewing: SubscriptionItem[] };

/**
 * The step due at `ctx.now`, one per firing, in time order. For `renew` the subscription has been
 * moved on in memory (a trial's end makes it active; each item whose period ends moves to its next).
 */
export async function renewalStep(ctx: Ctx, sub: Subscription): Promise<RenewalStep> {
  const deadline = deadlineAt(sub);
  if (deadline !== null && deadline <= ctx.now) return { kind: 'deadline' };
  const due = regularActionAt(sub);
  if (due === null || due > ctx.now) return { kind: 'wait' };
  if (sub.status === 'incomplete') return sub.created + INCOMPLETE_EXPIRY > due ? { kind: 'wait' } : { kind: 'expire', at: due };
  const period = periodOf(sub);
  if (sub.cancel_at !== null && sub.cancel_at <= period.end && sub.cancel_at <= due) return { kind: 'end', cancel: period };
  if (sub.cancel_at_period_end) return { kind: 'end', cancel: period };
  const customer = await customerRef(ctx, sub.customer);
  if (sub.status === 'trialing') {
    const missing = sub.trial_settings.end_behavior.missing_payment_method;
    const hasMethod = sub.default_payment_method !== null || customer.invoice_settings.default_payment_method !== null;
    if (!hasMethod && sub.collection_method === 'charge_automatically' && missing === 'cancel') return { kind: 'end' };
    if (!hasMethod && sub.collection_method === 'charge_automatically' && missing === 'pause') return { kind: 'pause' };
    sub.status = 'active';
  }
  // Each item whose period ends now moves on (with mixed intervals, only those: mixed-interval.ts).
  return { kind: 'renew', customer, period, renewing: advanceDueItems(sub, period) };
}

/** The renewal invoice of a `renew` step: each renewing item's line for its new period, and the customer's pending items for the subscription. */
export async function renewalInvoiceSpec(ctx: Ctx, sub: Subscription, step: Extract<RenewalStep, { kind: 'renew' }>): Promise<SubscriptionInvoiceSpec> {
  const lines = [];
  for (const item of step.renewing) lines.push(await itemLine(ctx, sub, item, { start: item.current_period_start, end: item.current_period_end }));
  return invoiceSpec(sub, step.customer, { billingReason: 'subscription_cycle', lines, pending: { kind: 'subscription' }, period: step.period });
}

/**
 * How the renewal's draft is kept. `pause_collection`: the draft stays a draft (`keep_as_draft`),
 * or is finalized and voided or marked uncollectible, never auto-advanced; `resumes_at` passed
 * ends the pause. An `unpaid` subscription: "invoices continue to be generated, but payments
 * aren't attempted" (Stripe's subscription statuses): the draft is not auto-advanced.
 */
export function renewalDraftHold(sub: Subscription, now: number): { resume: boolean; hold: boolean; finalize: 'void' | 'mark_uncollectible' | null } {
  const pause = sub.pause_collection;
  const resume = pause !== null && pause.resumes_at !== null && pause.resumes_at <= now;
  const paused = pause !== null && !resume;
  return { resume, hold: paused || sub.status === 'unpaid', finalize: paused && pause.behavior !== 'keep_as_draft' ? pause.behavior : null };
}

/** A held draft: not finalized automatically, so not attempted. */
export function holdInvoice(inv: { auto_advance: boolean; automatically_finalizes_at: number | null }): void {
  inv.auto_advance = false;
  inv.automatically_finalizes_at = null;
}
