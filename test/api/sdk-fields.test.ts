// Responses at the newest version carry every field the stripe package's
// types declare as always present (the compile-time half is test/types/sdk-shapes.ts).
// The stripe package's types describe the newest version, so this file speaks it even in a pinned run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { requiredFields } from '../helpers/sdk-fields.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const get = async (path: string) => {
  const res = await server.http('GET', path, { headers: { 'stripe-version': LATEST } });
  assert.equal(res.status, 200, res.text);
  return res.json;
};

test('every non-optional field of the SDK types is sent', async () => {
  const stripe = server.newest();
  const c = await stripe.customers.create({ name: 'Fields' });
  const product = await stripe.products.create({ name: 'P' });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 100, currency: 'usd' });
  const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
  const coupon = await stripe.coupons.create({ percent_off: 5 });
  const ii = await stripe.invoiceItems.create({ customer: c.id, pricing: { price: price.id }, tax_rates: [rate.id], discounts: [{ coupon: coupon.id }] });
  const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
  const cases: [string, string, any][] = [
    ['Customers.d.ts', 'Customer', await get(`/v1/customers/${c.id}`)],
    ['Products.d.ts', 'Product', await get(`/v1/products/${product.id}`)],
    ['Prices.d.ts', 'Price', await get(`/v1/prices/${price.id}`)],
    ['TaxRates.d.ts', 'TaxRate', await get(`/v1/tax_rates/${rate.id}`)],
    ['Coupons.d.ts', 'Coupon', await get(`/v1/coupons/${coupon.id}`)],
    ['InvoiceItems.d.ts', 'InvoiceItem', await get(`/v1/invoiceitems/${ii.id}`)],
    ['Discounts.d.ts', 'Discount', (await get(`/v1/invoiceitems/${ii.id}?expand[]=discounts`)).discounts[0]],
    ['Invoices.d.ts', 'Invoice', await get(`/v1/invoices/${inv.id}`)],
    ['InvoiceLineItems.d.ts', 'InvoiceLineItem', (await get(`/v1/invoices/${inv.id}/lines`)).data[0]],
  ];
  const open = await stripe.invoices.finalizeInvoice(inv.id, { auto_advance: false });
  const cn = await stripe.creditNotes.create({
    invoice: open.id,
    credit_amount: 0,
    lines: [{ type: 'invoice_line_item', invoice_line_item: open.lines.data[0].id, amount: 10 }, { type: 'custom_line_item', description: 'C', unit_amount: 5 }],
  });
  const txn = await stripe.customers.createBalanceTransaction(c.id, { amount: -100, currency: 'usd' });
  cases.push(
    ['CreditNotes.d.ts', 'CreditNote', await get(`/v1/credit_notes/${cn.id}`)],
    ['CreditNoteLineItems.d.ts', 'CreditNoteLineItem', (await get(`/v1/credit_notes/${cn.id}/lines`)).data[0]],
    ['CreditNoteLineItems.d.ts', 'CreditNoteLineItem', (await get(`/v1/credit_notes/${cn.id}/lines`)).data[1]],
    ['CustomerBalanceTransactions.d.ts', 'CustomerBalanceTransaction', await get(`/v1/customers/${c.id}/balance_transactions/${txn.id}`)],
  );
  for (const [file, iface, obj] of cases) {
    const fields = requiredFields(file, iface);
    assert.ok(fields.length > 5, `${iface}: read ${fields.length} fields`);
    const missing = fields.filter((f) => !(f in obj));
    assert.deepEqual(missing, [], `${iface} lacks ${missing.join(', ')}`);
  }
});
