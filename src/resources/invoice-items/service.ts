// Invoice items: one-off charges (or credits) for a customer, pending until an
// invoice pulls them in, or attached to a draft invoice directly.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { StoredList, type StoredOne } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { getObject } from '../../store/objects.ts';
import { invoiceItems } from './repository.ts';
import { RetryTransaction } from '../../store/conflicts.ts';
import { applyDiscounts } from '../../billing/discounts.ts';
import { findById, findStoredById } from '../lookup.ts';
import { customerRef, lockCustomer, saveCustomer } from '../customers/service.ts';
import { taxRateSnapshots } from './tax-rates.ts';
import { discountTerms, resolveDiscounts } from '../discounts/service.ts';
import { assertItemEditable, draftForItem, invoiceCurrency, refreshInvoice } from '../invoices/attach.ts';
import { itemAmount, resolvePricing, resolveQuantity } from './pricing.ts';
import type { CreateInvoiceItem, ListInvoiceItems, UpdateInvoiceItem } from './params.ts';
import type { InvoiceItem, TaxRateSnapshot } from './model.ts';

export const TYPE = 'invoiceitem';



function checkPeriod(period: { start: number; end: number } | undefined): void {
  if (period && period.end < period.start)
    throw errors.invalidRequest('The period end must be greater than or equal to the period start.', 'period[end]');
}

/** net_amount: the amount after the item's own discounts, before taxes. */
async function netAmount(ctx: Ctx, item: InvoiceItem): Promise<number> {
  if (item.discounts.length === 0 || !item.discountable) return item.amount;
  const terms = await discountTerms(ctx, item.discounts);
  const result = applyDiscounts([{ amount: item.amount, discountable: item.discountable, discounts: terms }], [], item.currency);
  return result.lines[0].discountedAmount;
}

/** The subscription an item names, read as a stored object (subscriptions build on invoice items, not the other way). */
async function subscriptionOf(ctx: Ctx, id: string, customer: string): Promise<{ id: string; status: string }> {
  const sub = await getObject<{ id: string; customer: string; status: string }>(ctx.db, ctx.account, 'subscription', id);
  if (!sub) throw errors.resourceMissing('subscription', id, 'subscription');
  if (sub.customer !== customer) throw errors.invalidRequest(`The subscription ${id} belongs to customer ${sub.customer}, not ${customer}.`, 'subscription');
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
    throw errors.invalidRequest(`The subscription ${id} has ended; invoice items cannot be added to it.`, 'subscription');
  return sub;
}

/** Stores an item made by another module (a subscription's proration), with its events. */
export async function insertInvoiceItem(ctx: Ctx, item: InvoiceItem): Promise<void> {
  await invoiceItems.insert(ctx, item);
}

export async function createInvoiceItem(ctx: Ctx, p: CreateInvoiceItem): Promise<InvoiceItem> {
  if (p.customer === undefined) {
    if (p.customer_account !== undefined) throw errors.resourceMissing('account', p.customer_account, 'customer_account');
    throw errors.missingParam('customer');
  }
  if (p.customer_account !== undefined) throw errors.onlyOneOf(['customer', 'customer_account']);
  const customer = await customerRef(ctx, p.customer);
  // "The ID of a subscription to add this invoice item to": it waits for that subscription's next invoice.
  const subscription = p.subscription === undefined ? null : await subscriptionOf(ctx, p.subscription, customer.id);
  checkPeriod(p.period);

  const resolved = await resolvePricing(ctx, p);
  if (resolved === null) throw errors.missingParam('amount');
  if (resolved.currency !== null && p.currency !== undefined && p.currency !== resolved.currency)
    throw errors.invalidRequest(
      `The currency of the price (${resolved.currency}) does not match the currency you passed (${p.currency}).`,
      'currency',
    );
  // An item for an invoice is in the invoice's currency unless it says otherwise.
  const currency = resolved.currency ?? p.currency ?? (p.invoice !== undefined ? await invoiceCurrency(ctx, p.invoice) : undefined) ?? customer.currency;
  if (!currency) throw errors.missingParam('currency');
  const quantity = resolveQuantity(p);
  const amount = itemAmount(resolved.pricing, quantity, p.amount !== undefined ? 'amount' : 'quantity');

  const invoice = p.invoice === undefined ? null : await draftForItem(ctx, p.invoice, customer.id, currency);
  const id = newId('ii');
  const item: InvoiceItem = {
    id,
    object: 'invoiceitem',
    amount,
    currency,
    customer: customer.id,
    customer_account: null,
    date: ctx.now,
    description: p.description || null,
    // Credits are not discounted unless asked for (Stripe, 2015-03-24).
    discountable: p.discountable ?? amount >= 0,
    discounts: [],
    invoice: invoice?.id ?? null,
    livemode: false,
    metadata: applyMetadata({}, p.metadata),
    net_amount: amount,
    parent: subscription ? { subscription_details: { subscription: subscription.id }, type: 'subscription_details' } : null,
    period: p.period ?? { end: ctx.now, start: ctx.now },
    pricing: resolved.pricing,
    proration: false,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: quantity.quantity,
    quantity_decimal: quantity.quantity_decimal,
    tax_rates: await taxRateSnapshots(ctx, p.tax_rates ?? []),
    test_clock: customer.test_clock,
  };
  if (p.discounts)
    item.discounts = await resolveDiscounts(ctx, p.discounts, { customer: customer.id, invoiceItem: id, invoice: item.invoice });
  item.net_amount = await netAmount(ctx, item);
  if (customer.currency === null) {
    // A customer's currency is set by the first thing billed to it. The customer is locked and read
    // again before it is written back (after the invoice's lock: invoice, then customer), so that
    // a concurrent change to it (a balance, a number taken) is not overwritten by the copy read above.
    const fresh = await lockCustomer(ctx, customer.id);
    if (fresh && fresh.currency === null) {
      fresh.currency = currency;
      await saveCustomer(ctx, fresh);
    }
  }
  await invoiceItems.insert(ctx, item);
  if (item.invoice) await refreshInvoice(ctx, item.invoice);
  return item;
}

