// Previews of subscription changes: create_preview with `subscription_details` (and, before
// 2025-03-31.basil, GET /v1/invoices/upcoming with the flat `subscription_*` parameters) shows
// exactly the prorations and totals the real update then makes with the same proration_date, and
// keeps nothing; a customer with `subscription_details.items` previews a new subscription's first
// invoice; and DELETE /v1/subscriptions/:id/discount. Amounts are hand-computed in the comments.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, HOUR, DAY, T0, FEB1, MAR1, invoicesOf } from '../helpers/clocked-world.ts';
import { BASIL, before as versionBefore } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const OLD = '2023-08-16';

const world = (stripe: Stripe, amount: number) => clockedWorld(stripe, { amount, name: 'Previewed' });

const isProration = (l: any): boolean => (BASIL ? (l.parent?.subscription_item_details?.proration ?? false) : l.proration);
const pendingOf = async (stripe: Stripe, customer: string) => ((await stripe.invoiceItems.list({ customer, pending: true } as any)).data as any[]).reverse();
/** What a line or invoice item shows of a proration, to compare the two. */
const shape = (x: any) => ({ amount: x.amount, description: x.description, period: x.period });

describe('create_preview with subscription_details', () => {
  test('a quantity change: the preview shows the very prorations the update then makes, and the renewal its total', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // 15.5 of 31 days left: 1 × 3100 × ½ = 1550 credited, 2 × 3100 × ½ = 3100 charged.
    const half = T0 + (31 * DAY) / 2;
    await advanceClock(stripe, clock.id, half);
    const change = { items: [{ id: sub.items.data[0].id, quantity: 2 }], proration_date: half };
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: change });
    assert.equal(preview.billing_reason, 'upcoming');
    assert.equal(preview.status, 'draft');
    assert.match(preview.id, /^upcoming_in_/);
    // The renewal on February 1st: 2 × 3100 for February plus the prorations.
    assert.equal(preview.total, 6200 - 1550 + 3100);
    assert.deepEqual(preview.lines.data.map((l: any) => l.amount), [6200, -1550, 3100]);
    assert.deepEqual(preview.lines.data[0].period, { start: FEB1, end: MAR1 });
    assert.equal(BASIL ? preview.parent.subscription_details.subscription_proration_date : preview.subscription_proration_date, half);
    const previewed = preview.lines.data.filter(isProration).map(shape);
    assert.equal(previewed.length, 2);
    // Nothing kept.
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity, 1);
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 1);

    await stripe.subscriptions.update(sub.id, change);
    assert.deepEqual((await pendingOf(stripe, customer.id)).map(shape), previewed);
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const cycle = (await invoicesOf(stripe, customer.id))[1];
    assert.equal(cycle.billing_reason, 'subscription_cycle');
    assert.equal(cycle.total, preview.total);
    assert.deepEqual(cycle.lines.data.map((l) => l.amount), preview.lines.data.map((l: any) => l.amount));
  });

  test('always_invoice: the preview is the invoice the update bills at once', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price, product } = await world(stripe, 1000);
    const bigger = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const at = T0 + 10 * DAY;
    await advanceClock(stripe, clock.id, at);
    // 21 of 31 days left: 1000 × 21/31 = 677.4 → −677; 2000 × 21/31 = 1354.8 → 1355.
    const change = { items: [{ id: sub.items.data[0].id, price: bigger.id }], proration_behavior: 'always_invoice' as const, proration_date: at };
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: change });
    assert.equal(preview.status, 'draft');
    assert.deepEqual(preview.lines.data.map((l: any) => l.amount), [-677, 1355]);
    assert.equal(preview.total, 678);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id, price.id);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 1);

    const updated = await stripe.subscriptions.update(sub.id, { ...change, expand: ['latest_invoice'] });
    const inv = updated.latest_invoice as Stripe.Invoice;
    assert.equal(inv.total, preview.total);
    assert.deepEqual(inv.lines.data.map(shape), preview.lines.data.map(shape));
  });

  test('an item deleted and one added by price_data: the same prorations as the update, by the same code', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price, product } = await world(stripe, 1000);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const at = T0 + 10 * DAY;
    await advanceClock(stripe, clock.id, at);
    // 21 of 31 days: −677 for the deleted item, 2000 × 21/31 = 1354.8 → 1355 for the added one.
    const change = {
      items: [{ id: sub.items.data[0].id, deleted: true }, { price_data: { currency: 'usd', product: product.id, unit_amount: 2000, recurring: { interval: 'month' as const } } }],
      proration_date: at,
    };
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: change });
    const previewed = preview.lines.data.filter(isProration).map((l: any) => l.amount);
    assert.deepEqual(previewed, [-677, 1355]);
    // The renewal: the new item's whole February (2000), plus the prorations.
    assert.equal(preview.total, 2000 - 677 + 1355);
    await stripe.subscriptions.update(sub.id, change);
    assert.deepEqual((await pendingOf(stripe, customer.id)).map((i) => i.amount), previewed);
  });

  test('billing_cycle_anchor=now: the unused time credited and a whole new period billed, as the update does', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 1000);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const at = T0 + 10 * DAY;
    await advanceClock(stripe, clock.id, at);
    // −677 for the 21 unused days, +1000 for the month from now.
    const change = { billing_cycle_anchor: 'now' as any, proration_date: at };
    // Since 2026-09-30.endive the preview and the update take the anchor as `{ type }` (as the newest SDK sends it).
    const anchor = versionBefore('2026-09-30.endive') ? 'now' : { type: 'now' };
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { ...change, billing_cycle_anchor: anchor as any } });
    assert.deepEqual(preview.lines.data.map((l: any) => l.amount).sort((a: number, b: number) => a - b), [-677, 1000]);
    assert.equal(preview.total, 323);
    const updated = await stripe.subscriptions.update(sub.id, { ...change, billing_cycle_anchor: anchor as any, expand: ['latest_invoice'] });
    assert.equal((updated.latest_invoice as Stripe.Invoice).total, 323);
  });

  test('trial_end=now on a trialing subscription: the first paid period billed at once, as the update does', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14 });
    assert.equal(sub.status, 'trialing');
    await advanceClock(stripe, clock.id, T0 + 3 * DAY);
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { trial_end: 'now' } });
    // A whole month from now, no proration of a trial.
    assert.deepEqual(preview.lines.data.map((l: any) => [l.amount, l.period.start]), [[3100, T0 + 3 * DAY]]);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'trialing');
    const updated = await stripe.subscriptions.update(sub.id, { trial_end: 'now', expand: ['latest_invoice'] });
    assert.equal((updated.latest_invoice as Stripe.Invoice).total, preview.total);
    assert.equal(updated.status, 'active');
  });

  test('cancel_now previews the final invoice: the unused time credited', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 1000);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { cancel_now: true } });
    assert.deepEqual(preview.lines.data.map((l: any) => l.amount), [-677]);
    assert.equal(preview.total, -677);
    assert.equal(preview.amount_due, 0);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });

  test('resume_at=now on a paused subscription previews the resumption invoice, as the resume then bills it', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_mode: { type: 'flexible' } } as any);
    await stripe.subscriptions.pause(sub.id, { bill_for: { unused_time_from: { type: 'none' } } } as any);
    await advanceClock(stripe, clock.id, T0 + 40 * DAY);
    const preview: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { resume_at: 'now' } });
    // A whole month from the resume time.
    assert.deepEqual(preview.lines.data.map((l: any) => [l.amount, l.period.start]), [[3100, T0 + 40 * DAY]]);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'paused');
    const resumed = await stripe.subscriptions.resume(sub.id);
    assert.equal((await stripe.invoices.retrieve(resumed.latest_invoice as string)).total, preview.total);
  });

  test('cancel_at_period_end: nothing would renew', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, 1000);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const err: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { cancel_at_period_end: true } }).catch((e) => e);
    assert.equal(err.statusCode, 404);
    assert.equal(err.code, 'invoice_upcoming_none');
  });

  test("a customer with subscription_details.items previews a new subscription's first invoice, creating nothing", async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, 3100);
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
    const preview: any = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 2 }], default_tax_rates: [rate.id] },
    });
    // 2 × 3100 for January, 10 % tax on top.
    assert.equal(preview.subtotal, 6200);
    assert.equal(preview.total, 6820);
    assert.deepEqual(preview.lines.data[0].period, { start: T0, end: FEB1 });
    assert.equal(preview.status, 'draft');
    assert.deepEqual((await stripe.subscriptions.list({ customer: customer.id })).data, []);
    assert.deepEqual(await invoicesOf(stripe, customer.id), []);
    // With a trial: a free first invoice.
    const trial: any = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id }], trial_end: T0 + 7 * DAY } });
    assert.equal(trial.total, 0);
  });

  test('bad input: an unknown item, a foreign customer, proration_date outside the period', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, 1000);
    const other = await stripe.customers.create();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const e1: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { items: [{ id: 'si_nope', quantity: 2 }] } }).catch((e) => e);
    assert.equal(e1.statusCode, 400);
    assert.equal(e1.code, 'resource_missing');
    assert.equal(e1.param, 'subscription_details[items][0][id]');
    const e2: any = await stripe.invoices.createPreview({ subscription: sub.id, customer: other.id }).catch((e) => e);
    assert.equal(e2.statusCode, 400);
    assert.equal(e2.param, 'customer');
    const e3: any = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { proration_date: T0 - DAY, items: [{ id: sub.items.data[0].id, quantity: 2 }] } }).catch((e) => e);
    assert.equal(e3.statusCode, 400);
    assert.equal(e3.param, 'subscription_details[proration_date]');
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity, 1);
  });
});

