// Invoice lines are stored as their own rows (type line_item, invoice column
// set), in the order Stripe shows them; each mirrors one invoice item plus
// the discounts and taxes the invoice's totals gave it.
import type { Ctx } from '../../http/context.ts';
import { lineItems } from './repository.ts';
import type { CreditedItems, InvoiceItem, SubscriptionLine } from '../invoice-items/model.ts';
import type { LineItem } from './model.ts';

export const LINE_TYPE = 'line_item';

/** A line's id follows from its item's, so either finds the other without a lookup table. */
export function lineIdFor(itemId: string): string {
  return `il_${itemId.slice(itemId.indexOf('_') + 1)}`;
}

export function itemIdFor(lineId: string): string {
  return `ii_${lineId.slice(lineId.lastIndexOf('_') + 1)}`;
}

/** What a line is made from: an invoice item, or a subscription's own charge for a period. */
export type LineSource = InvoiceItem | SubscriptionLine;

/** The id of a line's source: its invoice item, or (a subscription's own line) the subscription line behind it. */
export function sourceIdOf(line: LineItem): string {
  const p = line.parent;
  if (p.invoice_item_details) return p.invoice_item_details.invoice_item;
  return p.subscription_item_details?.invoice_item ?? `sli_${line.id.slice(line.id.lastIndexOf('_') + 1)}`;
}

/** The invoice item behind a line, or null for a subscription's own line (which has none). */
export function invoiceItemOf(line: LineItem): string | null {
  return line.parent.invoice_item_details?.invoice_item ?? line.parent.subscription_item_details?.invoice_item ?? null;
}

/**
 * A credit proration's line names the debit lines it reverses: those its item names, or (the debit
 * was still pending when the credit was made) the debit item's line, on this invoice with it.
 */
function lineCredits(item: InvoiceItem, invoiceId: string | null): CreditedItems | null {
  const c = item.proration_details?.credited_items ?? null;
  if (c === null) return null;
  if (c.type === 'invoice_line_items') return c.invoice_line_item_details;
  return invoiceId === null ? null : { invoice: invoiceId, invoice_line_items: [lineIdFor(c.invoice_item)] };
}

function parentOf(item: LineSource, invoiceId: string | null): LineItem['parent'] {
  if (item.object === 'subscription_line')
    return {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null, proration: item.proration, proration_details: { credited_items: null }, subscription: item.subscription, subscription_item: item.subscription_item,
      },
      type: 'subscription_item_details',
    };
  const sub = item.parent?.subscription_details;
  if (sub?.subscription_item)
    return {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: item.id, proration: item.proration, proration_details: { credited_items: lineCredits(item, invoiceId) }, subscription: sub.subscription, subscription_item: sub.subscription_item,
      },
      type: 'subscription_item_details',
    };
  return {
    invoice_item_details: { invoice_item: item.id, proration: item.proration, proration_details: { credited_items: lineCredits(item, invoiceId) }, subscription: sub?.subscription ?? null },
    subscription_item_details: null,
    type: 'invoice_item_details',
  };
}

/** The line as the item alone defines it; totals fill discount_amounts, taxes and credits. */
export function lineFromItem(item: LineSource, invoiceId: string | null, id = lineIdFor(item.id)): LineItem {
  return {
    id,
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: item.discounts,
    invoice: invoiceId,
    livemode: false,
    metadata: item.metadata,
    parent: parentOf(item, invoiceId),
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  };
}

export async function loadLines(ctx: Ctx, invoiceId: string): Promise<{ line: LineItem; raw: string }[]> {
  // `raw` as stored (stored JSON is JSON.stringify's own), so a refresh rewrites only changed lines.
  return (await lineItems.all(ctx, { invoice: invoiceId })).map((line) => ({ line, raw: JSON.stringify(line) }));
}

export async function insertLine(ctx: Ctx, line: LineItem): Promise<void> {
  await lineItems.insert(ctx, line, { created: ctx.now });
}

/** Gives an item just attached its line now, so batch additions keep the order they were given in. */
export async function ensureLine(ctx: Ctx, item: InvoiceItem): Promise<void> {
  const id = lineIdFor(item.id);
  const existing = await lineItems.get(ctx, id);
  if (existing?.invoice === item.invoice) return;
  if (existing) await removeLine(ctx, id);
  await insertLine(ctx, lineFromItem(item, item.invoice, id));
}

export async function saveLine(ctx: Ctx, line: LineItem): Promise<void> {
  await lineItems.update(ctx, line);
}

export async function removeLine(ctx: Ctx, lineId: string): Promise<void> {
  await lineItems.remove(ctx, lineId);
}
