// Recomputes a draft invoice from its items: lines in Stripe's order, each
// line's discounts and taxes, and the invoice's totals, all through the pure
// functions in billing/. Only lines whose content changed are written back.
import type { Ctx } from '../../http/context.ts';
import { computeInvoiceTotals, type TotalsLineInput } from '../../billing/totals.ts';
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

/** Brings lines and totals of a draft in line with its items; returns the saved invoice. */
export async function recompute(ctx: Ctx, inv: Invoice, customerBalance: number): Promise<Invoice> {
  // A subscription's own lines first (Stripe lists them before the invoice items it pulls in).
  const items: LineSource[] = [...(await subscriptionLines.all(ctx, { invoice: inv.id })), ...(await itemsWhere(ctx, { invoice: inv.id }))];
  const byItem = new Map(items.map((i) => [i.id, i]));
  const existing = await loadLines(ctx, inv.id);
  // `raw` null: a line new to the invoice, inserted once its totals are known (one write, not two).
  const kept: { line: LineItem; raw: string | null }[] = [];
  for (const { line, raw } of existing) {
    const itemId = sourceIdOf(line);
    if (byItem.has(itemId)) kept.push({ line, raw });
    else await removeLine(ctx, line.id);
  }
  // Items that joined since the last recomputation get lines at the end, oldest first (inserted
  // below in this order, after every line kept: the order lines are listed in).
  const known = new Set(kept.map((k) => sourceIdOf(k.line)));
  for (const item of items) {
    if (known.has(item.id)) continue;
    kept.push({ line: lineFromItem(item, inv.id, lineIdFor(item.id)), raw: null });
  }

  const inputs: TotalsLineInput[] = [];
  const fresh: LineItem[] = [];
  for (const { line } of kept) {
    const item = byItem.get(sourceIdOf(line))!;
    const next = lineFromItem(item, inv.id, line.id);
    fresh.push(next);
    const rates = item.tax_rates.length > 0 ? item.tax_rates : inv.default_tax_rates;
    inputs.push({
      amount: item.amount,
      discountable: item.discountable,
      discounts: await discountTerms(ctx, item.discounts),
      taxRates: rates.map((r) => ({ id: r.id, percentage: r.percentage, inclusive: r.inclusive })),
    });
  }
  const totals = computeInvoiceTotals(inputs, { currency: inv.currency, discounts: await discountTerms(ctx, inv.discounts) });

  for (const [i, line] of fresh.entries()) {
    const t = totals.lines[i];
    line.discount_amounts = t.discount_amounts;
    line.pretax_credit_amounts = t.discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const }));
    line.taxes = t.taxes.map(toStripeTax) as LineItem['taxes'];
    // Versions before 2025-03-31.basil show it; no response of the newest shape does.
    line.internal = { amount_excluding_tax: t.amount_excluding_tax };
    const raw = kept[i].raw;
    if (raw === null) await insertLine(ctx, line);
    else if (JSON.stringify(line) !== raw) await saveLine(ctx, line);
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
