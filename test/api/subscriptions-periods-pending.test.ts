// `pending_invoice_item_interval`, through the SDK on a test clock: between renewals the
// subscription's pending invoice items are invoiced at that interval
// (`billing_reason: automatic_pending_invoice_item_invoice`), nothing pending makes no invoice,
// and the interval can be changed, cleared, and is at most a year.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { DAY, HOUR, T0 } from '../helpers/clocked-world.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const WEEK = 7 * DAY;

const invoicesOf = async (stripe: Stripe, customer: string) => (await stripe.invoices.list({ customer, limit: 100 })).data.reverse();

describe('pending_invoice_item_interval', () => {
  test('weekly: the pending items are invoiced each week between renewals, finalized and paid an hour later', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await stripe.customers.create({ test_clock: clock.id, name: 'Weekly' } as any);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const product = await stripe.products.create({ name: 'Seat' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 3100, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], pending_invoice_item_interval: { interval: 'week' } });
    assert.deepEqual(sub.pending_invoice_item_interval, { interval: 'week', interval_count: 1 });
    assert.equal(sub.next_pending_invoice_item_invoice, T0 + WEEK);

    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', subscription: sub.id } as any);
    await advanceClock(stripe, clock.id, T0 + WEEK + 2 * HOUR);
    let invs = await invoicesOf(stripe, customer.id);
    assert.deepEqual(invs.map((i) => i.billing_reason), ['subscription_create', 'automatic_pending_invoice_item_invoice']);
    assert.equal(invs[1].created, T0 + WEEK);
    assert.equal(invs[1].total, 500);
    assert.equal(invs[1].status, 'paid');
    let now = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(now.next_pending_invoice_item_invoice, T0 + 2 * WEEK);
    assert.equal(now.latest_invoice, invs[1].id);

    // Nothing pending in the second week: no invoice. A quantity change then prorates (at
    // T0 + 14 d + 2 h, 17 d − 2 h of 31 d left): credit 3100 × 1,461,600/2,678,400 = 1691.67 → −1692,
    // charge 6200 × the same = 3383.33 → 3383; the third week's invoice bills them: 1691.
    await advanceClock(stripe, clock.id, T0 + 2 * WEEK + 2 * HOUR);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 2);
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 2 }] });
    await advanceClock(stripe, clock.id, T0 + 3 * WEEK + 2 * HOUR);
    invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 3);
    assert.equal(invs[2].billing_reason, 'automatic_pending_invoice_item_invoice');
    assert.deepEqual(invs[2].lines.data.map((l) => l.amount), [-1692, 3383]);
    assert.equal(invs[2].total, 1691);

    // Cleared: no more interval invoices.
    now = await stripe.subscriptions.update(sub.id, { pending_invoice_item_interval: '' } as any);
    assert.equal(now.pending_invoice_item_interval, null);
    assert.equal(now.next_pending_invoice_item_invoice, null);
    await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd', subscription: sub.id } as any);
    await advanceClock(stripe, clock.id, T0 + 4 * WEEK + 2 * HOUR);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 3);
  });

  test('at most one year; set on update, counted from then', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await stripe.customers.create({ test_clock: clock.id } as any);
    const product = await stripe.products.create({ name: 'Seat' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
    assert.equal(sub.pending_invoice_item_interval, null);
    for (const bad of [{ interval: 'month', interval_count: 13 }, { interval: 'week', interval_count: 53 }, { interval: 'year', interval_count: 2 }] as const)
      await assert.rejects(stripe.subscriptions.update(sub.id, { pending_invoice_item_interval: bad }), (err: any) => {
        assert.equal(err.statusCode, 400);
        assert.equal(err.param, 'pending_invoice_item_interval[interval_count]');
        return true;
      });
    await advanceClock(stripe, clock.id, T0 + DAY);
    const set = await stripe.subscriptions.update(sub.id, { pending_invoice_item_interval: { interval: 'day', interval_count: 3 } });
    assert.deepEqual(set.pending_invoice_item_interval, { interval: 'day', interval_count: 3 });
    assert.equal(set.next_pending_invoice_item_invoice, T0 + 4 * DAY);
  });
});
