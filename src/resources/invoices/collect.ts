// Charging an invoice with a card: the PaymentIntent made at the first attempt (and used again
// by later ones), its InvoicePayment, the invoice's attempt counters, and the invoice's
// own payment events. Used by POST /v1/invoices/:id/pay.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { CardError } from '../../http/card-error.ts';
import { getObject } from '../../store/objects.ts';
import { nextPaymentAttempt } from '../../billing/payment-retries.ts';
import type { Customer } from '../customers/model.ts';
import { checkOwnedBy, usablePaymentMethod } from '../payment-methods/service.ts';
import { testCardByPm } from '../payment-methods/test-cards.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import { attempt, cancelLoaded, declineOf, newIntent, savePaymentIntent, TYPE as PI, type Attempt } from '../payment-intents/service.ts';
import { needsAuthentication, requireAction } from '../payment-intents/authentication.ts';
import type { PaymentIntent } from '../payment-intents/model.ts';
import { cancelOpenInvoicePayments, markInvoicePaymentPaid, openInvoicePayment } from '../invoice-payments/service.ts';
import { markPaid } from './finalize.ts';
import { saveInvoice } from './totals.ts';
import type { Invoice } from './model.ts';

const NO_PAYMENT_METHOD =
  'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.';

/**
 * The PaymentMethod to charge: the one passed ("must be the ID of a PaymentMethod belonging to
 * the customer associated with the invoice"; a ready-made `pm_card_*` id is used as a fresh
 * copy), else the invoice's default, else the customer's invoice default. Null when none.
 */
export async function invoicePaymentMethod(ctx: Ctx, inv: Invoice, passed: string | undefined): Promise<PaymentMethod | null> {
  if (passed !== undefined) {
    if (testCardByPm(passed)) return usablePaymentMethod(ctx, passed, 'payment_method');
    return checkOwnedBy(ctx, passed, inv.customer, 'payment_method');
  }
  const customer = await getObject<Customer>(ctx.db, ctx.account, 'customer', inv.customer);
  // "defaults to the subscription's default payment method, if any, or to the default payment method in the customer's invoice settings".
  const subId = inv.parent?.subscription_details.subscription;
  const sub = subId ? await getObject<{ id: string; default_payment_method: string | null }>(ctx.db, ctx.account, 'subscription', subId) : undefined;
  const id =
    inv.default_payment_method ?? sub?.default_payment_method ?? (customer && !customer.deleted ? customer.invoice_settings.default_payment_method : null);
  if (id === null) return null;
  return getObject<PaymentMethod>(ctx.db, ctx.account, 'payment_method', id).then((pm) => pm ?? null);
}

export function noPaymentMethod() {
  return errors.invalidRequest(NO_PAYMENT_METHOD);
}

/**
 * "The PaymentIntent is generated when the invoice is finalized, and can then be used to pay the
 * invoice" (Invoice.payment_intent, API reference before basil); since basil its default
 * InvoicePayment is "created at finalization". Nothing to pay, nothing made.
 */
export async function openPaymentAtFinalization(ctx: Ctx, inv: Invoice): Promise<void> {
  if (inv.status === 'open' && inv.amount_remaining > 0) await intentFor(ctx, inv);
}

async function intentFor(ctx: Ctx, inv: Invoice): Promise<PaymentIntent> {
  const existing = inv.internal.payment_intent ? await getObject<PaymentIntent>(ctx.db, ctx.account, PI, inv.internal.payment_intent) : undefined;
  if (existing && (existing.status === 'requires_payment_method' || existing.status === 'requires_confirmation' || existing.status === 'requires_action')) {
    if (existing.amount !== inv.amount_remaining) {
      existing.amount = inv.amount_remaining;
      await savePaymentIntent(ctx, existing);
    }
    return existing;
  }
  const pi = await newIntent(ctx, {
    amount: inv.amount_remaining,
    currency: inv.currency,
    customer: inv.customer,
    description: 'Payment for Invoice',
    statementDescriptor: inv.statement_descriptor,
    invoice: inv.id,
  });
  inv.internal.payment_intent = pi.id;
  await openInvoicePayment(ctx, inv.id, pi);
  return pi;
}

