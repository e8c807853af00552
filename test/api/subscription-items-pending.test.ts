// `DELETE /v1/subscription_items/:id` with `payment_behavior=pending_if_incomplete` (Stripe
// changelog 2026-02-25.clover, "payment behavior control for subscription item deletion"): the
// deletion is staged as a pending update only when it makes an invoice that needs payment. A
// deletion's own invoice is a credit, which needs none, so the item goes at once; the parameter
// is accepted, where it used to be refused. Through /v1/subscriptions, `items[][deleted]` stays
// outside what pending updates take (Stripe's pending updates reference lists price and quantity).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, DAY, T0 } from '../helpers/clocked-world.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('deleting a subscription item with pending_if_incomplete', () => {
  test('the deletion needs no payment: the item goes at once, its credit invoiced, no pending update', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, product, price } = await clockedWorld(stripe, { amount: 3100 });
    const extra = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 6200, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }, { price: extra.id }] });
    // A card that declines from now on: nothing here may need it.
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const half = T0 + (31 * DAY) / 2;
    await advanceClock(stripe, clock.id, half);
    const gone = sub.items.data.find((i) => i.price.id === extra.id)!;
    const deleted = await stripe.subscriptionItems.del(gone.id, { payment_behavior: 'pending_if_incomplete', proration_behavior: 'always_invoice', proration_date: half } as any);
    assert.deepEqual(deleted, { id: gone.id, object: 'subscription_item', deleted: true });
    const after = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(after.pending_update, null);
    assert.deepEqual(after.items.data.map((i) => i.price.id), [price.id]);
    assert.equal(after.status, 'active');
    // Half a month of 6200 credited.
    const credit = await stripe.invoices.retrieve(after.latest_invoice as string);
    assert.equal(credit.total, -3100);
    assert.equal(credit.status, 'paid');
    await assert.rejects(stripe.subscriptionItems.retrieve(gone.id), (err: any) => err.statusCode === 404);
  });

  test('through /v1/subscriptions, items[][deleted] with pending_if_incomplete is still refused, nothing changed', async () => {
    const { stripe } = server.fresh();
    const { customer, product, price } = await clockedWorld(stripe, { amount: 3100 });
    const extra = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 6200, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }, { price: extra.id }] });
    await assert.rejects(
      stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[1].id, deleted: true }], payment_behavior: 'pending_if_incomplete' }),
      (err: any) => err.statusCode === 400 && err.param === 'items[0][deleted]',
    );
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data.length, 2);
  });
});
