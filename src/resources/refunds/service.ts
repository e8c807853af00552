// Refunds of card charges, whole or in parts, until the charge is fully refunded. Test cards
// refund at once (`succeeded`); `pm_card_pendingRefund`'s start `pending` and succeed later,
// `pm_card_refundFail`'s start `succeeded` and fail later (settle-job.ts).
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata, type MetadataInput } from '../../http/params.ts';
import { listPage, listStoredPage, type ListEnvelope } from '../../http/list.ts';
import { StoredList } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { getObject } from '../../store/objects.ts';
import { refunds } from './repository.ts';
import { charges } from '../charges/repository.ts';
import { previousAttributes } from '../../events/from-changes.ts';
import { formatAmount } from '../../billing/format-amount.ts';
import { findById } from '../lookup.ts';
import { saveCharge, TYPE as CHARGE } from '../charges/service.ts';
import type { Charge } from '../charges/model.ts';
import type { PaymentIntent } from '../payment-intents/model.ts';
import { testCardByNumber } from '../payment-methods/test-cards.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import type { CreateRefund, ListRefunds } from './params.ts';
import type { Refund } from './model.ts';
import { scheduleSettlement } from './settle-job.ts';

export const TYPE = 'refund';

async function chargeToRefund(ctx: Ctx, p: CreateRefund): Promise<Charge> {
  if (p.charge !== undefined && p.payment_intent !== undefined) throw errors.onlyOneOf(['charge', 'payment_intent']);
  if (p.charge !== undefined) {
    const ch = await getObject<Charge>(ctx.db, ctx.account, CHARGE, p.charge);
    if (!ch) throw errors.resourceMissing('charge', p.charge, 'charge');
    return ch;
  }
  if (p.payment_intent !== undefined) {
    const pi = await getObject<PaymentIntent>(ctx.db, ctx.account, 'payment_intent', p.payment_intent);
    if (!pi) throw errors.resourceMissing('payment_intent', p.payment_intent, 'payment_intent');
    const ch = pi.latest_charge ? await getObject<Charge>(ctx.db, ctx.account, CHARGE, pi.latest_charge) : undefined;
    if (!ch || pi.status !== 'succeeded')
      throw errors.invalidRequest(
        `This PaymentIntent does not have a successful charge to refund.`,
        'payment_intent',
      );
    return ch;
  }
  throw errors.oneOfRequired(['charge', 'payment_intent']);
}

export async function createRefund(ctx: Ctx, p: CreateRefund): Promise<Refund> {
  const found = await chargeToRefund(ctx, p);
  // Locked, so two refunds at once cannot both take the last of the charge.
  const ch = await findById(ctx, charges, found.id, 'charge');
  if (ch.status !== 'succeeded') throw errors.invalidRequest(`Charge ${ch.id} has not succeeded; it cannot be refunded.`, 'charge');
  if (!ch.captured) throw errors.invalidRequest(`Charge ${ch.id} has not been captured; cancel its PaymentIntent instead.`, 'charge');
  const left = ch.amount - ch.amount_refunded;
  if (ch.refunded || left <= 0) throw errors.invalidRequest(`Charge ${ch.id} has already been refunded.`, undefined, 'charge_already_refunded');
  const amount = p.amount ?? left;
  if (amount > left)
    throw errors.invalidRequest(
      `Refund amount (${formatAmount(amount, ch.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, ch.currency)})`,
      'amount',
      'amount_too_large',
    );
  const pm = await getObject<PaymentMethod>(ctx.db, ctx.account, 'payment_method', ch.payment_method);
  const behaviour = pm ? testCardByNumber(pm.internal.number)?.refund : undefined;
  const refund: Refund = {
    id: newId('re', 24),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: ch.id,
    created: ctx.now,
    currency: ch.currency,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: applyMetadata({}, p.metadata),
    payment_intent: ch.payment_intent,
    reason: p.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    // pm_card_refundFail's refund "starts succeeded" and fails later (settle-job.ts).
    status: behaviour === 'pending' ? 'pending' : 'succeeded',
    transfer_reversal: null,
    ...(behaviour === 'failed' ? { internal: { fails: true } } : {}),
  };
  await refunds.insert(ctx, refund);
  if (behaviour === 'pending' || behaviour === 'failed') await scheduleSettlement(ctx, refund.id, ch.customer);
  ctx.work?.emitFor('refund.created', refund);
  ch.amount_refunded += amount;
  ch.refunded = ch.amount_refunded >= ch.amount;
  await saveCharge(ctx, ch);
  // "Occurs whenever a charge is refunded, including partial refunds."
  ctx.work?.emitFor('charge.refunded', ch);
  return refund;
}

export async function retrieveRefund(ctx: Ctx, id: string): Promise<Refund> {
  return findById(ctx, refunds, id, 'refund');
}

export async function updateRefund(ctx: Ctx, id: string, p: { metadata?: MetadataInput | null }): Promise<Refund> {
  const r = await findById(ctx, refunds, id, 'refund');
  const before = structuredClone(r);
  r.metadata = applyMetadata(r.metadata, p.metadata);
  await refunds.update(ctx, r);
  const prev = previousAttributes(before, r);
  if (Object.keys(prev).length > 0) ctx.work?.emitFor('refund.updated', r, prev);
  return r;
}

export async function listRefunds(ctx: Ctx, p: ListRefunds): Promise<StoredList> {
  return listStoredPage(ctx, refunds, '/v1/refunds', p, { created: p.created, where: { ref: p.charge, tag: p.payment_intent } }, 'refund');
}

/** A charge's refunds, newest first (the list older versions embed, and expand[]=refunds). */
export async function refundsOf(ctx: Ctx, charge: string): Promise<ListEnvelope<Refund>> {
  return listPage(ctx, refunds, `/v1/charges/${charge}/refunds`, { limit: 10 }, { where: { ref: charge } });
}

/** For expand[]. */
export async function loadRefund(ctx: Ctx, id: string): Promise<object | undefined> {
  return refunds.get(ctx, id);
}
