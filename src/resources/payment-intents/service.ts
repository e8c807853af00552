// PaymentIntents: created (optionally confirmed at once), confirmed with a test card,
// captured later with capture_method=manual, canceled. Confirming makes a Charge; a decline
// keeps it (failed), puts the intent back to requires_payment_method with last_payment_error,
// and answers 402 (see KeptFailure). Invoice payments use the same attempt.
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { errors, StripeError } from '../../http/errors.ts';
import { CardError, KeptFailure } from '../../http/card-error.ts';
import { applyMetadata } from '../../http/params.ts';
import { listPage } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { getObject } from '../../store/objects.ts';
import { paymentIntents } from './repository.ts';
import { previousAttributes } from '../../events/from-changes.ts';
import { isBelowMinimum, minimumChargeMessage } from '../../billing/minimum-charge.ts';
import { normalizeCurrency } from '../../billing/currency.ts';
import { findById } from '../lookup.ts';
import { customerRef } from '../customers/service.ts';
import { cardBehaviour, spendIfUnattached, usablePaymentMethod } from '../payment-methods/service.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import { AUTHENTICATION_REQUIRED, type Decline } from '../payment-methods/test-cards.ts';
import { needsAuthentication, requireAction } from './authentication.ts';
import { createCharge, saveCharge, TYPE as CHARGE } from '../charges/service.ts';
import type { Charge } from '../charges/model.ts';
import type { PaymentIntent } from './model.ts';
import type * as P from './params.ts';

export const TYPE = 'payment_intent';

const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

export async function savePaymentIntent(ctx: Ctx, pi: PaymentIntent): Promise<void> {
  await paymentIntents.update(ctx, pi);
}

export function checkAmount(amount: number, currency: string, param = 'amount'): void {
  if (isBelowMinimum(currency, amount))
    throw errors.invalidRequest(minimumChargeMessage(currency), param, 'amount_too_small');
}

export interface NewIntent {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata?: Record<string, string>;
  captureMethod?: PaymentIntent['capture_method'];
  confirmationMethod?: PaymentIntent['confirmation_method'];
  statementDescriptor?: string | null;
  invoice?: string;
}

