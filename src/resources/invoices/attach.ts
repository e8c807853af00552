// What invoice items need from invoices: a draft to attach to, and a
// recomputation of its totals whenever its items change. The invoice-items
// module calls these services directly (its module requires 'invoices').
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { invoiceItems } from '../invoice-items/repository.ts';
import { invoices } from './repository.ts';
import { refreshDraft } from './totals.ts';

export const INVOICE_TYPE = 'invoice';
export const MAX_LINES = 250;

export interface AttachableInvoice {
  id: string;
  status: string;
  customer: string;
  currency: string;
  [key: string]: unknown;
}

/** The draft an item may join, or Stripe's error on `param`. */
export async function draftForItem(ctx: Ctx, invoiceId: string, customer: string, currency: string, param = 'invoice'): Promise<AttachableInvoice> {
  // Locked (PostgreSQL) until the request ends: the 250 cap and the draft status hold under concurrency.
  const inv = await invoices.getForUpdate(ctx, invoiceId);
  if (!inv) throw errors.resourceMissing('invoice', invoiceId, param);
  if (inv.status !== 'draft')
    throw errors.invalidRequest(
      `You can only add invoice items to draft invoices. Invoice ${inv.id} is ${inv.status}.`,
      param,
      'invoice_not_editable',
    );
  if (inv.customer !== customer)
    throw errors.invalidRequest(`The invoice ${inv.id} belongs to customer ${inv.customer}, not ${customer}.`, param);
  if (inv.currency !== currency)
    throw errors.invalidRequest(
      `The invoice item's currency (${currency}) must match the currency of invoice ${inv.id} (${inv.currency}).`,
      'currency',
    );
  if ((await invoiceItems.count(ctx, { invoice: inv.id })) >= MAX_LINES)
    throw errors.invalidRequest(`An invoice can have at most ${MAX_LINES} invoice items. Invoice ${inv.id} already has ${MAX_LINES}.`, param);
  return inv;
}

/** The currency of an invoice an item names, which the item takes when it names none. */
export async function invoiceCurrency(ctx: Ctx, invoiceId: string): Promise<string | undefined> {
  return (await invoices.get(ctx, invoiceId))?.currency;
}

/** An attached item may change only while its invoice is a draft. */
export async function assertItemEditable(ctx: Ctx, invoiceId: string | null, itemId: string, verb: 'update' | 'delete'): Promise<void> {
  if (invoiceId === null) return;
  const inv = await invoices.getForUpdate(ctx, invoiceId);
  if (inv && inv.status !== 'draft')
    throw errors.invalidRequest(
      `You can't ${verb} invoice item ${itemId}: its invoice ${inv.id} is ${inv.status}, and only items on draft invoices can change.`,
      undefined,
      'invoice_not_editable',
    );
}

/** Requests running a batch: the invoices to recompute once the batch is done. */
const deferred = new WeakMap<Ctx, Set<string>>();

export function refreshInvoice(ctx: Ctx, invoiceId: string): Promise<void> {
  const pending = deferred.get(ctx);
  if (pending) {
    pending.add(invoiceId);
    return Promise.resolve();
  }
  return refreshDraft(ctx, invoiceId);
}

/**
 * Runs `fn` with item changes collected instead of each recomputing its invoice, then
 * recomputes each touched invoice once (add_lines of 250 lines: one recomputation, not 250).
 */
export async function batchRefresh(ctx: Ctx, fn: () => Promise<void>): Promise<void> {
  if (deferred.has(ctx)) return fn();
  const pending = new Set<string>();
  deferred.set(ctx, pending);
  try {
    await fn();
  } finally {
    deferred.delete(ctx);
  }
  for (const id of pending) await refreshDraft(ctx, id);
}
