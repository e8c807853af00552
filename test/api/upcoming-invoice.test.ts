// GET /v1/invoices/upcoming and /upcoming/lines: removed in 2025-03-31.basil, so these
// tests speak 2023-08-16 whatever version the rest of the run uses (the stripe package
// dropped retrieveUpcoming with basil, so they go through raw HTTP).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { LATEST } from '../../src/versions/registry.ts';

const OLD = '2023-08-16';
let server: TestServer;
let key: string;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  key = server.newKey();
  stripe = server.stripe(key, { apiVersion: OLD as any });
});
after(() => server.close());

const get = (path: string, version = OLD) => server.http('GET', path, { key, headers: { 'stripe-version': version } });

describe('GET /v1/invoices/upcoming (before 2025-03-31.basil)', () => {
  test("the customer's pending items, computed like a draft, without an id and not saved", async () => {
    const c = await stripe.customers.create({ name: 'Next' });
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const a = await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd', tax_rates: [rate.id] });
    const b = await stripe.invoiceItems.create({ customer: c.id, amount: 505, currency: 'usd' });
    const res = await get(`/v1/invoices/upcoming?customer=${c.id}`);
    assert.equal(res.status, 200, res.text);
    const inv = res.json;
    assert.equal('id' in inv, false);
    assert.equal(inv.object, 'invoice');
    assert.equal(inv.status, 'draft');
    assert.equal(inv.billing_reason, 'upcoming');
    assert.equal(inv.customer, c.id);
    assert.equal(inv.subtotal, 1505);
    assert.equal(inv.tax, 200);
    assert.equal(inv.total, 1705);
    assert.deepEqual(inv.total_tax_amounts.map((t: any) => [t.amount, t.tax_rate, t.inclusive]), [[200, rate.id, false]]);
    assert.equal(inv.lines.url, `/v1/invoices/upcoming/lines?customer=${c.id}`);
    assert.equal(inv.lines.total_count, 2);
    // Lines are named after the items they show, so they are the same from one call to the next.
    assert.deepEqual(inv.lines.data.map((l: any) => l.invoice_item).sort(), [a.id, b.id].sort());
    for (const l of inv.lines.data) {
      assert.equal(l.id, `il_tmp_${l.invoice_item.slice(3)}`);
      assert.equal(l.type, 'invoiceitem');
    }
    // Nothing was saved: no invoice exists and the items are still pending.
    assert.equal((await stripe.invoices.list({ customer: c.id })).data.length, 0);
    assert.equal((await stripe.invoiceItems.retrieve(a.id)).invoice, null);
  });

  test('invoice_items and coupon preview changes on top of the pending items', async () => {
    const c = await stripe.customers.create({});
    const pending = await stripe.invoiceItems.create({ customer: c.id, amount: 2000, currency: 'usd' });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
    const product = await stripe.products.create({ name: 'Seat' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 300, currency: 'usd' });
    const q = [
      `customer=${c.id}`,
      `coupon=${coupon.id}`,
      'invoice_items[0][amount]=500',
      'invoice_items[0][currency]=usd',
      'invoice_items[0][description]=Extra',
      `invoice_items[1][price]=${price.id}`,
      'invoice_items[1][quantity]=2',
      `invoice_items[2][invoiceitem]=${pending.id}`,
      'invoice_items[2][amount]=2500',
    ].join('&');
    const res = await get(`/v1/invoices/upcoming?${q}`);
    assert.equal(res.status, 200, res.text);
    const inv = res.json;
    assert.equal(inv.subtotal, 2500 + 500 + 600);
    assert.equal(inv.total, 3600 - 360);
    assert.equal(inv.discount.coupon.id, coupon.id);
    assert.deepEqual(inv.total_discount_amounts.map((d: any) => d.amount), [360]);
    const byPrice = inv.lines.data.find((l: any) => l.price?.id === price.id);
    assert.equal(byPrice.amount, 600);
    // The pending item itself is unchanged, and nothing else was created.
    assert.equal((await stripe.invoiceItems.retrieve(pending.id)).amount, 2000);
    assert.equal((await stripe.invoiceItems.list({ customer: c.id })).data.length, 1);
  });

  test('errors: no customer, nothing to invoice, subscriptions, new parameters', async () => {
    const c = await stripe.customers.create({});
    let res = await get('/v1/invoices/upcoming');
    assert.equal(res.status, 400);
    assert.equal(res.json.error.param, 'customer');
    res = await get(`/v1/invoices/upcoming?customer=${c.id}`);
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'invoice_upcoming_none');
    assert.equal(res.json.error.message, `No upcoming invoices for customer: ${c.id}`);
    res = await get(`/v1/invoices/upcoming?customer=${c.id}&subscription=sub_nope`);
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'resource_missing');
    assert.equal(res.json.error.param, 'subscription');
    // The what-if parameters preview a new subscription (subscription-previews.test.ts); errors name them as sent.
    res = await get(`/v1/invoices/upcoming?customer=${c.id}&subscription_items[0][price]=price_x`);
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'resource_missing');
    assert.equal(res.json.error.param, 'subscription_items[0][price]');
    res = await get(`/v1/invoices/upcoming?customer=${c.id}&invoice_items[0][pricing][price]=price_x`);
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'parameter_unknown');
    assert.equal(res.json.error.param, 'invoice_items[0][pricing]');
    res = await get(`/v1/invoices/upcoming?customer=${c.id}&preview_mode=next`);
    assert.equal(res.json.error.code, 'parameter_unknown');
  });

  test('is an unrecognized URL from 2025-03-31.basil on', async () => {
    const c = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: c.id, amount: 100, currency: 'usd' });
    for (const version of ['2025-03-31.basil', LATEST]) {
      for (const path of [`/v1/invoices/upcoming?customer=${c.id}`, `/v1/invoices/upcoming/lines?customer=${c.id}`, '/v1/invoices/upcoming?bogus=1']) {
        const res = await get(path, version);
        assert.equal(res.status, 404, `${version} ${path}`);
        assert.match(res.json.error.message, /^Unrecognized request URL \(GET: \/v1\/invoices\/upcoming/);
      }
    }
    const last = await get(`/v1/invoices/upcoming?customer=${c.id}`, '2025-02-24.acacia');
    assert.equal(last.status, 200, last.text);
  });
});

