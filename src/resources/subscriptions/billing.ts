// The invoices a subscription makes and how they are paid: its own line for each item and
// period, a draft through the invoices module, and for an invoice due now (the first one, an
// update with always_invoice) finalization and one payment attempt with `payment_behavior`.
import type { Ctx } from '../../http/context.ts';
import type { CardError } from '../../http/card-error.ts';
import type { Customer } from '../customers/model.ts';
import { productRef } from '../products/service.ts';
import { createSubscriptionInvoice, type SubscriptionInvoiceSpec, type SubscriptionLineSpec } from '../invoices/subscription-invoice.ts';
import { finalizeDraft } from '../invoices/finalize.ts';
import { chargeInvoice, invoicePaymentMethod, noPaymentMethod } from '../invoices/collect.ts';
import type { Invoice } from '../invoices/model.ts';
import { itemDescription, periodAmount } from './items.ts';
import type { Subscription, SubscriptionItem } from './model.ts';

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';

/** The subscription's own line for one item over one period: `amount` when prorated or free, else the whole period's price. */
export async function itemLine(
  ctx: Ctx,
  sub: Subscription,
  item: SubscriptionItem,
  period: { start: number; end: number },
  opts: { amount?: number; description?: (base: string, product: string) => string; proration?: boolean } = {},
): Promise<SubscriptionLineSpec> {
  const product = await productRef(ctx, item.price.product, 'price');
  const base = itemDescription(item, product.name);
  return {
    amount: opts.amount ?? periodAmount(item),
    description: opts.description ? opts.description(base, product.name) : base,
    discountable: true,
    discounts: [...item.discounts],
    metadata: { ...sub.metadata },
    period,
    pricing: { price_details: { price: item.price.id, product: item.price.product }, type: 'price_details', unit_amount_decimal: item.price.unit_amount_decimal },
    proration: opts.proration ?? false,
    quantity: item.quantity,
    quantity_decimal: String(item.quantity),
    tax_rates: item.tax_rates,
    subscription: sub.id,
    subscription_item: item.id,
  };
}

/** The invoice settings a subscription gives every invoice it makes. */
export function invoiceSpec(
  sub: Subscription,
  customer: Customer,
  rest: Pick<SubscriptionInvoiceSpec, 'billingReason' | 'lines' | 'pending' | 'period' | 'prorationDate'>,
): SubscriptionInvoiceSpec {
  return {
    customer,
    subscription: {
      id: sub.id,
      metadata: sub.metadata,
      collection_method: sub.collection_method,
      days_until_due: sub.days_until_due,
      default_tax_rates: sub.default_tax_rates,
      discounts: sub.discounts,
      test_clock: sub.test_clock,
    },
    currency: sub.currency,
    ...rest,
  };
}

export function invoiceFor(
  ctx: Ctx,
  sub: Subscription,
  customer: Customer,
  rest: Pick<SubscriptionInvoiceSpec, 'billingReason' | 'lines' | 'pending' | 'period' | 'prorationDate'>,
): Promise<Invoice> {
  return createSubscriptionInvoice(ctx, invoiceSpec(sub, customer, rest));
}

export type PayOutcome = { invoice: Invoice; paid: boolean; declined: CardError | null };

/**
 * An invoice due now: finalized at once and, charged automatically, paid with the subscription's
 * or the customer's default payment method. `default_incomplete` leaves it open without an
 * attempt; without a payment method, or `error_if_incomplete` on a decline, the request fails
 * (nothing is kept: the caller's unit of work rolls back).
 */
export async function payNow(ctx: Ctx, inv: Invoice, behavior: PaymentBehavior): Promise<PayOutcome> {
  // A preview shows the invoice as it would be made, before finalization and payment.
  if (ctx.preview) return { invoice: inv, paid: false, declined: null };
  // invoice.created with the draft, then invoice.finalized.
  ctx.work?.checkpoint('invoice', inv.id);
  const { lines: _lines, ...doc } = inv;
  const open = await finalizeDraft(ctx, doc as Invoice);
  ctx.work?.checkpoint('invoice', open.id);
  if (open.status === 'paid') return { invoice: open, paid: true, declined: null };
  if (open.collection_method === 'send_invoice' || behavior === 'default_incomplete') return { invoice: open, paid: false, declined: null };
  const pm = await invoicePaymentMethod(ctx, open, undefined);
  if (pm === null) throw noPaymentMethod();
  const declined = await chargeInvoice(ctx, open, pm, false);
  if (declined && behavior === 'error_if_incomplete') throw declined;
  return { invoice: open, paid: declined === null, declined };
}
