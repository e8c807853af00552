// PaymentMethods (cards only): made from Stripe's test tokens, numbers or ready-made
// `pm_card_*` ids, attached to and detached from customers. No card network is behind
// them: test-cards.ts says how each card behaves.
import { createHash } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { errors, StripeError } from '../../http/errors.ts';
import { CardError } from '../../http/card-error.ts';
import { applyMetadata } from '../../http/params.ts';
import { listPage } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { getObject } from '../../store/objects.ts';
import { paymentMethods } from './repository.ts';
import { customers } from '../customers/repository.ts';
import { previousAttributes } from '../../events/from-changes.ts';
import { findById } from '../lookup.ts';
import { toAddress } from '../shared-params.ts';
import { customerRef, saveCustomer } from '../customers/service.ts';
import type { Customer } from '../customers/model.ts';
import { INCORRECT_NUMBER, luhnValid, testCardByNumber, testCardByPm, testCardByToken, type Decline, type TestCard } from './test-cards.ts';
import type { BillingDetails, Card, PaymentMethod } from './model.ts';
import type { CreatePaymentMethod, ListPaymentMethods, UpdatePaymentMethod } from './params.ts';

export const TYPE = 'payment_method';

const DISPLAY_BRAND: Record<string, string> = { amex: 'american_express', diners: 'diners_club' };

/** The card's behaviour (a number from test-cards.ts; unknown numbers behave like 4242). */
export function cardBehaviour(pm: PaymentMethod): TestCard | undefined {
  return testCardByNumber(pm.internal.number);
}

/** Whether this payment must be authenticated by the customer first. */
export function needsAuthentication(pm: PaymentMethod, offSession: boolean): boolean {
  switch (cardBehaviour(pm)?.auth ?? 'none') {
    case 'always':
      return true;
    case 'unless_set_up':
      return !offSession || pm.internal.set_up !== true;
    case 'on_session':
      return !offSession;
    default:
      return false;
  }
}

export function declineError(d: Decline, extra: { param?: string } = {}): CardError {
  return new CardError({ ...d, ...extra });
}

function fingerprint(account: string, number: string): string {
  return createHash('sha256').update(`${account}\u0000${number}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 16);
}

function emptyBilling(): BillingDetails {
  return { address: null, email: null, name: null, phone: null };
}

function applyBilling(b: BillingDetails, p: CreatePaymentMethod['billing_details']): void {
  if (!p) return;
  if (p.address !== undefined) b.address = p.address === null ? null : toAddress(p.address);
  if (p.email !== undefined) b.email = p.email || null;
  if (p.name !== undefined) b.name = p.name || null;
  if (p.phone !== undefined) b.phone = p.phone || null;
}

function cardOf(ctx: Ctx, c: TestCard, exp: { month: number; year: number }, cvcGiven: boolean): Card {
  return {
    brand: c.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cvcGiven ? 'unchecked' : null },
    country: c.country,
    display_brand: DISPLAY_BRAND[c.brand] ?? c.brand,
    exp_month: exp.month,
    exp_year: exp.year,
    fingerprint: fingerprint(ctx.account, c.number),
    funding: c.funding,
    generated_from: null,
    last4: c.number.slice(-4),
    networks: { available: [c.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

/** Ready-made test cards expire a year from now, in the current month. */
function defaultExpiry(now: number): { month: number; year: number } {
  const d = new Date(now * 1000);
  return { month: d.getUTCMonth() + 1, year: d.getUTCFullYear() + 1 };
}

async function insertPaymentMethod(ctx: Ctx, card: Card, number: string, p: Partial<CreatePaymentMethod> = {}): Promise<PaymentMethod> {
  const pm: PaymentMethod = {
    id: newId('pm', 24),
    object: 'payment_method',
    allow_redisplay: p.allow_redisplay ?? 'unspecified',
    billing_details: emptyBilling(),
    card,
    created: ctx.now,
    customer: null,
    livemode: false,
    metadata: applyMetadata({}, p.metadata),
    type: 'card',
    internal: { number },
  };
  applyBilling(pm.billing_details, p.billing_details);
  await paymentMethods.insert(ctx, pm);
  return pm;
}

/** A new PaymentMethod of a ready-made test card (what `pm_card_visa` names each time it is used). */
function mint(ctx: Ctx, c: TestCard): Promise<PaymentMethod> {
  return insertPaymentMethod(ctx, cardOf(ctx, c, defaultExpiry(ctx.now), false), c.number);
}

function tokenAsPaymentMethod(id: string, param: string): StripeError {
  return errors.invalidRequest(
    `A token may not be passed in as a PaymentMethod. Instead, create a PaymentMethod or convert your token to a PaymentMethod by setting the \`card[token]\` parameter to ${id}.`,
    param,
  );
}

