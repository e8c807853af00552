// Recomputes a draft invoice from its items: lines in Stripe's order, each
// line's discounts and taxes, and the invoice's totals, all through the pure
// functions in billing/. `totalDraft` works on sources in memory (a preview
// shares it and writes nothing); `recompute` reads the stored draft, runs it
// and writes back only the lines whose content changed.
import type { Ctx } from '../../http/context.ts';
import { computeInvoiceTotals, type InvoiceTotals, type TotalsLineInput } from '../../billing/totals.ts';
import { applyCustomerBalance } from '../../billing/balance.ts';
import { toStripeTax } from '../../billing/tax-shapes.ts';
import { discountTerms } from '../discounts/service.ts';
import { itemsWhere } from '../invoice-items/service.ts';
import { readCustomer } from '../customers/service.ts';
import { invoices } from './repository.ts';
import { lineFromItem, lineIdFor, loadLines, insertLine, saveLine, removeLine, sourceIdOf, type LineSource } from './lines.ts';
import { subscriptionLines } from './repository.ts';
import type { Invoice, LineItem } from './model.ts';

export async function saveInvoice(ctx: Ctx, inv: Invoice): Promise<void> {
  const { lines: _lines, ...doc } = inv;
  await invoices.update(ctx, doc as Invoice);
}

/** A draft's lines after a recomputation: `raw` is the stored line's JSON, null for a line new to the invoice. */
export interface TotalledDraft {
  lines: { line: LineItem; raw: string | null }[];
  /** Ids of stored lines whose source left the invoice. */
  removed: string[];
}

/**
 * The draft's lines and totals from its sources (subscription lines first, then invoice items, as
 * Stripe lists them) and the lines it has (none for a draft not yet stored). Sets the invoice's
 * totals; reads only the discounts the lines and invoice name.
 */
export async function totalDraft(
  ctx: Ctx,
  inv: Invoice,
  sources: readonly LineSource[],
  existing: readonly { line: LineItem; raw: string }[],
  customerBalance: number,
): Promise<TotalledDraft> {
  const byItem = new Map(sources.map((i) => [i.id, i]));
  const kept: { line: LineItem; raw: string | null }[] = [];
  const removed: string[] = [];
  for (const { line, raw } of existing) {
    if (byItem.has(sourceIdOf(line))) kept.push({ line, raw });
    else removed.push(line.id);
  }
  // Items that joined since the last recomputation get lines at the end, oldest first (the order lines are listed in).
  const known = new Set(kept.map((k) => sourceIdOf(k.line)));
  for (const item of sources) {
    if (known.has(item.id)) continue;
    kept.push({ line: lineFromItem(item, inv.id, lineIdFor(item.id)), raw: null });
  }

  const inputs: TotalsLineInput[] = [];
  const fresh: LineItem[] = [];
  for (const { line } of kept) {
    const item = byItem.get(sourceIdOf(line))!;
    fresh.push(lineFromItem(item, inv.id, line.id));
    const rates = item.tax_rates.length > 0 ? item.tax_rates : inv.default_tax_rates;
    inputs.push({
      amount: item.amount,
      discountable: item.discountable,
      discounts: await discountTerms(ctx, item.discounts),
      taxRates: rates.map((r) => ({ id: r.id, percentage: r.percentage, inclusive: r.inclusive })),
    });
  }
  const totals = computeInvoiceTotals(inputs, { currency: inv.currency, discounts: await discountTerms(ctx, inv.discounts) });
  applyTotals(inv, fresh, totals, customerBalance);
  return { lines: fresh.map((line, i) => ({ line, raw: kept[i].raw })), removed };
}

/** Writes the totals onto the lines and the invoice (no I/O). */
function applyTotals(inv: Invoice, lines: LineItem[], totals: InvoiceTotals, customerBalance: number): void {
  for (const [i, line] of lines.entries()) {
    const t = totals.lines[i];
    line.discount_amounts = t.discount_amounts;
    line.pretax_credit_amounts = t.discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const }));
    line.taxes = t.taxes.map(toStripeTax) as LineItem['taxes'];
    // Versions before 2025-03-31.basil show it; no response of the newest shape does.
    line.internal = { amount_excluding_tax: t.amount_excluding_tax };
  }
  inv.subtotal = totals.subtotal;
  inv.subtotal_excluding_tax = totals.subtotal_excluding_tax;
  inv.total = totals.total;
  inv.total_excluding_tax = totals.total_excluding_tax;
  inv.total_discount_amounts = totals.total_discount_amounts;
  inv.total_pretax_credit_amounts = totals.total_discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const }));
  inv.total_taxes = totals.total_taxes.map(toStripeTax) as Invoice['total_taxes'];
  // Before finalization the balance is only shown, not yet applied.
  const applied = applyCustomerBalance(inv.total, customerBalance);
  inv.starting_balance = customerBalance;
  inv.amount_due = applied.amount_due;
  inv.amount_remaining = applied.amount_due - inv.amount_paid;
}

/** Brings lines and totals of a draft in line with its items; returns the saved invoice. */
export async function recompute(ctx: Ctx, inv: Invoice, customerBalance: number): Promise<Invoice> {
  // A subscription's own lines first (Stripe lists them before the invoice items it pulls in).
  const sources: LineSource[] = [...(await subscriptionLines.all(ctx, { invoice: inv.id })), ...(await itemsWhere(ctx, { invoice: inv.id }))];
  const drafted = await totalDraft(ctx, inv, sources, await loadLines(ctx, inv.id), customerBalance);
  for (const id of drafted.removed) await removeLine(ctx, id);
  // New lines are inserted in listing order, after every line kept, with their totals (one write, not two).
  for (const { line, raw } of drafted.lines) {
    if (raw === null) await insertLine(ctx, line);
    else if (JSON.stringify(line) !== raw) await saveLine(ctx, line);
  }
  await saveInvoice(ctx, inv);
  return inv;
}

/** The hook invoice items call after any change to an attached item. */
export async function refreshDraft(ctx: Ctx, invoiceId: string): Promise<void> {
  // Locked (callers that change items hold this lock already; taking it again is free): the
  // recomputation reads the items and rewrites the invoice, and must not interleave with another.
  const inv = await invoices.getForUpdate(ctx, invoiceId);
  if (!inv || inv.status !== 'draft') return;
  const customer = (await readCustomer(ctx, inv.customer)) as { id: string; balance?: number } | undefined;
  await recompute(ctx, inv, customer?.balance ?? 0);
}
