// InvoicePayments: the invoice's default payment is made with its PaymentIntent and is paid
// when that intent succeeds. Read-only over the API.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { listPage, listStoredPage, type ListEnvelope } from '../../http/list.ts';
import { StoredList, type StoredOne } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { getObject, listObjects } from '../../store/objects.ts';
import { invoicePayments } from './repository.ts';
import { findStoredById } from '../lookup.ts';
import type { PaymentIntent } from '../payment-intents/model.ts';
import type { InvoicePayment } from './model.ts';
import type { ListInvoicePayments } from './params.ts';

export const TYPE = 'invoice_payment';

export async function openInvoicePayment(ctx: Ctx, invoice: string, pi: PaymentIntent): Promise<InvoicePayment> {
  const ip: InvoicePayment = {
    id: newId('inpay', 24),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: pi.amount,
    created: ctx.now,
    currency: pi.currency,
    invoice,
    is_default: true,
    livemode: false,
    payment: { payment_intent: pi.id, type: 'payment_intent' },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  await invoicePayments.insert(ctx, ip);
  return ip;
}

async function byIntent(ctx: Ctx, invoice: string, pi: string): Promise<InvoicePayment | undefined> {
  const page = await listObjects<InvoicePayment>(ctx.db, ctx.account, TYPE, { limit: 1, where: { invoice, ref: pi } });
  return page.data[0];
}

/** The intent succeeded: its invoice payment is paid ("invoice_payment.paid"). */
export async function markInvoicePaymentPaid(ctx: Ctx, invoice: string, pi: PaymentIntent): Promise<void> {
  const ip = await byIntent(ctx, invoice, pi.id);
  if (!ip) return;
  ip.status = 'paid';
  ip.amount_paid = pi.amount_received;
  ip.status_transitions.paid_at = ctx.now;
  await invoicePayments.update(ctx, ip);
  ctx.work?.emitFor('invoice_payment.paid', ip);
}

/** The invoice was voided or paid otherwise: its open payment is canceled. */
export async function cancelOpenInvoicePayments(ctx: Ctx, invoice: string): Promise<void> {
  const page = await listObjects<InvoicePayment>(ctx.db, ctx.account, TYPE, { limit: 100, where: { invoice, status: 'open' } });
  for (const ip of page.data) {
    ip.status = 'canceled';
    ip.status_transitions.canceled_at = ctx.now;
    await invoicePayments.update(ctx, ip);
  }
}

export async function retrieveInvoicePayment(ctx: Ctx, id: string): Promise<StoredOne | InvoicePayment> {
  return findStoredById(ctx, invoicePayments, id, 'invoice_payment');
}

export async function listInvoicePayments(ctx: Ctx, p: ListInvoicePayments): Promise<StoredList> {
  if (p.invoice !== undefined && !(await getObject(ctx.db, ctx.account, 'invoice', p.invoice)))
    throw errors.resourceMissing('invoice', p.invoice, 'invoice');
  const pi = p.payment?.payment_intent;
  return listStoredPage(ctx, invoicePayments, '/v1/invoice_payments', p, { created: p.created, where: { invoice: p.invoice, status: p.status, ref: pi } }, 'invoice_payment');
}

/** An invoice's `payments` (includable since basil with expand[]=payments). */
export async function paymentsOf(ctx: Ctx, invoice: string): Promise<ListEnvelope<InvoicePayment>> {
  return listPage(ctx, invoicePayments, `/v1/invoice_payments?invoice=${invoice}`, { limit: 10 }, { where: { invoice } });
}