export async function newIntent(ctx: Ctx, n: NewIntent): Promise<PaymentIntent> {
  const id = newId('pi', 24);
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: n.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: n.captureMethod ?? 'automatic',
    client_secret: `${id}_secret_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
    confirmation_method: n.confirmationMethod ?? 'automatic',
    created: ctx.now,
    currency: normalizeCurrency(n.currency),
    customer: n.customer,
    description: n.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: n.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: n.statementDescriptor ?? null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
    internal: n.invoice ? { invoice: n.invoice } : {},
  };
  await paymentIntents.insert(ctx, pi);
  ctx.work?.emitFor('payment_intent.created', pi);
  return pi;
}

/** A PaymentMethod for this intent: the customer's own, or one not attached to anybody. */
async function paymentMethodFor(ctx: Ctx, pi: PaymentIntent, id: string, param: string): Promise<PaymentMethod> {
  const pm = await usablePaymentMethod(ctx, id, param);
  if (pm.customer !== null && pm.customer !== pi.customer)
    throw errors.invalidRequest(
      pi.customer === null
        ? `The provided PaymentMethod belongs to a Customer, but you did not provide the Customer. Please provide the Customer in the \`customer\` parameter.`
        : `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
      param,
    );
  return pm;
}

export interface Attempt {
  pi: PaymentIntent;
  charge: Charge;
  pm: PaymentMethod;
  decline: Decline | null;
}

/**
 * One confirmation: a Charge on the card, and the intent moved on (succeeded, requires_capture,
 * or back to requires_payment_method with last_payment_error and without its payment method).
 * Events in the order Stripe sends them: charge first, then the intent.
 */
export async function attempt(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, chargeDecline?: Decline | null, threeDSecure?: Record<string, unknown>): Promise<Attempt> {
  const decline = chargeDecline !== undefined ? chargeDecline : (cardBehaviour(pm)?.chargeDecline ?? null);
  pi.next_action = null;
  delete pi.internal.auth_secret;
  const manual = pi.capture_method === 'manual';
  const charge = await createCharge(ctx, {
    amount: pi.amount,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    paymentIntent: pi.id,
    pm,
    capture: !manual,
    decline,
    invoice: pi.internal.invoice,
    statementDescriptor: pi.statement_descriptor,
    receiptEmail: pi.receipt_email,
    threeDSecure,
  });
  pi.latest_charge = charge.id;
  if (decline) {
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    pi.last_payment_error = {
      charge: charge.id,
      code: decline.code,
      ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
      doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
      message: decline.message,
      payment_method: stripInternal(pm),
      type: 'card_error',
    };
  } else {
    pi.payment_method = pm.id;
    pi.last_payment_error = null;
    if (manual) {
      pi.status = 'requires_capture';
      pi.amount_capturable = pi.amount;
    } else {
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
    }
  }
  await savePaymentIntent(ctx, pi);
  await spendIfUnattached(ctx, pm);
  if (decline) ctx.work?.emitFor('payment_intent.payment_failed', pi);
  else ctx.work?.emitFor(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', pi);
  return { pi, charge, pm, decline };
}

function stripInternal<T extends { internal?: unknown }>(o: T): Omit<T, 'internal'> {
  const { internal: _hidden, ...rest } = structuredClone(o);
  return rest;
}

/** The 402 a declined attempt answers with: the decline, and the intent and card as they are now. */
export function declineOf(a: Attempt, param?: string): CardError {
  return new CardError({
    ...a.decline!,
    param,
    charge: a.charge.id,
    payment_intent: structuredClone(a.pi),
    payment_method: stripInternal(a.pm),
  });
}

export async function createPaymentIntent(ctx: Ctx, p: P.CreatePaymentIntent): Promise<PaymentIntent | KeptFailure> {
  checkAmount(p.amount, p.currency);
  if (p.customer !== undefined) await customerRef(ctx, p.customer);
  if (p.payment_method_types !== undefined && p.payment_method_types.some((t) => t !== 'card'))
    throw errors.invalidRequest(`The payment method type provided: ${p.payment_method_types.find((t) => t !== 'card')} is invalid. This server supports only card.`, 'payment_method_types');
  if (!p.confirm) for (const k of ['off_session', 'error_on_requires_action', 'return_url'] as const)
    if (p[k] !== undefined) throw errors.invalidRequest(`You can only pass \`${k}\` when \`confirm\` is true.`, k);
  const pi = await newIntent(ctx, {
    amount: p.amount,
    currency: p.currency,
    customer: p.customer ?? null,
    description: p.description ?? null,
    metadata: applyMetadata({}, p.metadata),
    captureMethod: p.capture_method,
    confirmationMethod: p.confirmation_method,
    statementDescriptor: p.statement_descriptor ?? null,
  });
  if (p.automatic_payment_methods) pi.automatic_payment_methods = { allow_redirects: p.automatic_payment_methods.allow_redirects ?? 'always', enabled: p.automatic_payment_methods.enabled };
  if (p.receipt_email) pi.receipt_email = p.receipt_email;
  if (p.setup_future_usage) pi.setup_future_usage = p.setup_future_usage;
  if (p.payment_method !== undefined) {
    pi.payment_method = (await paymentMethodFor(ctx, pi, p.payment_method, 'payment_method')).id;
    pi.status = 'requires_confirmation';
  }
  await savePaymentIntent(ctx, pi);
  if (p.confirm) return confirmLoaded(ctx, pi, { off_session: p.off_session, error_on_requires_action: p.error_on_requires_action, return_url: p.return_url });
  return pi;
}

export async function confirmPaymentIntent(ctx: Ctx, id: string, p: P.ConfirmPaymentIntent): Promise<PaymentIntent | KeptFailure> {
  const pi = await findById(ctx, paymentIntents, id, 'payment_intent');
  if (pi.internal.invoice)
    throw errors.invalidRequest('This PaymentIntent is managed by its invoice: pay the invoice instead.', undefined, 'payment_intent_unexpected_state');
  if (p.capture_method !== undefined) pi.capture_method = p.capture_method;
  if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email || null;
  if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage || null;
  return confirmLoaded(ctx, pi, p);
}

async function confirmLoaded(ctx: Ctx, pi: PaymentIntent, p: P.ConfirmPaymentIntent): Promise<PaymentIntent | KeptFailure> {
  if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation' && pi.status !== 'requires_action')
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
      pi,
    );
  const pmId = p.payment_method ?? pi.payment_method;
  if (pmId === null)
    throw errors.invalidRequest(
      'You cannot confirm this PaymentIntent because it\'s missing a payment method. To confirm the PaymentIntent with cus_ and a payment method, you must first attach the payment method to the customer, and then set it as the `payment_method` parameter.'.replace(' with cus_', pi.customer ? ` with ${pi.customer}` : ''),
      'payment_method',
    );
  if (p.return_url !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/./i.test(p.return_url)) throw errors.invalidRequest('Not a valid URL', 'return_url');
  const pm = await paymentMethodFor(ctx, pi, pmId, 'payment_method');
  const offSession = p.off_session === true;
  if (needsAuthentication(pm, offSession)) {
    // Off session nobody can authenticate: the attempt fails at once (docs "Charge the saved
    // payment method later": error code authentication_required); error_on_requires_action likewise.
    if (offSession || p.error_on_requires_action) {
      const a = await attempt(ctx, pi, pm, AUTHENTICATION_REQUIRED);
      return new KeptFailure(declineOf(a));
    }
    return requireAction(ctx, pi, pm, p.return_url ?? null);
  }
  const a = await attempt(ctx, pi, pm);
  return a.decline ? new KeptFailure(declineOf(a)) : a.pi;
}

