// Invoices through the official SDK: create (with and without pending items,
// every create param seed 003 lists that we accept), retrieve with its first
// page of lines, update (drafts fully, finalized invoices only where Stripe
// allows), list with filters and paging, delete (drafts only).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { lacks } from '../helpers/assertions.ts';
import { plain, rejects } from '../helpers/invoices.ts';
import { BASIL, CLOVER, before as beforeVersion, couponOf, lineItemOf, unitAmountDecimalOf } from '../helpers/versioned.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
/** Invoices show `rendering` (with PDF options) since 2024-04-10, `rendering_options` before. */
const RENDERING = !beforeVersion('2024-04-10');

describe('invoices: create', () => {
  test('a bare draft has its version\'s shape and Stripe defaults', async () => {
    const c = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jenny@example.com', phone: '+15555550100', address: { city: 'Berlin', country: 'DE' } });
    const inv = await stripe.invoices.create({ customer: c.id });
    assert.match(inv.id!, /^in_[A-Za-z0-9]{24}$/);
    assert.equal(inv.object, 'invoice');
    assert.equal(inv.status, 'draft');
    assert.equal(inv.customer, c.id);
    assert.equal(inv.currency, 'usd');
    assert.equal(inv.collection_method, 'charge_automatically');
    assert.equal(inv.auto_advance, false);
    assert.equal(inv.billing_reason, 'manual');
    assert.equal(inv.number, null);
    assert.equal(inv.due_date, null);
    assert.equal(inv.effective_at, null);
    assert.equal(inv.ending_balance, null);
    assert.equal(inv.starting_balance, 0);
    assert.equal(inv.hosted_invoice_url, null);
    assert.equal(inv.invoice_pdf, null);
    assert.equal(inv.livemode, false);
    assert.deepEqual(inv.metadata, {});
    assert.deepEqual(inv.status_transitions, { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null });
    for (const f of ['amount_due', 'amount_paid', 'amount_remaining', 'amount_shipping', 'subtotal', 'subtotal_excluding_tax', 'total', 'total_excluding_tax'] as const)
      assert.equal(inv[f], 0, f);
    assert.deepEqual(inv.total_discount_amounts, []);
    assert.deepEqual(inv.discounts, []);
    assert.deepEqual(inv.default_tax_rates, []);
    assert.equal(inv.customer_name, 'Jenny Rosen');
    assert.equal(inv.customer_email, 'jenny@example.com');
    assert.equal(inv.customer_phone, '+15555550100');
    assert.equal(inv.customer_address?.city, 'Berlin');
    assert.equal(inv.customer_tax_exempt, 'none');
    assert.ok(Math.abs(inv.created - now()) < 60);
    assert.equal(inv.period_start, inv.created);
    assert.equal(inv.period_end, inv.created);
    lacks(inv, 'internal');
    if (BASIL) {
      assert.equal(inv.amount_overpaid, 0);
      assert.deepEqual(inv.total_taxes, []);
      assert.deepEqual(plain(inv.lines), { object: 'list', data: [], has_more: false, url: `/v1/invoices/${inv.id}/lines` });
      // Fields the 2025-03-31.basil version removed are not in the newest shape.
      lacks(inv, 'paid', 'charge', 'payment_intent', 'paid_out_of_band', 'subscription', 'quote', 'tax', 'total_tax_amounts', 'discount', 'application_fee_amount', 'transfer_data', 'rendering_options');
    } else {
      // The 2023-08-16 shape: payment and subscription fields, taxes as `tax`/`total_tax_amounts`, a counted lines list.
      const old = inv as any;
      assert.equal(old.paid, false);
      assert.equal(old.paid_out_of_band, false);
      for (const f of ['charge', 'payment_intent', 'subscription', 'quote', 'application_fee_amount', 'transfer_data', 'tax', 'discount', 'rendering_options'])
        assert.equal(old[f], null, f);
      assert.deepEqual(old.total_tax_amounts, []);
      assert.deepEqual(plain(inv.lines), { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/invoices/${inv.id}/lines` });
      lacks(inv, 'parent', 'amount_overpaid', 'total_taxes', 'payments', 'confirmation_secret');
      // Added later without a breaking change: shown to this version too.
      for (const f of ['automatically_finalizes_at', 'rendering', 'customer_account']) assert.equal(old[f], null, f);
      assert.deepEqual(old.total_pretax_credit_amounts, []);
    }
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), plain(inv));
  });

  test('pending items stay pending by default and with exclude', async () => {
    const c = await stripe.customers.create({});
    const ii = await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const a = await stripe.invoices.create({ customer: c.id });
    assert.equal(a.lines.data.length, 0);
    assert.equal(a.total, 0);
    const b = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'exclude' });
    assert.equal(b.lines.data.length, 0);
    assert.equal((await stripe.invoiceItems.retrieve(ii.id)).invoice, null);
  });

  test('include pulls the customer\'s pending items in the invoice currency, newest first', async () => {
    const c = await stripe.customers.create({});
    const other = await stripe.customers.create({});
    const first = await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd', description: 'first' });
    const second = await stripe.invoiceItems.create({ customer: c.id, amount: 250, currency: 'usd', description: 'second' });
    const eur = await stripe.invoiceItems.create({ customer: c.id, amount: 999, currency: 'eur' });
    const theirs = await stripe.invoiceItems.create({ customer: other.id, amount: 5, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.equal(inv.currency, 'usd');
    assert.deepEqual(inv.lines.data.map((l) => l.description), ['second', 'first']);
    assert.equal(inv.subtotal, 1250);
    assert.equal(inv.total, 1250);
    assert.equal(inv.amount_due, 1250);
    assert.equal(inv.amount_remaining, 1250);
    assert.equal((await stripe.invoiceItems.retrieve(first.id)).invoice, inv.id);
    assert.equal((await stripe.invoiceItems.retrieve(second.id)).invoice, inv.id);
    assert.equal((await stripe.invoiceItems.retrieve(eur.id)).invoice, null, 'another currency stays pending');
    assert.equal((await stripe.invoiceItems.retrieve(theirs.id)).invoice, null, 'another customer\'s item stays pending');
    // A second include finds nothing left in usd; an eur invoice takes the eur item.
    const again = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.equal(again.lines.data.length, 0);
    const inEur = await stripe.invoices.create({ customer: c.id, currency: 'eur', pending_invoice_items_behavior: 'include' });
    assert.equal(inEur.currency, 'eur');
    assert.deepEqual(inEur.lines.data.map(lineItemOf), [eur.id]);
    assert.equal(inEur.total, 999);
  });

  test('include takes at most 250 pending items, the oldest; the rest stay pending', async () => {
    const c = await stripe.customers.create({});
    const ids: string[] = [];
    for (let i = 0; i < 252; i++) ids.push((await stripe.invoiceItems.create({ customer: c.id, amount: i + 1, currency: 'usd' })).id);
    const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.equal(inv.subtotal, (250 * 251) / 2);
    assert.equal(inv.lines.data[0].amount, 250, 'newest first');
    const left = await stripe.invoiceItems.list({ customer: c.id, pending: true });
    assert.deepEqual(left.data.map((x) => x.id), [ids[251], ids[250]]);
    const next = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.deepEqual(next.lines.data.map((l) => l.amount), [252, 251]);
  });

  test('the line mirrors its item', async () => {
    const c = await stripe.customers.create({});
    const ii = await stripe.invoiceItems.create({
      customer: c.id, currency: 'usd', unit_amount_decimal: '150' as any, quantity: 3, description: 'Widgets', metadata: { k: 'v' }, period: { start: 1700000000, end: 1700086400 },
    });
    assert.equal(unitAmountDecimalOf(ii), '150');
    const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    const line = inv.lines.data[0];
    assert.equal(line.id, `il_${ii.id.slice(3)}`);
    assert.equal(line.object, 'line_item');
    assert.equal(line.amount, 450);
    assert.equal(line.currency, 'usd');
    assert.equal(line.description, 'Widgets');
    assert.equal(line.quantity, 3);
    assert.deepEqual(line.metadata, { k: 'v' });
    assert.deepEqual(line.period, { start: 1700000000, end: 1700086400 });
    assert.equal(line.discountable, true);
    assert.deepEqual(line.discount_amounts, []);
    assert.equal(lineItemOf(line), ii.id);
    if (BASIL) {
      assert.equal(line.invoice, inv.id);
      assert.deepEqual(line.taxes, []);
      assert.deepEqual(plain(line.pricing), { type: 'price_details', unit_amount_decimal: '150' });
      assert.deepEqual(plain(line.parent), {
        invoice_item_details: { invoice_item: ii.id, proration: false, proration_details: { credited_items: null }, subscription: null },
        subscription_item_details: null,
        type: 'invoice_item_details',
      });
      lacks(line, 'type', 'invoice_item', 'proration', 'proration_details', 'tax_rates', 'tax_amounts', 'amount_excluding_tax', 'unit_amount_excluding_tax', 'price', 'plan');
    } else {
      // The 2023-08-16 line: its invoice item, proration flags, price (none: priced by amount), tax rates and tax amounts.
      const old = line as any;
      assert.equal(old.type, 'invoiceitem');
      assert.equal(old.invoice_item, ii.id);
      assert.equal(old.proration, false);
      assert.deepEqual(old.proration_details, { credited_items: null });
      assert.equal(old.price, null);
      assert.equal(old.subscription, null);
      assert.deepEqual(old.tax_rates, []);
      assert.deepEqual(old.tax_amounts, []);
      assert.equal(old.amount_excluding_tax, 450);
      assert.equal(String(old.unit_amount_excluding_tax), '150');
      lacks(line, 'parent', 'pricing', 'taxes');
    }
    // invoice, subtotal and quantity_decimal came without a breaking change: shown at every version.
    const newest = line;
    assert.equal(newest.invoice, inv.id);
    assert.equal(newest.subtotal, 450);
    assert.equal(String(newest.quantity_decimal), '3');
  });

  test('currency: the customer\'s by default, or the one given', async () => {
    const c = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: c.id, amount: 100, currency: 'gbp' });
    assert.equal((await stripe.invoices.create({ customer: c.id })).currency, 'gbp');
    assert.equal((await stripe.invoices.create({ customer: c.id, currency: 'EUR' as any })).currency, 'eur');
    await rejects(stripe.invoices.create({ customer: c.id, currency: 'zzz' }), { status: 400, param: 'currency', message: /^Invalid currency: zzz\./ });
  });

  test('every create param seed 003 lists that we accept is stored and shown', async () => {
    const c = await stripe.customers.create({});
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
    const due = now() + 30 * DAY;
    const effective = now() - DAY;
    const inv = await stripe.invoices.create({
      customer: c.id,
      auto_advance: true,
      collection_method: 'send_invoice',
      description: 'Memo',
      metadata: { order_id: '6735' },
      account_tax_ids: ['txi_123'],
      currency: 'usd',
      custom_fields: [{ name: 'PO', value: '42' }],
      default_tax_rates: [rate.id],
      discounts: [{ coupon: coupon.id }],
      due_date: due,
      effective_at: effective,
      footer: 'Thanks',
      number: 'CUSTOM-1',
      ...(RENDERING
        ? { rendering: { amount_tax_display: 'include_inclusive_tax', pdf: { page_size: 'a4' } } }
        : ({ rendering_options: { amount_tax_display: 'include_inclusive_tax' } } as any)),
      shipping_details: { name: 'Jenny', address: { line1: '1 Main St', city: 'Springfield', country: 'US' }, phone: '555' },
      statement_descriptor: 'KIT*ORDER',
      application_fee_amount: 100,
      on_behalf_of: 'acct_123',
      transfer_data: { destination: 'acct_123', amount: 50 },
      issuer: { type: 'self' },
      payment_settings: { payment_method_types: ['card'] },
      automatic_tax: { enabled: false },
      pending_invoice_items_behavior: 'exclude',
    });
    assert.equal(inv.auto_advance, true);
    assert.equal(inv.collection_method, 'send_invoice');
    assert.equal(inv.description, 'Memo');
    assert.deepEqual(inv.metadata, { order_id: '6735' });
    assert.deepEqual(inv.account_tax_ids, ['txi_123']);
    assert.deepEqual(inv.custom_fields, [{ name: 'PO', value: '42' }]);
    assert.deepEqual((inv.default_tax_rates as Stripe.TaxRate[]).map((r) => r.id), [rate.id]);
    assert.equal(inv.discounts.length, 1);
    assert.match(String(inv.discounts[0]), /^di_/);
    assert.equal(inv.due_date, due);
    assert.equal(inv.effective_at, effective);
    assert.equal(inv.footer, 'Thanks');
    assert.equal(inv.number, 'CUSTOM-1');
    const newestRendering = { amount_tax_display: 'include_inclusive_tax', pdf: { page_size: 'a4' }, template: null, template_version: null };
    if (RENDERING) {
      assert.deepEqual(plain(inv.rendering), newestRendering);
      lacks(inv, 'rendering_options');
    } else {
      assert.deepEqual((inv as any).rendering_options, { amount_tax_display: 'include_inclusive_tax' });
      // `rendering` came in September 2023 without a breaking change: shown and accepted here too, beside `rendering_options`.
      assert.equal((inv as any).rendering.amount_tax_display, 'include_inclusive_tax');
      const withPdf = await stripe.invoices.update(inv.id!, { rendering: { amount_tax_display: 'include_inclusive_tax', pdf: { page_size: 'a4' } } } as any);
      assert.deepEqual(plain((withPdf as any).rendering), newestRendering);
      assert.deepEqual((await stripe.invoices.retrieve(inv.id!) as any).rendering_options, { amount_tax_display: 'include_inclusive_tax' });
    }
    if (BASIL) {
      // Accepted but no longer shown since 2025-03-31.basil.
      lacks(inv, 'application_fee_amount', 'transfer_data', 'discount');
    } else {
      const old = inv as any;
      assert.equal(old.application_fee_amount, 100);
      assert.deepEqual(old.transfer_data, { amount: 50, destination: 'acct_123' });
    }
    assert.deepEqual(plain(inv.shipping_details), {
      address: { city: 'Springfield', country: 'US', line1: '1 Main St', line2: null, postal_code: null, state: null },
      carrier: null, name: 'Jenny', phone: '555', tracking_number: null,
    });
    assert.equal(inv.statement_descriptor, 'KIT*ORDER');
    assert.equal(inv.on_behalf_of, 'acct_123');
    assert.deepEqual(inv.issuer, { type: 'self' });
    assert.deepEqual(inv.payment_settings.payment_method_types, ['card']);
    assert.equal(inv.automatic_tax.enabled, false);
    const d = (await stripe.invoices.retrieve(inv.id!, { expand: ['discounts'] })).discounts[0] as Stripe.Discount;
    assert.equal(d.id, inv.discounts[0]);
    assert.equal(d.invoice, inv.id);
    assert.equal(couponOf(d), coupon.id);
    if (CLOVER) {
      assert.deepEqual(d.source, { coupon: coupon.id, type: 'coupon' });
      lacks(d, 'coupon');
    } else {
      // Before 2025-09-30.clover a discount embeds its whole coupon and has no `source`.
      const embedded = (d as any).coupon;
      assert.deepEqual([embedded.object, embedded.id, embedded.percent_off, embedded.duration], ['coupon', coupon.id, 10, 'once']);
      lacks(d, 'source');
    }
    if (!BASIL) {
      // Before basil the invoice's single discount is also shown whole in `discount` (null only with several).
      const single = (inv as any).discount;
      assert.equal(single?.object, 'discount', 'invoice.discount holds the one discount');
      assert.equal(single.id, d.id);
      assert.equal(single.coupon.id, coupon.id);
    }
  });

  test('send_invoice needs days_until_due or due_date; charge_automatically takes neither', async () => {
    const c = await stripe.customers.create({});
    await rejects(stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice' }), {
      status: 400, param: 'days_until_due', code: 'parameter_missing', message: 'You must specify one of these parameters: days_until_due, due_date.',
    });
    const byDays = await stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 14 });
    assert.equal(byDays.due_date, null, 'due_date is set at finalization');
    await rejects(stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 1, due_date: now() + DAY }), {
      message: 'You may only specify one of these parameters: days_until_due, due_date.',
    });
    await rejects(stripe.invoices.create({ customer: c.id, days_until_due: 14 }), { status: 400, param: 'days_until_due' });
    await rejects(stripe.invoices.create({ customer: c.id, due_date: now() + DAY }), { status: 400, param: 'due_date' });
    await rejects(stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', due_date: now() - DAY }), {
      param: 'due_date', message: 'Invalid timestamp: must be an integer Unix timestamp in the future.',
    });
    assert.equal((await stripe.invoices.list({ customer: c.id })).data.length, 1, 'refused creates left nothing behind');
  });

  test('bad input names the param, and nothing is created', async () => {
    const c = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: c.id, amount: 100, currency: 'usd' });
    await rejects(stripe.invoices.create({} as any), { status: 400, param: 'customer', code: 'parameter_missing', message: 'Missing required param: customer.' });
    await rejects(stripe.invoices.create({ customer: 'cus_nope' }), { status: 400, param: 'customer', code: 'resource_missing', message: "No such customer: 'cus_nope'" });
    await rejects(stripe.invoices.create({ customer: c.id, subscription: 'sub_nope' }), { param: 'subscription', code: 'resource_missing' });
    await rejects(stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include_and_require' as any }), {
      param: 'pending_invoice_items_behavior', message: 'Invalid pending_invoice_items_behavior: must be one of exclude or include',
    });
    await rejects(stripe.invoices.create({ customer: c.id, collection_method: 'manual' as any }), { param: 'collection_method' });
    await rejects(stripe.invoices.create({ customer: c.id, default_tax_rates: ['txr_nope'] }), { param: 'default_tax_rates[0]', code: 'resource_missing' });
    await rejects(stripe.invoices.create({ customer: c.id, discounts: [{ coupon: 'NOPE' }] }), { param: 'discounts[0][coupon]', code: 'resource_missing' });
    await rejects(stripe.invoices.create({ customer: c.id, auto_advance: 'yes' as any }), { param: 'auto_advance', message: 'Invalid boolean: yes' });
    await rejects(stripe.invoices.create({ customer: c.id, days_until_due: -1, collection_method: 'send_invoice' }), { param: 'days_until_due' });
    await rejects(stripe.invoices.create({ customer: c.id, statement_descriptor: 'x'.repeat(23) }), { param: 'statement_descriptor' });
    await rejects(stripe.invoices.create({ customer: c.id, custom_fields: [{ name: 'a', value: 'b' }, { name: 'a', value: 'b' }, { name: 'a', value: 'b' }, { name: 'a', value: 'b' }, { name: 'a', value: 'b' }] }), { param: 'custom_fields' });
    await rejects(stripe.invoices.create({ customer: c.id, shipping_cost: { shipping_rate: 'shr_nope' } }), { param: 'shipping_cost[shipping_rate]', code: 'resource_missing' });
    await rejects(stripe.invoices.create({ customer: c.id, issuer: { type: 'account' } }), { param: 'issuer[account]', code: 'parameter_missing' });
    await rejects(stripe.invoices.create({ customer: c.id, automatic_tax: { enabled: true } }), { param: 'automatic_tax[enabled]' });
    await rejects(stripe.invoices.create({ customer: c.id, foo: 'bar' } as any), { param: 'foo', code: 'parameter_unknown', message: 'Received unknown parameter: foo' });
    await rejects(stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', default_payment_method: 'pm_nope' }), {
      param: 'default_payment_method', code: 'resource_missing',
    });
    // The last one would have pulled the pending item in: the rollback left it pending.
    assert.equal((await stripe.invoices.list({ customer: c.id })).data.length, 0);
    assert.equal((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data.length, 1);
  });

  test('a deleted customer cannot be invoiced', async () => {
    const c = await stripe.customers.create({});
    await stripe.customers.del(c.id);
    await rejects(stripe.invoices.create({ customer: c.id }), { status: 400, param: 'customer', code: 'resource_missing' });
  });
});

describe('invoices: retrieve', () => {
  test('lines: the first page of 10, has_more, and the lines url', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    const items: string[] = [];
    for (let i = 0; i < 12; i++) items.push((await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 100 + i, currency: 'usd' })).id);
    const got = await stripe.invoices.retrieve(inv.id!);
    assert.equal(got.lines.object, 'list');
    assert.equal(got.lines.data.length, 10);
    assert.equal(got.lines.has_more, true);
    assert.equal(got.lines.url, `/v1/invoices/${inv.id}/lines`);
    if (BASIL) lacks(got.lines, 'total_count');
    else assert.equal((got.lines as any).total_count, 12, 'before basil the embedded list counts all lines');
    // Items added after creation come oldest first.
    assert.deepEqual(got.lines.data.map(lineItemOf), items.slice(0, 10));
    assert.equal(got.subtotal, items.reduce((a, _, i) => a + 100 + i, 0));
    const rest = await stripe.invoices.listLineItems(inv.id!, { starting_after: got.lines.data[9].id });
    assert.deepEqual(rest.data.map(lineItemOf), items.slice(10));
    assert.equal(rest.has_more, false);
  });

  test('unknown ids are 404 resource_missing on id; other accounts see nothing', async () => {
    await rejects(stripe.invoices.retrieve('in_nope'), { status: 404, param: 'id', code: 'resource_missing', message: "No such invoice: 'in_nope'" });
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    const other = server.stripe(server.newKey());
    await rejects(other.invoices.retrieve(inv.id!), { status: 404 });
    assert.equal((await other.invoices.list()).data.length, 0);
    await rejects(stripe.invoices.retrieve(inv.id!, { foo: 1 } as any), { param: 'foo', code: 'parameter_unknown' });
  });

  test('expand: customer, discounts, lines.data.discounts; at most 4 levels', async () => {
    const c = await stripe.customers.create({ name: 'Exp' });
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'once' });
    const inv = await stripe.invoices.create({ customer: c.id, discounts: [{ coupon: coupon.id }] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 700, currency: 'usd', discounts: [{ coupon: coupon.id }] });
    const got = await stripe.invoices.retrieve(inv.id!, { expand: ['customer', 'discounts', 'lines.data.discounts'] });
    assert.equal((got.customer as Stripe.Customer).name, 'Exp');
    assert.equal((got.discounts[0] as Stripe.Discount).invoice, inv.id);
    assert.equal(couponOf(got.discounts[0] as Stripe.Discount), coupon.id);
    const lineDiscount = got.lines.data[0].discounts[0] as Stripe.Discount;
    assert.equal(lineDiscount.object, 'discount');
    assert.equal(lineDiscount.invoice_item, lineItemOf(got.lines.data[0]));
    assert.ok(lineDiscount.invoice_item);
    assert.equal(couponOf(lineDiscount), coupon.id);
    // Five levels, in a path that exists at the version: lines.data.pricing.price_details.price, or lines.data.price.product.x before basil.
    const tooDeep = BASIL ? 'lines.data.pricing.price_details.price' : 'lines.data.price.product.x';
    await rejects(stripe.invoices.retrieve(inv.id!, { expand: [tooDeep] }), {
      status: 400, message: 'You cannot expand more than 4 levels of a property.',
    });
  });
});

describe('invoices: update', () => {
  test('drafts are fully editable and totals follow', async () => {
    const c = await stripe.customers.create({});
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
    const coupon = await stripe.coupons.create({ amount_off: 100, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: 'usd' });
    const u = await stripe.invoices.update(inv.id!, {
      description: 'New memo', footer: 'F', metadata: { a: '1' }, default_tax_rates: [rate.id], discounts: [{ coupon: coupon.id }],
      collection_method: 'send_invoice', days_until_due: 7, custom_fields: [{ name: 'n', value: 'v' }], statement_descriptor: 'DESC', number: 'MY-1', account_tax_ids: ['txi_1'],
    });
    assert.equal(u.description, 'New memo');
    assert.equal(u.footer, 'F');
    assert.deepEqual(u.metadata, { a: '1' });
    assert.equal(u.collection_method, 'send_invoice');
    assert.equal(u.number, 'MY-1');
    assert.equal(u.subtotal, 1000);
    assert.deepEqual(u.total_discount_amounts!.map((d) => d.amount), [100]);
    assert.equal(u.total_excluding_tax, 900);
    assert.equal(u.total, 990);
    assert.equal(u.amount_due, 990);
    // Empty values unset what can be unset.
    const cleared = await stripe.invoices.update(inv.id!, { default_tax_rates: '' as any, discounts: '' as any, metadata: '' as any, custom_fields: '' as any, number: '' as any });
    assert.deepEqual(cleared.default_tax_rates, []);
    assert.deepEqual(cleared.discounts, []);
    assert.deepEqual(cleared.metadata, {});
    assert.equal(cleared.custom_fields, null);
    assert.equal(cleared.number, null);
    assert.equal(cleared.total, 1000);
    // Back to charge_automatically drops the due terms.
    const back = await stripe.invoices.update(inv.id!, { collection_method: 'charge_automatically' });
    assert.equal(back.due_date, null);
    await rejects(stripe.invoices.update(inv.id!, { collection_method: 'send_invoice' }), { param: 'days_until_due', code: 'parameter_missing' });
    await rejects(stripe.invoices.update(inv.id!, { due_date: now() + DAY }), { param: 'due_date' });
    await rejects(stripe.invoices.update(inv.id!, { customer: c.id } as any), { param: 'customer', code: 'parameter_unknown' });
    await rejects(stripe.invoices.update('in_nope', { description: 'x' }), { status: 404, param: 'id' });
  });

  test('the draft mirrors customer changes until finalization', async () => {
    const c = await stripe.customers.create({ name: 'Before', balance: -300 });
    const inv = await stripe.invoices.create({ customer: c.id });
    assert.equal(inv.starting_balance, -300);
    await stripe.customers.update(c.id, { name: 'After', balance: 200 });
    const u = await stripe.invoices.update(inv.id!, { description: 'touch' });
    assert.equal(u.customer_name, 'After');
    assert.equal(u.starting_balance, 200);
  });

  test('after finalization only the allowed fields change; anything else is refused and changes nothing', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 30 });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: 'usd' });
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    const ok = await stripe.invoices.update(inv.id!, {
      description: 'after', footer: 'ft', metadata: { x: 'y' }, custom_fields: [{ name: 'a', value: 'b' }], auto_advance: true,
      ...(RENDERING ? { rendering: { amount_tax_display: 'exclude_tax' } } : ({ rendering_options: { amount_tax_display: 'exclude_tax' } } as any)),
      shipping_details: { name: 'S', address: { line1: 'L' } }, statement_descriptor: 'LATE',
    });
    assert.equal(ok.description, 'after');
    if (RENDERING) assert.equal(ok.rendering?.amount_tax_display, 'exclude_tax');
    else assert.deepEqual((ok as any).rendering_options, { amount_tax_display: 'exclude_tax' });
    assert.equal(ok.shipping_details?.name, 'S');
    assert.equal(ok.statement_descriptor, 'LATE');
    assert.equal(ok.footer, 'ft');
    assert.deepEqual(ok.metadata, { x: 'y' });
    assert.equal(ok.auto_advance, true);
    assert.equal(ok.status, 'open');
    assert.equal(ok.total, 1000);
    const before = plain(await stripe.invoices.retrieve(inv.id!));
    const rate = await stripe.taxRates.create({ display_name: 'T', percentage: 5, inclusive: false });
    const refused: [Stripe.InvoiceUpdateParams, string][] = [
      [{ collection_method: 'charge_automatically' }, 'collection_method'],
      [{ days_until_due: 3 }, 'days_until_due'],
      [{ due_date: now() + DAY }, 'due_date'],
      [{ default_tax_rates: [rate.id] }, 'default_tax_rates'],
      [{ discounts: '' as any }, 'discounts'],
      [{ account_tax_ids: ['txi_2'] }, 'account_tax_ids'],
      [{ number: 'OTHER-1' }, 'number'],
    ];
    for (const [params, param] of refused) {
      await rejects(stripe.invoices.update(inv.id!, params), { status: 400, param, code: 'invoice_not_editable' });
    }
    // A refused request with an allowed field in it changes that field neither.
    await rejects(stripe.invoices.update(inv.id!, { description: 'no', collection_method: 'charge_automatically' }), { param: 'collection_method' });
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), before);
    assert.equal(open.number, before.number);
  });

  test('paid and void invoices: auto_advance cannot be turned on, metadata still can change', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(inv.id!);
    const paid = await stripe.invoices.pay(inv.id!, { paid_out_of_band: true });
    assert.equal(paid.auto_advance, false);
    await rejects(stripe.invoices.update(inv.id!, { auto_advance: true }), { status: 400, param: 'auto_advance' });
    const m = await stripe.invoices.update(inv.id!, { metadata: { note: 'paid by wire' } });
    assert.deepEqual(m.metadata, { note: 'paid by wire' });
    assert.equal(m.status, 'paid');
  });
});

describe('invoices: list', () => {
  test('newest first; filters customer, status, collection_method, created, due_date; paging both ways', async () => {
    const s = server.stripe(server.newKey());
    const a = await s.customers.create({});
    const b = await s.customers.create({});
    const due = now() + 10 * DAY;
    const i1 = await s.invoices.create({ customer: a.id });
    const i2 = await s.invoices.create({ customer: b.id, collection_method: 'send_invoice', due_date: due });
    const i3 = await s.invoices.create({ customer: a.id, collection_method: 'send_invoice', due_date: due + DAY });
    const i4 = await s.invoices.create({ customer: b.id });
    await s.invoiceItems.create({ customer: a.id, invoice: i3.id, amount: 1000, currency: 'usd' });
    await s.invoices.finalizeInvoice(i3.id!);
    await s.invoices.finalizeInvoice(i4.id!); // nothing to pay: paid at once
    const ids = (l: Stripe.ApiList<Stripe.Invoice>) => l.data.map((x) => x.id);

    const all = await s.invoices.list();
    assert.deepEqual(ids(all), [i4.id, i3.id, i2.id, i1.id]);
    assert.equal(all.url, '/v1/invoices');
    assert.equal(all.has_more, false);
    assert.deepEqual(ids(await s.invoices.list({ customer: a.id })), [i3.id, i1.id]);
    assert.deepEqual(ids(await s.invoices.list({ status: 'draft' })), [i2.id, i1.id]);
    assert.deepEqual(ids(await s.invoices.list({ status: 'open' })), [i3.id]);
    assert.deepEqual(ids(await s.invoices.list({ status: 'paid' })), [i4.id]);
    assert.deepEqual(ids(await s.invoices.list({ status: 'void' })), []);
    assert.deepEqual(ids(await s.invoices.list({ collection_method: 'send_invoice' })), [i3.id, i2.id]);
    assert.deepEqual(ids(await s.invoices.list({ collection_method: 'charge_automatically', customer: b.id })), [i4.id]);
    assert.deepEqual(ids(await s.invoices.list({ due_date: due })), [i2.id]);
    assert.deepEqual(ids(await s.invoices.list({ due_date: { gt: due } })), [i3.id]);
    assert.deepEqual(ids(await s.invoices.list({ due_date: { gte: due, lte: due + DAY } })), [i3.id, i2.id]);
    assert.deepEqual(ids(await s.invoices.list({ created: { gte: i1.created } })), ids(all));
    assert.deepEqual(ids(await s.invoices.list({ created: { lt: i1.created } })), []);
    assert.deepEqual(ids(await s.invoices.list({ subscription: 'sub_123' })), []);

    const p1 = await s.invoices.list({ limit: 3 });
    assert.deepEqual(ids(p1), [i4.id, i3.id, i2.id]);
    assert.equal(p1.has_more, true);
    const p2 = await s.invoices.list({ limit: 3, starting_after: i2.id });
    assert.deepEqual(ids(p2), [i1.id]);
    assert.equal(p2.has_more, false);
    const back = await s.invoices.list({ limit: 2, ending_before: i1.id });
    assert.deepEqual(ids(back), [i3.id, i2.id]);
    assert.equal(back.has_more, true);
    const seen: string[] = [];
    for await (const inv of s.invoices.list({ limit: 1 })) seen.push(inv.id!);
    assert.deepEqual(seen, ids(all));

    // Each listed invoice carries its first page of lines.
    const listed = (await s.invoices.list({ customer: a.id })).data[0];
    assert.equal(listed.lines.data.length, 1);
    assert.equal(listed.lines.url, `/v1/invoices/${i3.id}/lines`);
    const exp = await s.invoices.list({ limit: 1, expand: ['data.customer'] });
    assert.equal((exp.data[0].customer as Stripe.Customer).object, 'customer');

    await rejects(s.invoices.list({ status: 'deleted' as any }), { param: 'status' });
    await rejects(s.invoices.list({ limit: 0 }), { param: 'limit' });
    await rejects(s.invoices.list({ starting_after: 'in_nope' }), { param: 'starting_after', code: 'resource_missing' });
    await rejects(s.invoices.list({ due_date: { after: 1 } as any }), { param: 'due_date[after]' });
  });
});

describe('invoices: delete', () => {
  test('a draft is deleted; its items go back to pending; it is gone afterwards', async () => {
    const c = await stripe.customers.create({});
    const ii = await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    const added = await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 50, currency: 'usd' });
    const lineId = inv.lines.data[0].id;
    assert.deepEqual(await stripe.invoices.del(inv.id!), { id: inv.id, object: 'invoice', deleted: true });
    await rejects(stripe.invoices.retrieve(inv.id!), { status: 404, param: 'id', code: 'resource_missing' });
    await rejects(stripe.invoices.del(inv.id!), { status: 404 });
    await rejects(stripe.invoices.listLineItems(inv.id!), { status: 404 });
    assert.equal((await stripe.invoiceItems.retrieve(ii.id)).invoice, null);
    assert.equal((await stripe.invoiceItems.retrieve(added.id)).invoice, null);
    assert.equal((await stripe.invoices.list({ customer: c.id })).data.length, 0);
    // The items are billable again, on a new invoice, with new line rows.
    const next = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.equal(next.total, 1050);
    assert.ok(next.lines.data.some((l) => l.id === lineId));
    // Lines name their invoice at every version (added without a breaking change).
    const linesShown = next.lines.data;
    assert.deepEqual(linesShown.map((l) => l.id), next.lines.data.map((l) => l.id));
    assert.ok(linesShown.every((l) => l.invoice === next.id));
  });

  test('only drafts can be deleted', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(inv.id!);
    const before = plain(await stripe.invoices.retrieve(inv.id!));
    await rejects(stripe.invoices.del(inv.id!), { status: 400, message: /draft/ });
    await stripe.invoices.voidInvoice(inv.id!);
    await rejects(stripe.invoices.del(inv.id!), { status: 400, message: /draft/ });
    assert.equal((await stripe.invoices.retrieve(inv.id!)).number, before.number);
  });
});
