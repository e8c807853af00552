// Invoice lines through the official SDK: GET /lines paging, POST /lines/:id
// (propagates to the invoice item), add_lines / remove_lines / update_lines,
// invoice items attached with `invoice=` (same customer and currency, drafts
// only), items on finalized invoices frozen, and create_preview (not saved).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { allLines, plain, rejects } from '../helpers/invoices.ts';
import { BASIL, before as versionBefore, byPrice, lineItemOf, lineTaxesOf, priceOf } from '../helpers/versioned.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());

const itemOf = (l: Stripe.InvoiceLineItem) => {
  const id = lineItemOf(l);
  assert.ok(id, `line ${l.id} comes from an invoice item`);
  return id;
};
/** The product of the Price a line is priced with (`pricing.price_details.product` since basil, the embedded `price.product` before). */
const productOf = (l: Stripe.InvoiceLineItem): string => {
  const product = BASIL ? l.pricing!.price_details!.product : (l as any).price.product;
  return typeof product === 'string' ? product : product.id;
};
/** The name of a line's Price parameter at the suite's version. */
const PRICE_PARAM = BASIL ? '[pricing][price]' : '[price]';
/**
 * Fields an invoice item line has at every version from 2023-08-16 until basil, and no others: the 2023-08-16 schema's,
 * and those Stripe added since without a breaking change (invoice, pretax_credit_amounts, quantity_decimal, subtotal).
 */
const PRE_BASIL_LINE_FIELDS = [
  'amount', 'amount_excluding_tax', 'currency', 'description', 'discount_amounts', 'discountable', 'discounts', 'id', 'invoice', 'invoice_item',
  'livemode', 'metadata', 'object', 'period', 'pretax_credit_amounts', 'price', 'proration', 'proration_details', 'quantity', 'quantity_decimal',
  'subscription', 'subtotal', 'tax_amounts', 'tax_rates', 'type', 'unit_amount_excluding_tax',
];

async function draftWith(amounts: number[], params: Partial<Stripe.InvoiceCreateParams> = {}): Promise<{ customer: Stripe.Customer; inv: Stripe.Invoice }> {
  const customer = await stripe.customers.create({});
  const inv = await stripe.invoices.create({ customer: customer.id, ...params });
  for (const amount of amounts) await stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount, currency: 'usd', description: `item ${amount}` });
  return { customer, inv: await stripe.invoices.retrieve(inv.id!) };
}

describe('GET /v1/invoices/:id/lines', () => {
  test('pages forwards and backwards in invoice order', async () => {
    const { inv } = await draftWith([1, 2, 3, 4, 5]);
    const p1 = await stripe.invoices.listLineItems(inv.id!, { limit: 2 });
    assert.equal(p1.object, 'list');
    assert.equal(p1.url, `/v1/invoices/${inv.id}/lines`);
    assert.deepEqual(p1.data.map((l) => l.amount), [1, 2]);
    assert.equal(p1.has_more, true);
    const p2 = await stripe.invoices.listLineItems(inv.id!, { limit: 2, starting_after: p1.data[1].id });
    assert.deepEqual(p2.data.map((l) => l.amount), [3, 4]);
    const p3 = await stripe.invoices.listLineItems(inv.id!, { limit: 2, starting_after: p2.data[1].id });
    assert.deepEqual(p3.data.map((l) => l.amount), [5]);
    assert.equal(p3.has_more, false);
    const back = await stripe.invoices.listLineItems(inv.id!, { limit: 2, ending_before: p3.data[0].id });
    assert.deepEqual(back.data.map((l) => l.amount), [3, 4]);
    assert.equal(back.has_more, true);
    assert.deepEqual((await allLines(stripe, inv.id!)).map((l) => l.amount), [1, 2, 3, 4, 5]);
    assert.equal((await stripe.invoices.listLineItems(inv.id!)).data.length, 5);
  });

  test('errors: unknown invoice, a cursor from another invoice, bad limit', async () => {
    const { inv } = await draftWith([1]);
    const { inv: other } = await draftWith([2]);
    await rejects(stripe.invoices.listLineItems('in_nope'), { status: 404, param: 'id', code: 'resource_missing' });
    await rejects(stripe.invoices.listLineItems(inv.id!, { starting_after: other.lines.data[0].id }), {
      status: 400, param: 'starting_after', message: `Invoice ${inv.id} does not have a line item ${other.lines.data[0].id}`,
    });
    await rejects(stripe.invoices.listLineItems(inv.id!, { starting_after: 'il_nope' }), { status: 400, param: 'starting_after' });
    await rejects(stripe.invoices.listLineItems(inv.id!, { limit: 101 }), { status: 400, param: 'limit' });
    await rejects(stripe.invoices.listLineItems(inv.id!, { foo: 1 } as any), { param: 'foo', code: 'parameter_unknown' });
  });
});

