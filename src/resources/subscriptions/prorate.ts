// Proration invoice items of a subscription change: for each item whose price or quantity
// changes at `at`, a credit for the unused time and a charge for the remaining time at what it
// costs now (billing/proration.ts), each a pending invoice item with `proration: true` waiting for
// the subscription's next invoice (or invoiced at once). The credit follows the billing mode:
// classic credits the item's current amount, flexible what was debited (debits.ts); either way it
// names the debit it reverses in `proration_details.credited_items`.
import type { Ctx } from '../../http/context.ts';
import { newId } from '../../store/ids.ts';
import { credits, prorate } from '../../billing/proration.ts';
import { productRef } from '../products/service.ts';
import { insertInvoiceItem, loadInvoiceItem } from '../invoice-items/service.ts';
import { lineIdFor } from '../invoices/lines.ts';
import type { InvoiceItem, ItemCreditedItems } from '../invoice-items/model.ts';
import { debitsOf, pruneDebits, setDebits, type ItemDebit } from './debits.ts';
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

export async function prorationItem(
  ctx: Ctx,
  sub: Subscription,
  item: SubscriptionItem,
  amount: number,
  at: number,
  end: number,
  kind: 'unused' | 'remaining',
  credited: ItemCreditedItems | null = null,
): Promise<InvoiceItem> {
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
    proration_details: { credited_items: credited, discount_amounts: [] },
    quantity,
    quantity_decimal: String(quantity),
    tax_rates: item.tax_rates,
    test_clock: sub.test_clock,
  };
}

const trimDecimal = (n: number) => String(Number(n.toFixed(12)));

/**
 * The reference a credit keeps to the debit it reverses: "to an invoice item if the debit was pending
 * when the credit was created, and to invoice line items if the debit was already invoiced".
 */
export async function creditedRef(ctx: Ctx, debit: ItemDebit | null): Promise<ItemCreditedItems | null> {
  if (debit === null) return null;
  if (debit.invoice !== null && debit.line !== null) return { type: 'invoice_line_items', invoice_line_item_details: { invoice: debit.invoice, invoice_line_items: [debit.line] } };
  if (debit.invoice_item === null) return null;
  const item = await loadInvoiceItem(ctx, debit.invoice_item);
  if (item?.invoice) return { type: 'invoice_line_items', invoice_line_item_details: { invoice: item.invoice, invoice_line_items: [lineIdFor(item.id)] } };
  return { type: 'invoice_item', invoice_item: debit.invoice_item };
}

/** Makes and stores the proration items of `changes` at `at` within `period`; returns their ids. */
export async function createProrations(ctx: Ctx, sub: Subscription, changes: readonly ItemChange[], at: number, current: { start: number; end: number }): Promise<string[]> {
  const ids: string[] = [];
  const mode = sub.billing_mode.type;
  for (const c of changes) {
    if (!changesAmount(c)) continue;
    // Each item prorates over its own period (they differ from `current` only with mixed intervals).
    const own = c.before ?? c.after;
    const period = own ? { start: own.current_period_start, end: own.current_period_end } : current;
    if (c.before) {
      for (const credit of credits(mode, periodAmount(c.before), period, debitsOf(sub, c.before.id), at)) {
        const item = await prorationItem(ctx, sub, c.before, credit.amount, at, period.end, 'unused', await creditedRef(ctx, credit.debit));
        await insertInvoiceItem(ctx, item);
        ids.push(item.id);
      }
    }
    if (c.after) {
      const debit = prorate(periodAmount(c.after), period.start, period.end, at);
      // The item's billed time from now on is this charge alone (nothing, when it is free).
      setDebits(sub, c.after.id, []);
      if (debit !== 0) {
        const item = await prorationItem(ctx, sub, c.after, debit, at, period.end, 'remaining');
        await insertInvoiceItem(ctx, item);
        ids.push(item.id);
        setDebits(sub, c.after.id, [{ amount: debit, start: at, end: period.end, invoice: null, line: null, invoice_item: item.id }]);
      }
    }
  }
  pruneDebits(sub);
  return ids;
}