/** Card checks Stripe runs on raw card data (docs.stripe.com/testing, "Invalid data"). */
function checkCardData(card: NonNullable<CreatePaymentMethod['card']>, now: number): TestCard {
  const number = (card.number ?? '').replace(/\s/g, '');
  if (card.exp_month === undefined) throw errors.missingParam('card[exp_month]');
  if (card.exp_year === undefined) throw errors.missingParam('card[exp_year]');
  if (!luhnValid(number)) throw declineError(INCORRECT_NUMBER, { param: 'card[number]' });
  if (card.exp_month < 1 || card.exp_month > 12)
    throw declineError({ code: 'invalid_expiry_month', decline_code: null, message: "Your card's expiration month is invalid." }, { param: 'card[exp_month]' });
  const year = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year;
  const d = new Date(now * 1000);
  if (year < d.getUTCFullYear() || (year === d.getUTCFullYear() && card.exp_month < d.getUTCMonth() + 1))
    throw declineError({ code: 'invalid_expiry_year', decline_code: null, message: "Your card's expiration year is invalid." }, { param: 'card[exp_year]' });
  if (card.cvc !== undefined && !/^\d{3,4}$/.test(card.cvc))
    throw declineError({ code: 'invalid_cvc', decline_code: null, message: "Your card's security code is invalid." }, { param: 'card[cvc]' });
  const known = testCardByNumber(number);
  if (!known)
    throw declineError({
      code: 'card_declined',
      decline_code: 'test_mode_live_card',
      message: 'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
    });
  return known;
}

export async function createPaymentMethod(ctx: Ctx, p: CreatePaymentMethod): Promise<PaymentMethod> {
  if (p.customer !== undefined || p.payment_method !== undefined)
    throw errors.invalidRequest('Cloning PaymentMethods is only available to Connect platforms.', p.customer !== undefined ? 'customer' : 'payment_method');
  if (p.type === undefined) throw errors.missingParam('type');
  if (!p.card) throw errors.missingParam('card');
  const { token, number } = p.card;
  if (token !== undefined && (number !== undefined || p.card.exp_month !== undefined || p.card.exp_year !== undefined || p.card.cvc !== undefined))
    throw errors.invalidRequest('You cannot pass card[token] together with card details.', 'card[token]');
  if (token !== undefined) {
    const c = testCardByToken(token);
    if (!c) throw errors.resourceMissing('token', token, 'card[token]');
    return insertPaymentMethod(ctx, cardOf(ctx, c, defaultExpiry(ctx.now), false), c.number, p);
  }
  if (number === undefined) throw errors.missingParam('card[number]');
  const c = checkCardData(p.card, ctx.now);
  const year = p.card.exp_year! < 100 ? 2000 + p.card.exp_year! : p.card.exp_year!;
  return insertPaymentMethod(ctx, cardOf(ctx, c, { month: p.card.exp_month!, year }, p.card.cvc !== undefined), c.number, p);
}

export async function retrievePaymentMethod(ctx: Ctx, id: string): Promise<PaymentMethod> {
  const magic = testCardByPm(id);
  if (magic && !(await getObject(ctx.db, ctx.account, TYPE, id))) {
    // A GET of a ready-made id shows the card without storing anything (no id of its own yet).
    return { ...(await unsavedMagic(ctx, magic)), id };
  }
  return findById(ctx, paymentMethods, id, 'payment_method');
}

async function unsavedMagic(ctx: Ctx, c: TestCard): Promise<PaymentMethod> {
  return {
    id: '', object: 'payment_method', allow_redisplay: 'unspecified', billing_details: emptyBilling(),
    card: cardOf(ctx, c, defaultExpiry(ctx.now), false), created: ctx.now, customer: null, livemode: false, metadata: {}, type: 'card',
    internal: { number: c.number },
  };
}

/**
 * A PaymentMethod named by a parameter, ready to pay: a ready-made test id becomes a new
 * PaymentMethod; a token is refused as Stripe refuses it; a spent one (detached, or used
 * once without a customer) cannot be used again.
 */
export async function usablePaymentMethod(ctx: Ctx, id: string, param: string): Promise<PaymentMethod> {
  if (id.startsWith('tok_')) throw tokenAsPaymentMethod(id, param);
  const magic = testCardByPm(id);
  if (magic) return mint(ctx, magic);
  const pm = await getObject<PaymentMethod>(ctx.db, ctx.account, TYPE, id);
  if (!pm) throw errors.resourceMissing('PaymentMethod', id, param);
  if (pm.internal.spent)
    throw errors.invalidRequest(
      'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
      param,
    );
  return pm;
}

/** A PaymentMethod used for a payment without being attached to a customer is spent. */
export async function spendIfUnattached(ctx: Ctx, pm: PaymentMethod): Promise<void> {
  if (pm.customer !== null || pm.internal.spent) return;
  pm.internal.spent = true;
  await paymentMethods.update(ctx, pm);
}

export async function savePaymentMethod(ctx: Ctx, pm: PaymentMethod): Promise<void> {
  await paymentMethods.update(ctx, pm);
}

export async function attachPaymentMethod(ctx: Ctx, id: string, customerId: string): Promise<PaymentMethod> {
  const customer = await customerRef(ctx, customerId);
  return attachTo(ctx, id, customer, 'customer');
}