describe('POST /v1/invoices/:id/lines/:line_item_id', () => {
  test('updates propagate to the invoice item and the invoice totals', async () => {
    const { inv } = await draftWith([1000, 500]);
    const line = inv.lines.data[0];
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' });
    const updated = await stripe.invoices.updateLineItem(inv.id!, line.id, {
      amount: 2500, description: 'Changed', metadata: { k: 'v' }, period: { start: 1700000000, end: 1700000100 }, tax_rates: [rate.id], discounts: [{ coupon: coupon.id }],
    });
    assert.equal(updated.object, 'line_item');
    assert.equal(updated.id, line.id);
    assert.equal(updated.amount, 2500);
    assert.equal(updated.description, 'Changed');
    assert.deepEqual(updated.metadata, { k: 'v' });
    assert.deepEqual(updated.period, { start: 1700000000, end: 1700000100 });
    // 2500 - 20% (500) = 2000, 10% tax = 200.
    assert.deepEqual(updated.discount_amounts!.map((d) => d.amount), [500]);
    assert.deepEqual(lineTaxesOf(updated), [{ amount: 200, tax_rate: rate.id, taxable_amount: 2000, inclusive: false }]);
    assert.equal(lineItemOf(updated), itemOf(line));
    const l = updated as any;
    if (BASIL) {
      assert.deepEqual(plain(l.parent), {
        type: 'invoice_item_details',
        invoice_item_details: { invoice_item: itemOf(line), proration: false, proration_details: { credited_items: null }, subscription: null },
        subscription_item_details: null,
      });
      assert.deepEqual(plain(l.pricing), { type: 'price_details', unit_amount_decimal: '2500' });
      assert.deepEqual(plain(l.pretax_credit_amounts), [{ amount: 500, discount: l.discounts[0], type: 'discount' }]);
      assert.equal(l.invoice, inv.id);
      for (const legacy of ['type', 'invoice_item', 'proration', 'price', 'tax_rates', 'tax_amounts', 'amount_excluding_tax', 'unit_amount_excluding_tax'])
        assert.ok(!(legacy in l), legacy);
    } else {
      // Before basil: the line names its item, its (absent) Price and tax rates, and taxes with an inclusive flag.
      assert.equal(l.type, 'invoiceitem');
      assert.equal(l.invoice_item, itemOf(line));
      assert.equal(l.proration, false);
      assert.deepEqual(plain(l.proration_details), { credited_items: null });
      assert.equal(l.price, null);
      assert.deepEqual(l.tax_rates.map((r: Stripe.TaxRate) => [r.object, r.id, r.percentage, r.inclusive]), [['tax_rate', rate.id, 10, false]]);
      assert.deepEqual(plain(l.tax_amounts), [{ amount: 200, inclusive: false, tax_rate: rate.id, taxability_reason: 'standard_rated', taxable_amount: 2000 }]);
      assert.equal(l.amount_excluding_tax, 2500);
      assert.equal(String(l.unit_amount_excluding_tax), '2500');
      assert.equal(l.subscription, null);
      assert.deepEqual(Object.keys(plain(l)).sort(), PRE_BASIL_LINE_FIELDS);
    }
    // Added without a breaking change: shown at every version.
    assert.equal((l as any).subtotal, 2500);
    assert.equal(String((l as any).quantity_decimal), '1');
    const item = await stripe.invoiceItems.retrieve(itemOf(line));
    assert.equal(item.amount, 2500);
    assert.equal(item.description, 'Changed');
    assert.deepEqual(item.metadata, { k: 'v' });
    assert.deepEqual(item.tax_rates!.map((r) => r.id), [rate.id]);
    assert.equal(item.discounts!.length, 1);
    const got = await stripe.invoices.retrieve(inv.id!);
    assert.deepEqual([got.subtotal, got.total], [2500, 2700]);
    assert.deepEqual(plain(got.lines.data[0]), plain(updated));
  });

  test('quantity, pricing[price] (price before basil) and price_data with product_data', async () => {
    const { inv } = await draftWith([100]);
    const line = inv.lines.data[0];
    const product = await stripe.products.create({ name: 'P' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 250, currency: 'usd' });
    const priced = await stripe.invoices.updateLineItem(inv.id!, line.id, { ...byPrice(price.id), quantity: 3 });
    assert.equal(priced.amount, 750);
    assert.equal(priced.quantity, 3);
    assert.equal(priceOf(priced), price.id);
    assert.equal(productOf(priced), product.id);
    if (!BASIL) {
      // Before basil the line embeds the whole Price.
      const embedded = (priced as any).price;
      assert.equal(embedded.object, 'price');
      assert.equal(embedded.unit_amount, 250);
      assert.equal(String((priced as any).unit_amount_excluding_tax), '250');
      await rejects(stripe.invoices.updateLineItem(inv.id!, line.id, { pricing: { price: price.id } }), {
        status: 400, param: 'pricing', code: 'parameter_unknown', message: 'Received unknown parameter: pricing',
      });
    }
    assert.equal((await stripe.invoiceItems.retrieve(itemOf(line))).amount, 750, 'the item follows its line');
    const byData = await stripe.invoices.updateLineItem(inv.id!, line.id, {
      price_data: { currency: 'usd', product_data: { name: 'Inline', unit_label: 'seat' }, unit_amount_decimal: '12.5' as any }, quantity: 2,
    });
    assert.equal(byData.amount, 25);
    const newProduct = await stripe.products.retrieve(productOf(byData));
    assert.equal(newProduct.name, 'Inline');
    assert.equal(newProduct.unit_label, 'seat');
    await rejects(stripe.invoices.updateLineItem(inv.id!, line.id, { price_data: { currency: 'usd', product: product.id, product_data: { name: 'x' }, unit_amount: 1 } }), {
      param: 'price_data[product]', message: 'You may only specify one of these parameters: price_data[product], price_data[product_data].',
    });
    await rejects(stripe.invoices.updateLineItem(inv.id!, line.id, { price_data: { currency: 'eur', product: product.id, unit_amount: 1 } }), { status: 400 });
    await rejects(stripe.invoices.updateLineItem(inv.id!, line.id, { amount: 1, quantity: 2 }), { message: 'You may only specify one of these parameters: amount, quantity.' });
    assert.equal((await stripe.invoices.retrieve(inv.id!)).total, 25, 'refused updates changed nothing');
  });

  test('errors: unknown line, a line of another invoice, a finalized invoice, tax_amounts', async () => {
    const { inv } = await draftWith([100]);
    const { inv: other } = await draftWith([200]);
    await rejects(stripe.invoices.updateLineItem(inv.id!, 'il_nope', { amount: 1 }), { status: 404, param: 'id', code: 'resource_missing' });
    await rejects(stripe.invoices.updateLineItem(inv.id!, other.lines.data[0].id, { amount: 1 }), { status: 404, code: 'resource_missing' });
    await rejects(stripe.invoices.updateLineItem('in_nope', other.lines.data[0].id, { amount: 1 }), { status: 404, code: 'resource_missing' });
    await rejects(
      stripe.invoices.updateLineItem(inv.id!, inv.lines.data[0].id, { tax_amounts: [{ amount: 1, taxable_amount: 10, tax_rate_data: { display_name: 'T', inclusive: false, percentage: 10 } }] }),
      { status: 400, param: 'tax_amounts' },
    );
    assert.equal((await stripe.invoices.updateLineItem(inv.id!, inv.lines.data[0].id, { tax_amounts: '' as any })).amount, 100);
    await stripe.invoices.finalizeInvoice(inv.id!);
    await rejects(stripe.invoices.updateLineItem(inv.id!, inv.lines.data[0].id, { amount: 5 }), { status: 400, code: 'invoice_not_editable' });
    assert.equal((await stripe.invoiceItems.retrieve(itemOf(inv.lines.data[0]))).amount, 100);
  });
});

