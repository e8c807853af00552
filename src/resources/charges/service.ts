// Charges: made by a PaymentIntent's confirmation or directly (direct.ts), retrieved,
// listed, updated (metadata, description).
import type { Ctx } from '../../http/context.ts';
import { applyMetadata, type MetadataInput } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { getObject } from '../../store/objects.ts';
import { charges } from './repository.ts';
import { previousAttributes } from '../../events/from-changes.ts';
import { findById } from '../lookup.ts';
import type { Decline } from '../payment-methods/test-cards.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import type { Charge } from './model.ts';
import type { ListCharges } from './params.ts';

export const TYPE = 'charge';

export interface NewCharge {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  /** Null for a charge made directly (POST /v1/charges). */
  paymentIntent: string | null;
  pm: PaymentMethod;
  metadata?: Record<string, string>;
  capture: boolean;
  decline: Decline | null;
  invoice?: string;
  statementDescriptor?: string | null;
  receiptEmail?: string | null;
  /** The 3D Secure authentication the payment passed (payment_method_details.card.three_d_secure). */
  threeDSecure?: Record<string, unknown>;
}

function outcome(decline: Decline | null): Charge['outcome'] {
  const base = { advice_code: null, network_advice_code: null, network_decline_code: null, risk_level: 'normal' };
  if (!decline) return { ...base, network_status: 'approved_by_network', reason: null, seller_message: 'Payment complete.', type: 'authorized' };
  return {
    ...base,
    network_status: decline.code === 'processing_error' ? 'not_sent_to_network' : 'declined_by_network',
    reason: decline.decline_code ?? decline.code,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

export async function createCharge(ctx: Ctx, n: NewCharge): Promise<Charge> {
  const ok = n.decline === null;
  const card = n.pm.card;
  const ch: Charge = {
    id: newId('ch', 24),
    object: 'charge',
    amount: n.amount,
    amount_captured: ok && n.capture ? n.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: structuredClone(n.pm.billing_details),
    calculated_statement_descriptor: (n.statementDescriptor ?? 'INVOICEKIT').slice(0, 22).toUpperCase(),
    captured: ok && n.capture,
    created: ctx.now,
    currency: n.currency,
    customer: n.customer,
    description: n.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: n.decline?.code ?? null,
    failure_message: n.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: n.metadata ?? {},
    on_behalf_of: null,
    outcome: outcome(n.decline),
    paid: ok,
    payment_intent: n.paymentIntent,
    payment_method: n.pm.id,
    payment_method_details: {
      card: {
        amount_authorized: ok ? n.amount : null,
        brand: card.brand,
        checks: { ...card.checks, cvc_check: card.checks.cvc_check === 'unchecked' ? 'pass' : card.checks.cvc_check },
        country: card.country,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint,
        funding: card.funding,
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_token: { used: false },
        regulated_status: card.regulated_status,
        three_d_secure: n.threeDSecure ?? null,
        wallet: null,
      },
      type: 'card',
    },
    radar_options: {},
    receipt_email: n.receiptEmail ?? null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: n.statementDescriptor ?? null,
    statement_descriptor_suffix: null,
    status: ok ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
    internal: n.invoice ? { invoice: n.invoice } : {},
  };
  await charges.insert(ctx, ch);
  ctx.work?.emitFor(ok ? 'charge.succeeded' : 'charge.failed', ch);
  return ch;
}

export async function saveCharge(ctx: Ctx, ch: Charge): Promise<void> {
  await charges.update(ctx, ch);
}

export async function retrieveCharge(ctx: Ctx, id: string): Promise<Charge> {
  return findById(ctx, charges, id, 'charge');
}

export async function updateCharge(ctx: Ctx, id: string, p: { description?: string; metadata?: MetadataInput | null }): Promise<Charge> {
  const ch = await findById(ctx, charges, id, 'charge');
  const before = structuredClone(ch);
  if (p.description !== undefined) ch.description = p.description || null;
  ch.metadata = applyMetadata(ch.metadata, p.metadata);
  await saveCharge(ctx, ch);
  const prev = previousAttributes(before, ch);
  if (Object.keys(prev).length > 0) ctx.work?.emitFor('charge.updated', ch, prev);
  return ch;
}

export async function listCharges(ctx: Ctx, p: ListCharges) {
  return listStoredPage(ctx, charges, '/v1/charges', p, { created: p.created, where: { customer: p.customer, ref: p.payment_intent } }, 'charge');
}

export async function loadCharge(ctx: Ctx, id: string): Promise<object | undefined> {
  return getObject<Charge>(ctx.db, ctx.account, TYPE, id);
}