/** Attaches to a customer (attach, customer create's `payment_method`). */
export async function attachTo(ctx: Ctx, id: string, customer: Customer, param: string): Promise<PaymentMethod> {
  const pm = await usablePaymentMethod(ctx, id, param === 'customer' ? 'payment_method' : param);
  if (pm.customer === customer.id) return pm;
  if (pm.customer !== null)
    throw errors.invalidRequest('The payment method you provided has already been attached to a customer.', param === 'customer' ? undefined : param);
  const decline = cardBehaviour(pm)?.attachDecline;
  // "The cards in the previous table can't be attached to a Customer object" (docs.stripe.com/testing).
  if (decline) throw declineError(decline);
  pm.customer = customer.id;
  await savePaymentMethod(ctx, pm);
  ctx.work?.emitFor('payment_method.attached', pm);
  return pm;
}

export async function detachPaymentMethod(ctx: Ctx, id: string): Promise<PaymentMethod> {
  const pm = await findById(ctx, paymentMethods, id, 'payment_method');
  if (pm.customer === null)
    throw errors.invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', 'payment_method');
  const was = pm.customer;
  // "Once detached, a PaymentMethod can no longer be used for payments or re-attached to a Customer."
  pm.customer = null;
  pm.internal.spent = true;
  await savePaymentMethod(ctx, pm);
  // Our choice (the docs are silent): a customer's default that is detached is no longer its default.
  const customer = await getObject<Customer>(ctx.db, ctx.account, 'customer', was);
  if (customer && !customer.deleted && customer.invoice_settings.default_payment_method === pm.id) {
    customer.invoice_settings.default_payment_method = null;
    await saveCustomer(ctx, customer);
  }
  ctx.work?.emitFor('payment_method.detached', pm, { customer: was });
  return pm;
}

export async function updatePaymentMethod(ctx: Ctx, id: string, p: UpdatePaymentMethod): Promise<PaymentMethod> {
  const pm = await findById(ctx, paymentMethods, id, 'payment_method');
  if (pm.customer === null) throw errors.invalidRequest('A PaymentMethod must be attached to a customer to be updated.');
  const before = structuredClone(pm);
  applyBilling(pm.billing_details, p.billing_details);
  if (p.card?.exp_month !== undefined) pm.card.exp_month = p.card.exp_month;
  if (p.card?.exp_year !== undefined) pm.card.exp_year = p.card.exp_year;
  if (p.allow_redisplay !== undefined) pm.allow_redisplay = p.allow_redisplay;
  pm.metadata = applyMetadata(pm.metadata, p.metadata);
  await savePaymentMethod(ctx, pm);
  const prev = previousAttributes(before, pm);
  delete prev.internal;
  if (Object.keys(prev).length > 0) ctx.work?.emitFor('payment_method.updated', pm, prev);
  return pm;
}

export async function listPaymentMethods(ctx: Ctx, p: ListPaymentMethods) {
  if (p.customer !== undefined) await customerRef(ctx, p.customer);
  // Every PaymentMethod here is a card: another type filters everything out.
  const where = p.type !== undefined && p.type !== 'card' ? { customer: p.customer, tag: '-' } : { customer: p.customer };
  const page = await listPage(ctx, paymentMethods, '/v1/payment_methods', p, { where }, 'payment_method');
  if (p.allow_redisplay !== undefined) page.data = page.data.filter((pm) => pm.allow_redisplay === p.allow_redisplay);
  return page;
}

export async function listCustomerPaymentMethods(ctx: Ctx, customerId: string, p: Omit<ListPaymentMethods, 'customer'>) {
  const customer = await findById(ctx, customers, customerId, 'customer');
  const where = p.type !== undefined && p.type !== 'card' ? { customer: customer.id, tag: '-' } : { customer: customer.id };
  const page = await listPage(ctx, paymentMethods, `/v1/customers/${customer.id}/payment_methods`, p, { where }, 'payment_method');
  if (p.allow_redisplay !== undefined) page.data = page.data.filter((pm) => pm.allow_redisplay === p.allow_redisplay);
  return page;
}

export async function retrieveCustomerPaymentMethod(ctx: Ctx, customerId: string, id: string): Promise<PaymentMethod> {
  const customer = await findById(ctx, customers, customerId, 'customer');
  const pm = await getObject<PaymentMethod>(ctx.db, ctx.account, TYPE, id);
  if (!pm || pm.customer !== customer.id) throw errors.resourceMissing('payment_method', id, 'payment_method', 404);
  return pm;
}

/**
 * A customer's default for invoices: it must be attached to that customer (Stripe's wording,
 * seen on PaymentIntent create 2021 and customer update 2025).
 */
export async function checkOwnedBy(ctx: Ctx, id: string, customerId: string, param: string): Promise<PaymentMethod> {
  if (id.startsWith('tok_')) throw tokenAsPaymentMethod(id, param);
  const pm = await getObject<PaymentMethod>(ctx.db, ctx.account, TYPE, id);
  if (!pm) throw errors.resourceMissing('PaymentMethod', id, param);
  if (pm.customer !== customerId)
    throw errors.invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      param,
    );
  return pm;
}

export async function loadPaymentMethod(ctx: Ctx, id: string): Promise<object | undefined> {
  return getObject<PaymentMethod>(ctx.db, ctx.account, TYPE, id);
}
