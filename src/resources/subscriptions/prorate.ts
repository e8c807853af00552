// Proration invoice items of a subscription change: for each item whose price or quantity
// changes at `at`, a credit for the unused time at what it cost and a charge for the remaining
// time at what it costs now (billing/proration.ts), each a pending invoice item with
// `proration: true` waiting for the subscription's next invoice (or invoiced at once).
import type { Ctx } from '../../http/context.ts';
import { newId } from '../../store/ids.ts';
import { prorate } from '../../billing/proration.ts';
import { productRef } from '../products/service.ts';
import { insertInvoiceItem } from '../invoice-items/service.ts';
import type { InvoiceItem } from '../invoice-items/model.ts';
import { itemDescription, periodAmount } from './items.ts';
import { dayOf } from './create.ts';
import type { Subscription, SubscriptionItem } from './model.ts';

export interface ItemChange {
  before: SubscriptionItem | null;
  after: SubscriptionItem | null;
}

/** Whether a change moves money: price or quantity differ, or an item comes or goes. */
export function changesAmount(c: ItemChange): boolean {
  if (c.before === null || c.after === null) return c.before !== c.after;
  return c.before.price.id !== c.after.price.id || c.before.quantity !== c.after.quantity;
}

async function prorationItem(ctx: Ctx, sub: Subscription, item: SubscriptionItem, amount: number, at: number, end: number, kind: 'unused' | 'remaining'): Promise<InvoiceItem> {
  const product = await productRef(ctx, item.price.product, 'price');
  const what = itemDescription(item, product.name);
  const quantity = item.quantity === 0 ? 1 : item.quantity;
  return {
    id: newId('ii'),
    object: 'invoiceitem',
    amount,
    currency: sub.currency,
    customer: sub.customer,
    customer_account: null,
    date: ctx.now,
    description: kind === 'unused' ? `Unused time on ${what} after ${dayOf(at)}` : `Remaining time on ${what} after ${dayOf(at)}`,
    // "proration invoice items ... discountable: false" (Stripe's prorations).
    discountable: false,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    net_amount: amount,
    parent: { subscription_details: { subscription: sub.id, subscription_item: item.id }, type: 'subscription_details' },
    period: { start: at, end },
    pricing: { price_details: { price: item.price.id, product: item.price.product }, type: 'price_details', unit_amount_decimal: trimDecimal(amount / quantity) },
    proration: true,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity,
    quantity_decimal: String(quantity),
    tax_rates: item.tax_rates,
    test_clock: sub.test_clock,
  };
}

const trimDecimal = (n: number) => String(Number(n.toFixed(12)));

/** Makes and stores the proration items of `changes` at `at` within `period`; returns their ids. */
export async function createProrations(ctx: Ctx, sub: Subscription, changes: readonly ItemChange[], at: number, period: { start: number; end: number }): Promise<string[]> {
  const ids: string[] = [];
  for (const c of changes) {
    if (!changesAmount(c)) continue;
    if (c.before) {
      const credit = prorate(periodAmount(c.before), period.start, period.end, at);
      if (credit !== 0) {
        const item = await prorationItem(ctx, sub, c.before, -credit, at, period.end, 'unused');
        await insertInvoiceItem(ctx, item);
        ids.push(item.id);
      }
    }
    if (c.after) {
      const debit = prorate(periodAmount(c.after), period.start, period.end, at);
      if (debit !== 0) {
        const item = await prorationItem(ctx, sub, c.after, debit, at, period.end, 'remaining');
        await insertInvoiceItem(ctx, item);
        ids.push(item.id);
      }
    }
  }
  return ids;
}
