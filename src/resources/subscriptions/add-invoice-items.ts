// `add_invoice_items`: "a list of prices and quantities that will generate invoice items appended
// to the next invoice for this subscription" (subscription create/update reference). On create
// they go on the first invoice; on update they wait, pending for the subscription, for its next
// invoice: the one the update makes at once if it makes one, else the next renewal.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { createInvoiceItem, loadInvoiceItem, saveInvoiceItem } from '../invoice-items/service.ts';
import type { CreateSubscription } from './params.ts';
import type { Subscription } from './model.ts';

type Adds = NonNullable<CreateSubscription['add_invoice_items']>;

/** Makes the items, on `invoice` when given, else pending for the subscription; returns their ids. */
export async function addInvoiceItems(ctx: Ctx, sub: Subscription, adds: Adds, invoice?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, add] of adds.entries()) {
    if (add.price === undefined && add.price_data === undefined) throw errors.invalidRequest('You must pass one of price or price_data.', `add_invoice_items[${i}]`);
    const created = await createInvoiceItem(ctx, {
      customer: sub.customer,
      ...(invoice !== undefined ? { invoice } : { subscription: sub.id }),
      ...(add.price !== undefined ? { pricing: { price: add.price } } : { price_data: add.price_data }),
      quantity: add.quantity,
      tax_rates: add.tax_rates ?? undefined,
      discounts: add.discounts ?? undefined,
      metadata: add.metadata ?? undefined,
    });
    if (invoice !== undefined) {
      // On an invoice the item names no subscription by itself: it came from this one.
      const item = (await loadInvoiceItem(ctx, created.id))!;
      item.parent = { subscription_details: { subscription: sub.id }, type: 'subscription_details' };
      await saveInvoiceItem(ctx, item);
    }
    ids.push(created.id);
  }
  return ids;
}
