// POST /v1/subscriptions/:id/pause and /resume: the `paused` status (Stripe's Pause subscription,
// 2026-09-30.endive). A paused subscription makes no invoices and its period does not advance
// (nextActionAt has nothing for it). Pausing needs flexible billing mode and automatic
// collection; the unused time is credited from now by default (`bill_for[unused_time_from]`),
// as pending proration items or (`invoicing_behavior=invoice`) an invoice at once.
// Resuming starts a new period now (`billing_cycle_anchor` now, the default) and bills it in a
// resumption invoice finalized at once; with `unchanged` the current period is kept and the rest
// of it prorated per `proration_behavior` (no invoice unless always_invoice). A resumption
// invoice: `resume_on_payment_success` pays it now and stays paused until it is paid;
// `resume_on_payment_attempt` (default) attempts nothing, then a payment makes the subscription
// active (a failed one past_due). Voided, or unpaid for 23 hours (voided then), it stays paused.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { boundary, periodAt } from '../../billing/billing-period.ts';
import { customerRef } from '../customers/service.ts';
import { saveInvoice } from '../invoices/totals.ts';
import type { Invoice } from '../invoices/model.ts';
import { loadInvoice } from '../invoices/service.ts';
import { invoiceFor, itemLine, payNow } from './billing.ts';
import { createProrations, type ItemChange } from './prorate.ts';
import { lockSubscription, periodOf, saveSubscription, setPeriod, INCOMPLETE_EXPIRY } from './state.ts';
import { ENDED, type PauseReason, type Subscription } from './model.ts';
import type { PauseSubscription, ResumeSubscription } from './params.ts';

export function markPaused(ctx: Ctx, sub: Subscription, reason: PauseReason): void {
  sub.status = 'paused';
  sub.status_details = { paused: { subscription: { type: reason }, transitioned_at: ctx.now, type: 'subscription' } };
}

/** Out of `paused`: the period the resumption starts, and no status_details any more. */
export function markResumed(sub: Subscription, status: 'active' | 'past_due'): void {
  const r = sub.internal.resumption;
  if (r) {
    sub.billing_cycle_anchor = r.anchor;
    setPeriod(sub, r.period);
  }
  sub.internal.resumption = null;
  sub.status = status;
  delete sub.status_details;
}

export async function pauseSubscription(ctx: Ctx, id: string, p: PauseSubscription): Promise<Subscription> {
  const sub = await lockSubscription(ctx, id);
  if (ENDED.has(sub.status)) throw errors.invalidRequest(`This subscription has already been canceled: ${sub.id}. A canceled subscription can't be paused.`);
  if (sub.status === 'paused') throw errors.invalidRequest(`Subscription ${sub.id} is already paused.`);
  if (sub.status === 'incomplete')
    throw errors.invalidRequest(`Subscription ${sub.id} is incomplete: only subscriptions whose first invoice has been paid can be paused.`);
  // "To pause a subscription, enable flexible billing mode" (changelog 2026-09-30.endive, pause-subscription).
  if (sub.billing_mode.type !== 'flexible')
    throw errors.invalidRequest('Pausing a subscription requires flexible billing mode. Migrate it first with POST /v1/subscriptions/:id/migrate (billing_mode[type]=flexible).', 'billing_mode');
  if (sub.collection_method !== 'charge_automatically')
    throw errors.invalidRequest('Only subscriptions with collection_method=charge_automatically can be paused.', 'collection_method');
  const from = p.bill_for?.unused_time_from?.type ?? 'now';
  const period = periodOf(sub);
  const credits: string[] = [];
  // Nothing was paid for a trial: nothing to credit.
  if (from !== 'none' && sub.status !== 'trialing') {
    const at = from === 'now' ? ctx.now : period.start;
    credits.push(...(await createProrations(ctx, sub, sub.items.data.map((before): ItemChange => ({ before, after: null })), at, period)));
  }
  markPaused(ctx, sub, 'pause_requested');
  await saveSubscription(ctx, sub);
  if ((p.invoicing_behavior ?? 'pending_invoice_item') === 'invoice' && credits.length > 0) {
    const customer = await customerRef(ctx, sub.customer);
    const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_update', lines: [], pending: { kind: 'only', ids: credits }, period: { start: ctx.now, end: ctx.now } });
    sub.latest_invoice = inv.id;
    await payNow(ctx, inv, 'allow_incomplete');
    await saveSubscription(ctx, sub);
  }
  return sub;
}

