// The invoices a subscription makes (its first invoice, each renewal, an immediate proration
// invoice): a draft with the subscription's own lines, then the customer's pending invoice items
// that it pulls in, totalled like any invoice. The subscriptions module decides when and with
// which lines; finalizing and charging go through finalize.ts and collect.ts as for any invoice.
import type { Ctx } from '../../http/context.ts';
import { newId } from '../../store/ids.ts';
import type { Customer } from '../customers/model.ts';
import { activeDiscount, lockCustomer } from '../customers/service.ts';
import { itemsWhere, saveInvoiceItem } from '../invoice-items/service.ts';
import type { InvoiceItem, SubscriptionLine, TaxRateSnapshot } from '../invoice-items/model.ts';
import { MAX_LINES } from './attach.ts';
import { blankInvoice } from './service.ts';
import { totalDraft } from './totals.ts';
import { insertLine } from './lines.ts';
import { invoices, subscriptionLines } from './repository.ts';
import type { Invoice, LineItem } from './model.ts';
import { AUTO_FINALIZE_DELAY } from '../../billing/payment-retries.ts';

export type SubscriptionLineSpec = Pick<
  SubscriptionLine,
  'amount' | 'description' | 'discountable' | 'discounts' | 'metadata' | 'period' | 'pricing' | 'proration' | 'quantity' | 'quantity_decimal' | 'tax_rates' | 'subscription' | 'subscription_item'
>;

export interface SubscriptionInvoiceSpec {
  customer: Customer;
  subscription: {
    id: string;
    metadata: Record<string, string>;
    collection_method: 'charge_automatically' | 'send_invoice';
    days_until_due: number | null;
    default_tax_rates: TaxRateSnapshot[];
    discounts: string[];
    test_clock: string | null;
  };
  currency: string;
  billingReason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'automatic_pending_invoice_item_invoice' | 'manual';
  lines: SubscriptionLineSpec[];
  /**
   * Which pending invoice items of the customer join: `subscription` those of this subscription
   * and those of no subscription (a renewal, a cancellation's final invoice); `only` just the
   * ids listed (an immediate proration invoice); `none`.
   */
  pending: { kind: 'subscription' } | { kind: 'only'; ids: readonly string[] } | { kind: 'none' };
  period: { start: number; end: number };
  /** subscription_details.subscription_proration_date, for an update's invoice. */
  prorationDate?: number;
}

/** The draft and the subscription's own lines, not yet stored (no I/O). */
function subscriptionDraft(ctx: Ctx, spec: SubscriptionInvoiceSpec): { inv: Invoice; lines: SubscriptionLine[] } {
  const { customer, subscription: sub } = spec;
  const inv = blankInvoice(ctx, customer, spec.currency);
  inv.billing_reason = spec.billingReason;
  inv.collection_method = sub.collection_method;
  if (sub.collection_method === 'send_invoice') inv.internal.days_until_due = sub.days_until_due ?? 30;
  inv.parent = {
    quote_details: null,
    subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id, ...(spec.prorationDate === undefined ? {} : { subscription_proration_date: spec.prorationDate }) },
    type: 'subscription_details',
  };
  inv.default_tax_rates = sub.default_tax_rates;
  // The subscription's discounts, else the customer's (as Stripe applies a customer coupon to subscription invoices).
  const inherited = sub.discounts.length === 0 ? activeDiscount(customer, ctx.now) : null;
  inv.discounts = sub.discounts.length > 0 ? [...sub.discounts] : inherited ? [inherited.id] : [];
  inv.auto_advance = true;
  inv.automatically_finalizes_at = ctx.now + AUTO_FINALIZE_DELAY;
  inv.period_start = spec.period.start;
  inv.period_end = spec.period.end;
  inv.test_clock = sub.test_clock;
  const lines = spec.lines.map((l): SubscriptionLine => ({ ...l, id: newId('sli'), object: 'subscription_line', invoice: inv.id, created: ctx.now, customer: customer.id, currency: spec.currency }));
  return { inv, lines };
}

/** The customer's pending invoice items the draft pulls in (`spec.pending`), oldest first, up to the line limit. */
async function pendingItems(ctx: Ctx, spec: SubscriptionInvoiceSpec, lock: boolean): Promise<InvoiceItem[]> {
  const pending = spec.pending;
  if (pending.kind === 'none') return [];
  const all = await itemsWhere(ctx, { customer: spec.customer.id, pending: true, currency: spec.currency }, lock);
  const wanted = all.filter((item) => {
    if (pending.kind === 'only') return pending.ids.includes(item.id);
    const owner = item.parent?.subscription_details.subscription;
    return owner === undefined || owner === spec.subscription.id;
  });
  const taken = wanted.slice(0, MAX_LINES - spec.lines.length);
  // Unlocked (a preview), the rows may be the transaction's own copies: the preview changes copies of them.
  return lock ? taken : taken.map((item) => ({ ...item }));
}

/** A subscription's draft with its lines and totals, computed from sources in memory (its pending items locked when `lock`). */
async function totalled(ctx: Ctx, spec: SubscriptionInvoiceSpec, lock: boolean) {
  const { inv, lines } = subscriptionDraft(ctx, spec);
  // The customer's lock keeps two invoices from pulling in the same pending item.
  if (lock && spec.pending.kind !== 'none') await lockCustomer(ctx, spec.customer.id);
  const items = await pendingItems(ctx, spec, lock);
  for (const item of items) item.invoice = inv.id;
  // A draft just made has no lines yet: recompute's work without its reads.
  const drafted = await totalDraft(ctx, inv, [...lines, ...items], [], spec.customer.balance);
  return { inv, lines, items, drafted: drafted.lines.map((l) => l.line) };
}

/** Makes the draft, totalled before it is stored (one insert per row, no rewrite); returns it without its lines, and its lines. */
export async function makeSubscriptionInvoice(ctx: Ctx, spec: SubscriptionInvoiceSpec): Promise<{ invoice: Invoice; lines: LineItem[] }> {
  const { inv, lines, items, drafted } = await totalled(ctx, spec, true);
  await invoices.insert(ctx, inv);
  for (const line of lines) await subscriptionLines.insert(ctx, line);
  for (const item of items) await saveInvoiceItem(ctx, item);
  for (const line of drafted) await insertLine(ctx, line);
  return { invoice: inv, lines: drafted };
}

/** Makes the draft; returns it without its lines (no caller shows it: each reads it again or by id). */
export async function createSubscriptionInvoice(ctx: Ctx, spec: SubscriptionInvoiceSpec): Promise<Invoice> {
  return (await makeSubscriptionInvoice(ctx, spec)).invoice;
}

/**
 * The draft `createSubscriptionInvoice` would make, with its lines and totals, computed in memory:
 * the same draft, the same pending items and the same recomputation, and nothing written.
 */
export async function draftSubscriptionInvoice(ctx: Ctx, spec: SubscriptionInvoiceSpec): Promise<{ invoice: Invoice; lines: LineItem[] }> {
  const { inv, drafted } = await totalled(ctx, spec, false);
  return { invoice: inv, lines: drafted };
}