/**
 * One payment attempt on an open invoice. `automatic` attempts (the collection schedule) count
 * every time; a manual `pay` counts only as the first attempt ("manual payment attempts after
 * the first attempt do not affect the retry schedule", Invoice.attempt_count). Returns the
 * card error of a decline, whose changes stay.
 */
export async function chargeInvoice(
  ctx: Ctx,
  inv: Invoice,
  pm: PaymentMethod,
  automatic: boolean,
  opts: { offSession?: boolean; returnUrl?: string } = {},
): Promise<CardError | null> {
  const pi = await intentFor(ctx, inv);
  inv.attempted = true;
  if (automatic || inv.attempt_count === 0) inv.attempt_count += 1;
  inv.internal.first_attempt_at ??= ctx.now;
  // `off_session` defaults to true for invoice payments (Stripe's pay docs); automatic ones are off session.
  if (needsAuthentication(pm, automatic || (opts.offSession ?? true))) {
    await requireAction(ctx, pi, pm, opts.returnUrl ?? null);
    // "If a subscription payment fails due to authentication issues ... the payment will not
    // automatically retry": the invoice waits for its customer (hosted page, or the intent).
    inv.next_payment_attempt = null;
    await saveInvoice(ctx, inv);
    ctx.work?.emitFor('invoice.payment_action_required', inv);
    // An automatic attempt has nothing more to do (no retry, no after-final-retry action).
    return automatic ? null : requiresActionError(pi);
  }
  const a = await attempt(ctx, pi, pm);
  return settleAttempt(ctx, inv, a);
}

/** The card was authenticated and charged (or declined) for this invoice's intent: the invoice follows. */
export async function settleAttempt(ctx: Ctx, inv: Invoice, a: Attempt): Promise<CardError | null> {
  if (!a.decline) {
    inv.internal.charge = a.charge.id;
    markPaid(inv, ctx.now);
    await saveInvoice(ctx, inv);
    await markInvoicePaymentPaid(ctx, inv.id, a.pi);
    return null;
  }
  inv.next_payment_attempt =
    inv.auto_advance && inv.collection_method === 'charge_automatically' ? nextPaymentAttempt(inv.internal.first_attempt_at ?? ctx.now, inv.attempt_count, ctx.config?.paymentRetrySchedule) : null;
  await saveInvoice(ctx, inv);
  ctx.work?.emitFor('invoice.payment_failed', inv);
  return declineOf(a);
}

/**
 * Stripe's answer to a `pay` that needs the customer (a real body quoted in stripe/stripe-node#628):
 * `card_error`, `invoice_payment_intent_requires_action`, no param. We add the intent, as the
 * declines do, so the caller can follow its `next_action`.
 */
export function requiresActionError(pi: PaymentIntent): CardError {
  return new CardError({
    code: 'invoice_payment_intent_requires_action',
    decline_code: null,
    message:
      'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice. For more details see: https://stripe.com/docs/billing/subscriptions/payment#handling-action-required',
    payment_intent: structuredClone(pi),
  });
}

/** The customer failed the authentication of this invoice's payment. */
export async function authenticationFailed(ctx: Ctx, inv: Invoice): Promise<void> {
  ctx.work?.emitFor('invoice.payment_failed', inv);
}

/** A voided invoice's unfinished PaymentIntent is canceled (`cancellation_reason: void_invoice`) with its InvoicePayment. */
export async function releasePayment(ctx: Ctx, inv: Invoice): Promise<void> {
  if (!inv.internal.payment_intent) return;
  const pi = await getObject<PaymentIntent>(ctx.db, ctx.account, PI, inv.internal.payment_intent);
  if (pi && (pi.status === 'requires_payment_method' || pi.status === 'requires_confirmation' || pi.status === 'requires_action')) await cancelLoaded(ctx, pi, 'void_invoice');
  await cancelOpenInvoicePayments(ctx, inv.id);
}