export async function resumeSubscription(ctx: Ctx, id: string, p: ResumeSubscription): Promise<Subscription> {
  const anchor = p.billing_cycle_anchor ?? 'now';
  const sub = await lockSubscription(ctx, id);
  if (sub.status !== 'paused') throw errors.invalidRequest(`Subscription ${sub.id} is not paused: only paused subscriptions can be resumed.`);
  if (sub.collection_method !== 'charge_automatically')
    throw errors.invalidRequest('Only subscriptions with collection_method=charge_automatically can be resumed.');
  const waiting = sub.internal.resumption ? await loadInvoice(ctx, sub.internal.resumption.invoice) : null;
  if (waiting?.status === 'open')
    throw errors.invalidRequest(`Subscription ${sub.id} already has a resumption invoice awaiting payment (${waiting.id}).`);
  const interval = sub.internal.interval!;
  const behavior = p.payment_behavior ?? 'resume_on_payment_attempt';
  const customer = await customerRef(ctx, sub.customer);
  if (anchor === 'unchanged') {
    // The period the anchor puts now in; the rest of it prorated (Stripe: prorations only with `unchanged`).
    const period = periodAt(sub.billing_cycle_anchor, interval.interval, interval.interval_count, p.proration_date ?? ctx.now);
    const prorating = (p.proration_behavior ?? 'create_prorations') !== 'none';
    sub.internal.resumption = null;
    setPeriod(sub, period);
    const ids = prorating ? await createProrations(ctx, sub, sub.items.data.map((after): ItemChange => ({ before: null, after })), p.proration_date ?? ctx.now, period) : [];
    if (p.proration_behavior !== 'always_invoice' || ids.length === 0) {
      // No resumption invoice: "the subscription becomes active immediately".
      markResumed(sub, 'active');
      await saveSubscription(ctx, sub);
      return sub;
    }
    const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_update', lines: [], pending: { kind: 'only', ids }, period: { start: ctx.now, end: ctx.now } });
    return settleResumption(ctx, sub, inv, behavior, sub.billing_cycle_anchor, period);
  }
  const fresh = { start: ctx.now, end: boundary(ctx.now, interval.interval, interval.interval_count, 1) };
  const lines = [];
  for (const item of sub.items.data) lines.push(await itemLine(ctx, sub, item, fresh));
  const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_update', lines, pending: { kind: 'subscription' }, period: { start: ctx.now, end: ctx.now } });
  return settleResumption(ctx, sub, inv, behavior, ctx.now, fresh);
}

/** The resumption invoice, finalized at once; paid now (resume_on_payment_success) or left for a payment attempt. */
async function settleResumption(
  ctx: Ctx,
  sub: Subscription,
  inv: Invoice,
  behavior: 'resume_on_payment_attempt' | 'resume_on_payment_success',
  anchor: number,
  period: { start: number; end: number },
): Promise<Subscription> {
  sub.latest_invoice = inv.id;
  sub.internal.resumption = { invoice: inv.id, expires_at: ctx.now + INCOMPLETE_EXPIRY, behavior, anchor, period };
  await saveSubscription(ctx, sub);
  const { invoice, paid } = await payNow(ctx, inv, behavior === 'resume_on_payment_success' ? 'allow_incomplete' : 'default_incomplete');
  if (paid || invoice.status === 'paid') {
    markResumed(sub, 'active');
  } else if (behavior === 'resume_on_payment_success') {
    // "The subscription stays paused until payment succeeds, and Stripe retries failed payments": not voided at 23 hours.
    sub.internal.resumption!.expires_at = null;
  } else {
    // "Stripe doesn't retry failed payments": no automatic collection on it.
    invoice.auto_advance = false;
    invoice.next_payment_attempt = null;
    await saveInvoice(ctx, invoice);
  }
  await saveSubscription(ctx, sub);
  return sub;
}