describe('add_lines, remove_lines, update_lines', () => {
  test('add_lines: new items and existing pending items, appended in order', async () => {
    const { customer, inv } = await draftWith([100]);
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd', description: 'pending' });
    const product = await stripe.products.create({ name: 'Thing' });
    const added = await stripe.invoices.addLines(inv.id!, {
      lines: [
        { amount: 300, description: 'new' },
        { invoice_item: pending.id, description: 'pulled in' },
        { price_data: { currency: 'usd', product: product.id, unit_amount: 50 }, quantity: 4, metadata: { m: '1' } },
      ],
      invoice_metadata: { batch: '1' },
    });
    assert.deepEqual(added.lines.data.map((l) => [l.amount, l.description]), [[100, 'item 100'], [300, 'new'], [700, 'pulled in'], [200, null]]);
    assert.deepEqual(added.metadata, { batch: '1' });
    assert.equal(added.total, 1300);
    const created = await stripe.invoiceItems.retrieve(itemOf(added.lines.data[1]));
    assert.equal(created.customer, customer.id);
    assert.equal(created.invoice, inv.id);
    assert.equal(created.currency, 'usd');
    const pulled = await stripe.invoiceItems.retrieve(pending.id);
    assert.equal(pulled.invoice, inv.id);
    assert.equal(pulled.description, 'pulled in');
    assert.deepEqual(added.lines.data[3].metadata, { m: '1' });
  });

  test('add_lines refuses items of others, of another currency or already invoiced, and adds nothing', async () => {
    const { customer, inv } = await draftWith([100]);
    const stranger = await stripe.customers.create({});
    const theirs = await stripe.invoiceItems.create({ customer: stranger.id, amount: 1, currency: 'usd' });
    const eur = await stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'eur' });
    const { inv: elsewhere } = await draftWith([5]);
    const onOther = itemOf(elsewhere.lines.data[0]);
    const before = plain(await stripe.invoices.retrieve(inv.id!));
    const itemsBefore = (await stripe.invoiceItems.list({ customer: customer.id, limit: 100 })).data.length;
    for (const [line, param] of [
      [{ invoice_item: theirs.id }, 'lines[1][invoice_item]'],
      [{ invoice_item: eur.id }, undefined],
      [{ invoice_item: onOther }, 'lines[1][invoice_item]'],
      [{ invoice_item: 'ii_nope' }, 'lines[1][invoice_item]'],
      [{ price_data: { currency: 'eur', product_data: { name: 'x' }, unit_amount: 1 } }, undefined],
      [byPrice('price_nope'), `lines[1]${PRICE_PARAM}`],
      [{ tax_rates: ['txr_nope'], amount: 1 }, undefined],
    ] as [Stripe.InvoiceAddLinesParams.Line, string | undefined][]) {
      // The first line is fine: the failure of the second must undo it.
      await rejects(stripe.invoices.addLines(inv.id!, { lines: [{ amount: 42 }, line], invoice_metadata: { x: 'y' } }), { status: 400, ...(param ? { param } : {}) });
    }
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), before);
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id, limit: 100 })).data.length, itemsBefore);
    assert.equal((await stripe.invoiceItems.retrieve(eur.id)).invoice, null);
    await rejects(stripe.invoices.addLines(inv.id!, { lines: [] as any }), { status: 400, param: 'lines' });
    await rejects(stripe.invoices.addLines(inv.id!, {} as any), { status: 400, param: 'lines', code: 'parameter_missing' });
  });

  test('remove_lines: delete removes the item, unassign makes it pending again', async () => {
    const { customer, inv } = await draftWith([100, 200, 300]);
    const [a, b, c] = inv.lines.data;
    const after = await stripe.invoices.removeLines(inv.id!, {
      lines: [{ id: a.id, behavior: 'delete' }, { id: b.id, behavior: 'unassign' }],
      invoice_metadata: { removed: '2' },
    });
    assert.deepEqual(after.lines.data.map((l) => l.id), [c.id]);
    assert.equal(after.total, 300);
    assert.deepEqual(after.metadata, { removed: '2' });
    await rejects(stripe.invoiceItems.retrieve(itemOf(a)), { status: 404 });
    const unassigned = await stripe.invoiceItems.retrieve(itemOf(b));
    assert.equal(unassigned.invoice, null);
    const next = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    assert.deepEqual(next.lines.data.map((l) => l.amount), [200]);
    // Unknown lines, and lines already removed, are refused as a whole.
    await rejects(stripe.invoices.removeLines(inv.id!, { lines: [{ id: c.id, behavior: 'delete' }, { id: a.id, behavior: 'delete' }] }), {
      status: 400, param: 'lines[1][id]',
    });
    assert.equal((await stripe.invoices.retrieve(inv.id!)).total, 300);
    await rejects(stripe.invoices.removeLines(inv.id!, { lines: [{ id: c.id, behavior: 'drop' as any }] }), { param: 'lines[0][behavior]' });
    await rejects(stripe.invoices.removeLines(inv.id!, { lines: [{ id: c.id } as any] }), { param: 'lines[0][behavior]', code: 'parameter_missing' });
  });

  test('update_lines: several lines at once, all or nothing', async () => {
    const { inv } = await draftWith([100, 200]);
    const [a, b] = inv.lines.data;
    const u = await stripe.invoices.updateLines(inv.id!, {
      lines: [{ id: a.id, amount: 150 }, { id: b.id, description: 'second', discountable: false }],
      invoice_metadata: { v: '2' },
    });
    assert.deepEqual(u.lines.data.map((l) => [l.amount, l.description, l.discountable]), [[150, 'item 100', true], [200, 'second', false]]);
    assert.equal(u.total, 350);
    assert.deepEqual(u.metadata, { v: '2' });
    await rejects(stripe.invoices.updateLines(inv.id!, { lines: [{ id: a.id, amount: 999 }, { id: 'il_nope', amount: 1 }] }), { status: 400, param: 'lines[1][id]' });
    await rejects(stripe.invoices.updateLines(inv.id!, { lines: [{ id: a.id, amount: 999 }, { id: b.id, amount: 1, quantity: 2 }] }), { status: 400 });
    assert.equal((await stripe.invoices.retrieve(inv.id!)).total, 350);
    await rejects(stripe.invoices.updateLines(inv.id!, { lines: [{ amount: 1 } as any] }), { param: 'lines[0][id]', code: 'parameter_missing' });
  });

  test('none of them work once the invoice is finalized', async () => {
    const { customer, inv } = await draftWith([100]);
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(inv.id!);
    const before = plain(await stripe.invoices.retrieve(inv.id!));
    const line = inv.lines.data[0].id;
    await rejects(stripe.invoices.addLines(inv.id!, { lines: [{ amount: 1 }] }), { status: 400, code: 'invoice_not_editable' });
    await rejects(stripe.invoices.addLines(inv.id!, { lines: [{ invoice_item: pending.id }] }), { status: 400, code: 'invoice_not_editable' });
    await rejects(stripe.invoices.removeLines(inv.id!, { lines: [{ id: line, behavior: 'delete' }] }), { status: 400, code: 'invoice_not_editable' });
    await rejects(stripe.invoices.updateLines(inv.id!, { lines: [{ id: line, amount: 1 }] }), { status: 400, code: 'invoice_not_editable' });
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), before);
    assert.equal((await stripe.invoiceItems.retrieve(pending.id)).invoice, null);
  });
});