export function retrieveInvoiceItem(ctx: Ctx, id: string): Promise<StoredOne | InvoiceItem> {
  return findStoredById(ctx, invoiceItems, id);
}

/**
 * The item in the URL for a change, locked, after its invoice (when it has one) was locked and found
 * a draft. The lock order is invoice, then item, as finalization, invoice deletion and line edits
 * take them, so a finalization racing an item change sees the item before or after, never half.
 * The item is read once without a lock to learn its invoice; if it joined an invoice in between,
 * the request runs again (the rerun locks that invoice first).
 */
async function lockItemForChange(ctx: Ctx, id: string, verb: 'update' | 'delete'): Promise<InvoiceItem> {
  const peek = await invoiceItems.get(ctx, id);
  if (peek) await assertItemEditable(ctx, peek.invoice, peek.id, verb);
  const item = await findById(ctx, invoiceItems, id);
  if (item.invoice !== null && item.invoice !== peek?.invoice) throw new RetryTransaction(`invoice item ${id} joined invoice ${item.invoice}`);
  return item;
}

export async function updateInvoiceItem(ctx: Ctx, id: string, p: UpdateInvoiceItem): Promise<InvoiceItem> {
  const item = await lockItemForChange(ctx, id, 'update');
  checkPeriod(p.period);
  const resolved = await resolvePricing(ctx, p);
  if (resolved?.currency && resolved.currency !== item.currency)
    throw errors.invalidRequest(
      `You cannot update an invoice item's currency: it is ${item.currency}, the price is in ${resolved.currency}.`,
      resolved.pricing.price_details ? (p.price_data ? 'price_data[currency]' : 'pricing[price]') : 'currency',
    );
  if (resolved) item.pricing = resolved.pricing;
  const quantity = resolveQuantity(p, { quantity: item.quantity, quantity_decimal: item.quantity_decimal });
  item.quantity = quantity.quantity;
  item.quantity_decimal = quantity.quantity_decimal;
  if (resolved || p.quantity !== undefined || p.quantity_decimal !== undefined)
    item.amount = itemAmount(item.pricing, quantity, p.amount !== undefined ? 'amount' : 'quantity');
  if (p.description !== undefined) item.description = p.description || null;
  if (p.discountable !== undefined) item.discountable = p.discountable;
  if (p.period !== undefined) item.period = p.period;
  if (p.tax_rates !== undefined) item.tax_rates = p.tax_rates === null ? [] : await taxRateSnapshots(ctx, p.tax_rates);
  if (p.discounts !== undefined)
    item.discounts =
      p.discounts === null ? [] : await resolveDiscounts(ctx, p.discounts, { customer: item.customer, invoiceItem: item.id, invoice: item.invoice });
  item.metadata = applyMetadata(item.metadata, p.metadata);
  item.net_amount = await netAmount(ctx, item);
  await invoiceItems.update(ctx, item);
  if (item.invoice) await refreshInvoice(ctx, item.invoice);
  return item;
}

export async function deleteInvoiceItem(ctx: Ctx, id: string): Promise<{ id: string; object: 'invoiceitem'; deleted: true }> {
  const item = await lockItemForChange(ctx, id, 'delete');
  const deleted = await invoiceItems.delete(ctx, item);
  if (item.invoice) await refreshInvoice(ctx, item.invoice);
  return deleted as { id: string; object: 'invoiceitem'; deleted: true };
}

export async function listInvoiceItems(ctx: Ctx, p: ListInvoiceItems): Promise<StoredList> {
  const url = '/v1/invoiceitems';
  // No customer accounts exist here, so that filter can match nothing.
  if (p.customer_account !== undefined) return new StoredList([], false, url);
  return listStoredPage(
    ctx,
    invoiceItems,
    url,
    p,
    {
      created: p.created,
      where: { customer: p.customer, invoice: p.invoice ?? (p.pending === true ? null : undefined) },
      notNull: p.pending === false && p.invoice === undefined ? ['invoice'] : [],
    },
  );
}

/** Items of one invoice or pending for one customer, for the invoices module. */
export async function itemsWhere(
  ctx: Ctx,
  where: { invoice?: string; customer?: string; pending?: boolean; currency?: string },
  /** Lock the rows (PostgreSQL) to change them: each is read as it is once its lock is held, still matching. */
  lock = false,
): Promise<InvoiceItem[]> {
  const invoice = where.pending ? null : where.invoice;
  const items = await invoiceItems.all(ctx, { invoice, customer: where.customer }, lock);
  return where.currency === undefined ? items : items.filter((i) => i.currency === where.currency);
}

export async function saveInvoiceItem(ctx: Ctx, item: InvoiceItem): Promise<void> {
  await invoiceItems.update(ctx, item);
}

export function loadInvoiceItem(ctx: Ctx, id: string): Promise<InvoiceItem | undefined> {
  return invoiceItems.get(ctx, id);
}

/** A customer attached to a test clock after the fact: its invoice items carry the clock from now on. */
export async function moveItemsToClock(ctx: Ctx, customer: string, testClock: string): Promise<void> {
  for (const item of await invoiceItems.all(ctx, { customer }, true)) {
    item.test_clock = testClock;
    await invoiceItems.update(ctx, item);
  }
}
