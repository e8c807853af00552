// What each subscription item has been billed for its current period: the debits a later credit
// proration reverses. Flexible billing mode credits "the original amount previously debited"
// (billing/proration.ts credits), and every credit line names the debit lines it credits in
// `proration_details.credited_items` (`invoice`, `invoice_line_items`). Kept on the subscription
// (internal, never rendered): the subscription's own lines of an invoice, or a proration's
// invoice item (its line follows from its id once it is invoiced).
import type { Ctx } from '../../http/context.ts';
import type { Debit } from '../../billing/proration.ts';
import { lineItems } from '../invoices/repository.ts';
import type { LineItem } from '../invoices/model.ts';
import type { Subscription } from './model.ts';

export interface ItemDebit extends Debit {
  /** The invoice and line of a subscription's own line, when the debit is one. */
  invoice: string | null;
  line: string | null;
  /** The proration invoice item, when the debit is one (invoiced later, or never). */
  invoice_item: string | null;
}

export function debitsOf(sub: Subscription, itemId: string): ItemDebit[] {
  return sub.internal.debits?.[itemId] ?? [];
}

export function setDebits(sub: Subscription, itemId: string, debits: ItemDebit[]): void {
  sub.internal.debits = { ...(sub.internal.debits ?? {}), [itemId]: debits };
}

/** Drops what no item of the subscription bills any more. */
export function pruneDebits(sub: Subscription): void {
  const keep = new Set(sub.items.data.map((i) => i.id));
  sub.internal.debits = Object.fromEntries(Object.entries(sub.internal.debits ?? {}).filter(([id]) => keep.has(id)));
}

/** The subscription's own lines on `invoiceId` become its items' debits (a new period was billed); `lines` when the caller has them. */
export async function recordInvoiceDebits(ctx: Ctx, sub: Subscription, invoiceId: string, lines?: readonly LineItem[]): Promise<void> {
  const byItem = new Map<string, ItemDebit[]>();
  for (const line of lines ?? (await lineItems.all(ctx, { invoice: invoiceId }))) {
    const d = line.parent.subscription_item_details;
    if (!d || d.invoice_item || d.subscription !== sub.id) continue;
    const list = byItem.get(d.subscription_item) ?? [];
    list.push({ amount: line.amount, start: line.period.start, end: line.period.end, invoice: invoiceId, line: line.id, invoice_item: null });
    byItem.set(d.subscription_item, list);
  }
  for (const [item, debits] of byItem) setDebits(sub, item, debits);
  pruneDebits(sub);
}