describe('GET /v1/invoices/upcoming/lines (before 2025-03-31.basil)', () => {
  test('pages through the preview lines with the cursors of earlier pages', async () => {
    const c = await stripe.customers.create({});
    for (let i = 1; i <= 7; i++) await stripe.invoiceItems.create({ customer: c.id, amount: i * 100, currency: 'usd' });
    const whole = (await get(`/v1/invoices/upcoming/lines?customer=${c.id}&limit=100`)).json;
    assert.equal(whole.object, 'list');
    assert.equal(whole.data.length, 7);
    assert.equal(whole.has_more, false);
    assert.equal(whole.url, `/v1/invoices/upcoming/lines?customer=${c.id}`);
    const ids = whole.data.map((l: any) => l.id);
    const first = (await get(`/v1/invoices/upcoming/lines?customer=${c.id}&limit=3`)).json;
    assert.deepEqual(first.data.map((l: any) => l.id), ids.slice(0, 3));
    assert.equal(first.has_more, true);
    const second = (await get(`/v1/invoices/upcoming/lines?customer=${c.id}&limit=3&starting_after=${ids[2]}`)).json;
    assert.deepEqual(second.data.map((l: any) => l.id), ids.slice(3, 6));
    assert.equal(second.has_more, true);
    const last = (await get(`/v1/invoices/upcoming/lines?customer=${c.id}&limit=3&starting_after=${ids[5]}`)).json;
    assert.deepEqual(last.data.map((l: any) => l.id), ids.slice(6));
    assert.equal(last.has_more, false);
    const back = (await get(`/v1/invoices/upcoming/lines?customer=${c.id}&limit=2&ending_before=${ids[5]}`)).json;
    assert.deepEqual(back.data.map((l: any) => l.id), ids.slice(3, 5));
    assert.equal(back.has_more, true);
    const res = await get(`/v1/invoices/upcoming/lines?customer=${c.id}&starting_after=il_tmp_nope`);
    assert.equal(res.status, 400);
    assert.equal(res.json.error.param, 'starting_after');
  });
});
