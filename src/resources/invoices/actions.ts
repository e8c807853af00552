// The invoice actions after finalization: pay, send, void, mark_uncollectible.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { assertMove } from './errors.ts';
import { finalizeDraft, markPaid, voidLocked } from './finalize.ts';
import { lockInvoice, withLines } from './service.ts';
import { saveInvoice } from './totals.ts';
import type { Invoice } from './model.ts';
import type { PayInvoice } from './params.ts';
import { KeptFailure } from '../../http/card-error.ts';
import { chargeInvoice, invoicePaymentMethod, noPaymentMethod } from './collect.ts';
import { cancelOpenInvoicePayments } from '../invoice-payments/service.ts';

export async function finalizeInvoice(ctx: Ctx, id: string, autoAdvance?: boolean): Promise<Invoice> {
  return withLines(ctx, await finalizeDraft(ctx, await lockInvoice(ctx, id), autoAdvance));
}

/** `returnUrl`: where the authentication page sends the customer back to (the hosted invoice page's pay form). */
export async function payInvoice(ctx: Ctx, id: string, p: PayInvoice, returnUrl?: string): Promise<Invoice | KeptFailure> {
  let inv = await lockInvoice(ctx, id);
  const move = assertMove(inv.status, 'pay');
  if (p.paid_out_of_band && (p.payment_method !== undefined || p.source !== undefined))
    throw errors.invalidRequest('You cannot pass a payment_method or source when paying an invoice out of band.', 'paid_out_of_band');
  if (p.source !== undefined) throw errors.resourceMissing('source', p.source, 'source');
  if (p.paid_out_of_band) {
    if (move.finalizesFirst) inv = await finalizeDraft(ctx, inv);
    if (inv.status === 'paid') return withLines(ctx, inv);
    inv.attempted = true;
    inv.internal.paid_out_of_band = true;
    markPaid(inv, ctx.now);
    await cancelOpenInvoicePayments(ctx, inv.id);
    await saveInvoice(ctx, inv);
    return withLines(ctx, inv);
  }
  // Looked up before finalizing: a draft without a way to pay stays a draft (the error rolls back).
  const pm = await invoicePaymentMethod(ctx, inv, p.payment_method);
  if (move.finalizesFirst) {
    inv = await finalizeDraft(ctx, inv);
    // invoice.finalized before the payment's events, invoice.paid after them.
    ctx.work?.checkpoint('invoice', inv.id);
  }
  if (inv.status === 'paid') return withLines(ctx, inv);
  if (inv.amount_remaining === 0) {
    markPaid(inv, ctx.now);
    await saveInvoice(ctx, inv);
    return withLines(ctx, inv);
  }
  if (pm === null) throw noPaymentMethod();
  const declined = await chargeInvoice(ctx, inv, pm, false, { offSession: p.off_session, returnUrl });
  return declined ? new KeptFailure(declined) : withLines(ctx, inv);
}

export async function sendInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  let inv = await lockInvoice(ctx, id);
  if (inv.collection_method !== 'send_invoice')
    throw errors.invalidRequest("You can only manually send an invoice if its collection method is 'send_invoice'.");
  const move = assertMove(inv.status, 'send');
  if (move.finalizesFirst) inv = await finalizeDraft(ctx, inv);
  // Nothing about the invoice changes when it is sent, so its event is emitted by hand.
  ctx.work?.emit('invoice.sent', inv);
  return withLines(ctx, inv);
}

export async function voidInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  const inv = await lockInvoice(ctx, id);
  assertMove(inv.status, 'void');
  await voidLocked(ctx, inv);
  return withLines(ctx, inv);
}

export async function markUncollectible(ctx: Ctx, id: string): Promise<Invoice> {
  const inv = await lockInvoice(ctx, id);
  assertMove(inv.status, 'mark_uncollectible');
  inv.status = 'uncollectible';
  inv.status_transitions.marked_uncollectible_at = ctx.now;
  inv.auto_advance = false;
  inv.next_payment_attempt = null;
  await saveInvoice(ctx, inv);
  return withLines(ctx, inv);
}
