// Charges made directly (the Charges API, before PaymentIntents): POST /v1/charges with a test
// token (`tok_visa`), a ready-made test PaymentMethod or a customer's card, charged at once or
// authorized only (`capture=false`) and captured later with POST /v1/charges/:id/capture. The
// test cards decline as they do for PaymentIntents; a card that asks for 3D Secure cannot
// authenticate here (nobody is present), so it declines with `authentication_required`.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { CardError, KeptFailure } from '../../http/card-error.ts';
import { applyMetadata } from '../../http/params.ts';
import { getObject } from '../../store/objects.ts';
import { isBelowMinimum, minimumChargeMessage } from '../../billing/minimum-charge.ts';
import { normalizeCurrency } from '../../billing/currency.ts';
import { findById } from '../lookup.ts';
import { customerRef } from '../customers/service.ts';
import { cardBehaviour, createPaymentMethod, needsAuthentication, spendIfUnattached, usablePaymentMethod } from '../payment-methods/service.ts';
import { AUTHENTICATION_REQUIRED, testCardByToken } from '../payment-methods/test-cards.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import type { Customer } from '../customers/model.ts';
import { charges } from './repository.ts';
import { createCharge, saveCharge } from './service.ts';
import type { Charge } from './model.ts';
import type { CaptureCharge, CreateCharge } from './params.ts';

/** The card to charge: `source` (a token, a test PaymentMethod, the customer's card), else the customer's default. */
async function sourceFor(ctx: Ctx, p: CreateCharge, customer: Customer | null): Promise<PaymentMethod> {
  const source = p.source;
  if (source === undefined) {
    if (!customer) throw errors.invalidRequest('Must provide source or customer.');
    const id = customer.invoice_settings.default_payment_method;
    const pm = id ? await getObject<PaymentMethod>(ctx.db, ctx.account, 'payment_method', id) : undefined;
    if (!pm) throw errors.invalidRequest('Cannot charge a customer that has no active card', 'card', 'missing');
    return pm;
  }
  if (source.startsWith('tok_')) {
    // A token is single-use card data; a customer's charge must use one of the customer's cards.
    if (customer) throw errors.invalidRequest(`Customer ${customer.id} does not have a linked source with ID ${source}.`, 'source', 'missing');
    if (!testCardByToken(source)) throw errors.resourceMissing('token', source, 'source');
    return createPaymentMethod(ctx, { type: 'card', card: { token: source } });
  }
  const pm = await usablePaymentMethod(ctx, source, 'source');
  if (pm.customer !== null && pm.customer !== customer?.id)
    throw errors.invalidRequest(
      customer ? `Customer ${customer.id} does not have a linked source with ID ${source}.` : `The source ${source} belongs to a customer: pass that customer too.`,
      'source',
      'missing',
    );
  return pm;
}

export async function createDirectCharge(ctx: Ctx, p: CreateCharge): Promise<Charge | KeptFailure> {
  if (isBelowMinimum(p.currency, p.amount)) throw errors.invalidRequest(minimumChargeMessage(p.currency), 'amount', 'amount_too_small');
  const customer = p.customer !== undefined ? await customerRef(ctx, p.customer) : null;
  const pm = await sourceFor(ctx, p, customer);
  const behaviour = cardBehaviour(pm);
  const decline = behaviour?.attachDecline ?? behaviour?.chargeDecline ?? (needsAuthentication(pm, true) ? AUTHENTICATION_REQUIRED : null);
  const ch = await createCharge(ctx, {
    amount: p.amount,
    currency: normalizeCurrency(p.currency),
    customer: customer?.id ?? null,
    description: p.description ?? null,
    paymentIntent: null,
    pm,
    capture: p.capture !== false,
    decline,
    statementDescriptor: p.statement_descriptor ?? null,
    receiptEmail: p.receipt_email ?? null,
    metadata: applyMetadata({}, p.metadata),
  });
  await spendIfUnattached(ctx, pm);
  if (!decline) return ch;
  // The failed charge stays (charge.failed), and its id comes with the error, as Stripe sends it.
  return new KeptFailure(new CardError({ ...decline, charge: ch.id }));
}

export async function captureCharge(ctx: Ctx, id: string, p: CaptureCharge): Promise<Charge> {
  const ch = await findById(ctx, charges, id, 'charge');
  if (ch.payment_intent !== null)
    throw errors.invalidRequest(`Charge ${ch.id} was made by PaymentIntent ${ch.payment_intent}: capture the PaymentIntent instead.`, undefined, 'payment_intent_unexpected_state');
  if (ch.captured) throw errors.invalidRequest(`Charge ${ch.id} has already been captured.`, undefined, 'charge_already_captured');
  if (ch.status !== 'succeeded') throw errors.invalidRequest(`Charge ${ch.id} has failed and cannot be captured.`, undefined, 'charge_not_capturable');
  const amount = p.amount ?? ch.amount;
  if (amount > ch.amount)
    throw errors.invalidRequest(`The amount to capture (${amount}) must be less than or equal to the amount authorized (${ch.amount}).`, 'amount', 'amount_too_large');
  ch.captured = true;
  ch.amount_captured = amount;
  // The part not captured goes back to the card, shown as refunded (as Stripe shows a partial capture).
  ch.amount_refunded = ch.amount - amount;
  if (p.receipt_email !== undefined) ch.receipt_email = p.receipt_email;
  if (p.statement_descriptor !== undefined) ch.statement_descriptor = p.statement_descriptor;
  await saveCharge(ctx, ch);
  ctx.work?.emitFor('charge.captured', ch);
  return ch;
}