describe('GET /v1/invoices/upcoming with subscription what-if parameters (before 2025-03-31.basil)', () => {
  test('the flat subscription_* parameters, subscription_details, and both together refused', async () => {
    const { stripe, key } = server.fresh();
    const { clock, customer, price } = await world(stripe, 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const half = T0 + (31 * DAY) / 2;
    await advanceClock(stripe, clock.id, half);
    const get = (q: string) => server.http('GET', `/v1/invoices/upcoming${q}`, { key, headers: { 'stripe-version': OLD } });
    const item = sub.items.data[0].id;
    const flat = await get(`?subscription=${sub.id}&subscription_items[0][id]=${item}&subscription_items[0][quantity]=2&subscription_proration_date=${half}`);
    assert.equal(flat.status, 200, flat.text);
    assert.equal('id' in flat.json, false);
    assert.equal(flat.json.total, 6200 - 1550 + 3100);
    assert.deepEqual(flat.json.lines.data.map((l: any) => [l.amount, l.proration]), [[6200, false], [-1550, true], [3100, true]]);
    const details = await get(`?subscription=${sub.id}&subscription_details[items][0][id]=${item}&subscription_details[items][0][quantity]=2&subscription_details[proration_date]=${half}`);
    assert.equal(details.status, 200, details.text);
    assert.equal(details.json.total, flat.json.total);
    const lines = await server.http('GET', `/v1/invoices/upcoming/lines?subscription=${sub.id}&subscription_items[0][id]=${item}&subscription_items[0][quantity]=2&limit=2`, { key, headers: { 'stripe-version': OLD } });
    assert.equal(lines.status, 200, lines.text);
    assert.equal(lines.json.data.length, 2);
    assert.equal(lines.json.has_more, true);
    const both = await get(`?subscription=${sub.id}&subscription_proration_behavior=none&subscription_details[proration_behavior]=none`);
    assert.equal(both.status, 400);
    // Errors name the parameter the client sent.
    const bad = await get(`?subscription=${sub.id}&subscription_proration_behavior=sometimes`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.param, 'subscription_proration_behavior');
    // Nothing kept.
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity, 1);
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
  });
});

describe('DELETE /v1/subscriptions/:id/discount', () => {
  test("removes the subscription's discount, answers it deleted, sends customer.discount.deleted; again is a 404", async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, 1000);
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    assert.equal(sub.discounts.length, 1);
    const deleted = await stripe.subscriptions.deleteDiscount(sub.id);
    assert.equal(deleted.deleted, true);
    assert.equal(deleted.object, 'discount');
    assert.equal(deleted.id, sub.discounts[0]);
    assert.deepEqual((await stripe.subscriptions.retrieve(sub.id)).discounts, []);
    const types = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    assert.ok(types.includes('customer.discount.deleted'));
    const again: any = await stripe.subscriptions.deleteDiscount(sub.id).catch((e) => e);
    assert.equal(again.statusCode, 404);
    assert.equal(again.code, 'resource_missing');
  });
});