function unexpectedState(message: string, _pi: PaymentIntent): StripeError {
  return errors.invalidRequest(message, undefined, 'payment_intent_unexpected_state');
}

export async function capturePaymentIntent(ctx: Ctx, id: string, p: P.CapturePaymentIntent): Promise<PaymentIntent> {
  const pi = await findById(ctx, paymentIntents, id, 'payment_intent');
  if (pi.status === 'succeeded' && pi.capture_method === 'manual')
    throw unexpectedState('This PaymentIntent could not be captured because it has already been captured.', pi);
  if (pi.status !== 'requires_capture')
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      pi,
    );
  const amount = p.amount_to_capture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable)
    throw errors.invalidRequest(
      `The amount to capture (${amount}) must be less than or equal to the amount capturable (${pi.amount_capturable}).`,
      'amount_to_capture',
    );
  const charge = (await getObject<Charge>(ctx.db, ctx.account, CHARGE, pi.latest_charge!))!;
  charge.captured = true;
  charge.amount_captured = amount;
  // The part not captured goes back to the card.
  charge.amount_refunded = charge.amount - amount;
  await saveCharge(ctx, charge);
  ctx.work?.emitFor('charge.captured', charge);
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = 'succeeded';
  pi.metadata = applyMetadata(pi.metadata, p.metadata);
  await savePaymentIntent(ctx, pi);
  ctx.work?.emitFor('payment_intent.succeeded', pi);
  return pi;
}

export async function cancelPaymentIntent(ctx: Ctx, id: string, reason: string | undefined): Promise<PaymentIntent> {
  const pi = await findById(ctx, paymentIntents, id, 'payment_intent');
  return cancelLoaded(ctx, pi, reason ?? null);
}

export async function cancelLoaded(ctx: Ctx, pi: PaymentIntent, reason: string | null): Promise<PaymentIntent> {
  if (!CANCELABLE.includes(pi.status))
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      pi,
    );
  pi.status = 'canceled';
  pi.next_action = null;
  delete pi.internal.auth_secret;
  pi.canceled_at = ctx.now;
  pi.cancellation_reason = reason;
  pi.amount_capturable = 0;
  await savePaymentIntent(ctx, pi);
  ctx.work?.emitFor('payment_intent.canceled', pi);
  return pi;
}

export async function updatePaymentIntent(ctx: Ctx, id: string, p: P.UpdatePaymentIntent): Promise<PaymentIntent> {
  const pi = await findById(ctx, paymentIntents, id, 'payment_intent');
  const before = structuredClone(pi);
  const open = pi.status === 'requires_payment_method' || pi.status === 'requires_confirmation';
  const moneyParams = (['amount', 'currency', 'customer', 'payment_method'] as const).filter((k) => p[k] !== undefined);
  if (moneyParams.length > 0 && (!open || pi.internal.invoice))
    throw unexpectedState(
      `You cannot update ${moneyParams[0]} on this PaymentIntent because it has a status of ${pi.status}.`,
      pi,
    );
  if (p.customer !== undefined) pi.customer = (await customerRef(ctx, p.customer)).id;
  if (p.amount !== undefined || p.currency !== undefined) {
    checkAmount(p.amount ?? pi.amount, p.currency ?? pi.currency);
    pi.amount = p.amount ?? pi.amount;
    pi.currency = normalizeCurrency(p.currency ?? pi.currency);
  }
  if (p.payment_method !== undefined) {
    pi.payment_method = (await paymentMethodFor(ctx, pi, p.payment_method, 'payment_method')).id;
    pi.status = 'requires_confirmation';
  }
  if (p.description !== undefined) pi.description = p.description || null;
  if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email || null;
  if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage || null;
  if (p.statement_descriptor !== undefined) pi.statement_descriptor = p.statement_descriptor;
  pi.metadata = applyMetadata(pi.metadata, p.metadata);
  // "will be cleared if the PaymentIntent is later updated for any reason"
  pi.last_payment_error = null;
  await savePaymentIntent(ctx, pi);
  const prev = previousAttributes(before, pi);
  delete prev.internal;
  if (Object.keys(prev).length > 0) ctx.work?.emitFor('payment_intent.updated', pi, prev);
  return pi;
}

export async function retrievePaymentIntent(ctx: Ctx, id: string): Promise<PaymentIntent> {
  return findById(ctx, paymentIntents, id, 'payment_intent');
}

export async function listPaymentIntents(ctx: Ctx, p: P.ListPaymentIntents) {
  return listPage(ctx, paymentIntents, '/v1/payment_intents', p, { created: p.created, where: { customer: p.customer } }, 'payment_intent');
}

export async function loadPaymentIntent(ctx: Ctx, id: string): Promise<object | undefined> {
  return getObject<PaymentIntent>(ctx.db, ctx.account, TYPE, id);
}
