// Shared by the invoice API tests: comparing SDK objects and checking Stripe errors.
import assert from 'node:assert/strict';
import type Stripe from 'stripe';

/** stripe@23 hands decimal strings back as Stripe.Decimal objects; compare their JSON. */
export const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

export interface ErrorCheck {
  status?: number;
  param?: string | null;
  code?: string | null;
  message?: RegExp | string;
}

/** The promise fails with a Stripe error matching `check` (null: the field must be absent). */
export const rejects = (p: Promise<unknown>, check: ErrorCheck) =>
  assert.rejects(p, (e: any) => {
    assert.ok(e?.type?.startsWith('Stripe'), `not a Stripe error: ${e}`);
    if (check.status !== undefined) assert.equal(e.statusCode, check.status, e.message);
    if (check.param !== undefined) assert.equal(e.param ?? null, check.param, e.message);
    if (check.code !== undefined) assert.equal(e.code ?? null, check.code, e.message);
    if (typeof check.message === 'string') assert.equal(e.message, check.message);
    else if (check.message) assert.match(e.message, check.message);
    return true;
  });

/** Everything about an invoice that a refused request must leave as it was. */
export function snapshot(inv: Stripe.Invoice): unknown {
  return plain(inv);
}

/** Sums a line's discount_amounts. */
export const lineDiscount = (l: Stripe.InvoiceLineItem) => (l.discount_amounts ?? []).reduce((a, d) => a + d.amount, 0);

/** [amount, tax rate id, taxable_amount, behavior] of each tax entry, for compact comparisons. */
export const taxes = (t: (Stripe.InvoiceLineItem.Tax | Stripe.Invoice.TotalTax)[] | null | undefined) =>
  (t ?? []).map((x) => [x.amount, x.tax_rate_details?.tax_rate, x.taxable_amount, x.tax_behavior]);

/** All lines of an invoice, through GET /v1/invoices/:id/lines paging. */
export async function allLines(stripe: Stripe, invoiceId: string): Promise<Stripe.InvoiceLineItem[]> {
  const out: Stripe.InvoiceLineItem[] = [];
  for await (const line of stripe.invoices.listLineItems(invoiceId, { limit: 100 })) out.push(line);
  return out;
}