describe('invoice items attached with invoice=', () => {
  test('same customer and currency, drafts only', async () => {
    const { customer, inv } = await draftWith([]);
    const stranger = await stripe.customers.create({});
    await rejects(stripe.invoiceItems.create({ customer: stranger.id, invoice: inv.id, amount: 1, currency: 'usd' }), { status: 400, param: 'invoice' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 1, currency: 'eur' }), { status: 400, param: 'currency' });
    const ok = await stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 1 });
    assert.equal(ok.currency, 'usd', 'the currency defaults to the customer\'s, which is the invoice\'s');
    assert.equal((await stripe.invoiceItems.list({ invoice: inv.id })).data.length, 1);
    await stripe.invoices.finalizeInvoice(inv.id!);
    await rejects(stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 1, currency: 'usd' }), { status: 400, param: 'invoice', code: 'invoice_not_editable' });
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id })).data.length, 1);
  });

  test('items on a finalized invoice cannot change or go', async () => {
    const { inv } = await draftWith([100, 200]);
    await stripe.invoices.finalizeInvoice(inv.id!);
    const item = itemOf(inv.lines.data[0]);
    await rejects(stripe.invoiceItems.update(item, { amount: 5 }), { status: 400, code: 'invoice_not_editable' });
    await rejects(stripe.invoiceItems.update(item, { metadata: { a: 'b' } }), { status: 400, code: 'invoice_not_editable' });
    await rejects(stripe.invoiceItems.del(item), { status: 400, code: 'invoice_not_editable' });
    assert.equal((await stripe.invoiceItems.retrieve(item)).amount, 100);
    assert.equal((await stripe.invoices.retrieve(inv.id!)).total, 300);
  });
});

describe('POST /v1/invoices/create_preview', () => {
  test('the next invoice from pending items, computed and not saved', async () => {
    const customer = await stripe.customers.create({ balance: -100 });
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
    const coupon = await stripe.coupons.create({ amount_off: 200, currency: 'usd' });
    const a = await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd', tax_rates: [rate.id] });
    const b = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 999, currency: 'eur' });
    // Since basil a preview names what it previews: here a pending item, unchanged (before basil the customer alone is enough).
    const what = BASIL ? { invoice_items: [{ invoiceitem: a.id }] } : {};
    const preview = await stripe.invoices.createPreview({ customer: customer.id, discounts: [{ coupon: coupon.id }], ...what });
    assert.match(preview.id!, /^upcoming_in_[A-Za-z0-9]{24}$/);
    assert.equal(preview.object, 'invoice');
    assert.equal(preview.status, 'draft');
    assert.equal(preview.number, null);
    assert.equal(preview.billing_reason, 'upcoming');
    assert.equal(preview.currency, 'usd');
    assert.equal(preview.lines.url, `/v1/invoices/${preview.id}/lines`);
    assert.deepEqual(preview.lines.data.map((l) => itemOf(l)), [b.id, a.id]);
    for (const l of preview.lines.data) {
      assert.match(l.id, /^il_tmp_/);
      // Lines name their invoice since basil; before, only the list's url does.
      if (BASIL) assert.equal(l.invoice, preview.id);
      else assert.ok(!('invoice' in l));
    }
    // 1500 - 200 split 1000:500 -> 133 / 67 (largest remainder: 133.33, 66.67);
    // tax 10% of (1000 - 133) = 86.7 -> 87; total 1300 + 87 = 1387; credit 100 -> due 1287.
    assert.equal(preview.subtotal, 1500);
    assert.equal(preview.total, 1387);
    assert.equal(preview.starting_balance, -100);
    assert.equal(preview.amount_due, 1287);
    // Nothing was saved: no invoice, items still pending, balance unchanged.
    assert.equal((await stripe.invoices.list({ customer: customer.id })).data.length, 0);
    assert.equal((await stripe.invoiceItems.retrieve(a.id)).invoice, null);
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.length, 3);
    assert.equal(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance, -100);
    await rejects(stripe.invoices.retrieve(preview.id!), { status: 404 });
    await rejects(stripe.invoices.retrieve(preview.id!.replace('upcoming_', '')), { status: 404 });
    // The same request again gives the same numbers.
    const again = await stripe.invoices.createPreview({ customer: customer.id, discounts: [{ coupon: coupon.id }], ...what });
    assert.equal(again.total, 1387);
    // Another currency previews that currency's pending items.
    const eur = BASIL ? { invoice_items: [{ amount: 1, currency: 'eur' }] } : {};
    assert.equal((await stripe.invoices.createPreview({ customer: customer.id, currency: 'eur', ...eur })).total, BASIL ? 1000 : 999);
  });

  test('invoice_items add to the preview or change a pending item in it', async () => {
    const customer = await stripe.customers.create({});
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd' });
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      invoice_items: [{ amount: 250, description: 'extra' }, { invoiceitem: pending.id, amount: 2000 }],
    });
    assert.deepEqual(preview.lines.data.map((l) => l.amount).sort((x, y) => x - y), [250, 2000]);
    assert.equal(preview.total, 2250);
    assert.equal((await stripe.invoiceItems.retrieve(pending.id)).amount, 1000, 'the real item is untouched');
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id })).data.length, 1);
    await rejects(stripe.invoices.createPreview({ customer: customer.id, invoice_items: [{ invoiceitem: 'ii_nope' }] }), {
      status: 400, param: 'invoice_items[0][invoiceitem]', code: 'resource_missing',
    });
  });

  test('errors: no customer, unknown customer, nothing to invoice', async () => {
    await rejects(stripe.invoices.createPreview({}), { status: 400, param: 'customer', code: 'parameter_missing' });
    await rejects(stripe.invoices.createPreview({ customer: 'cus_nope', invoice_items: [{ amount: 1, currency: 'usd' }] }), { status: 400, param: 'customer', code: 'resource_missing' });
    const empty = await stripe.customers.create({});
    // Since basil the customer alone names nothing to preview; before, it previews the pending items, here none.
    const newest = server.newest();
    await rejects(newest.invoices.createPreview({ customer: empty.id }), {
      status: 400, param: 'invoice_items', code: 'parameter_missing', message: 'You must specify one of these parameters: invoice_items, schedule, subscription.',
    });
    const acacia = server.stripe(undefined, { apiVersion: '2025-02-24.acacia' as any });
    await rejects(acacia.invoices.createPreview({ customer: empty.id }), {
      status: 404, code: 'invoice_upcoming_none', message: `No upcoming invoices for customer: ${empty.id}`,
    });
    await rejects(stripe.invoices.createPreview({ customer: empty.id, subscription: 'sub_nope' }), { param: 'subscription', code: 'resource_missing' });
    await rejects(stripe.invoices.createPreview({ customer: empty.id, schedule: 'sub_sched_nope' }), { param: 'schedule', code: 'resource_missing' });
    assert.equal((await stripe.invoices.list({ customer: empty.id })).data.length, 0);
  });
});
