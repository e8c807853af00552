// `add_invoice_items` on a subscription update (it was refused): "invoice items appended to the
// next invoice for this subscription". They wait, pending for the subscription, for the next
// renewal; an update that invoices at once takes them (classic `always_invoice`), while flexible
// mode leaves them pending even then (Stripe's pending updates page).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, DAY, FEB1, HOUR, T0, invoicesOf } from '../helpers/clocked-world.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function world(stripe: Stripe, mode: 'classic' | 'flexible') {
  const w = await clockedWorld(stripe, { amount: 3100 });
  const setup = await stripe.prices.create({ product: w.product.id, currency: 'usd', unit_amount: 500 });
  const sub = await stripe.subscriptions.create({ customer: w.customer.id, items: [{ price: w.price.id }], billing_mode: { type: mode } } as any);
  return { ...w, setup, sub };
}

const pendingOf = async (stripe: Stripe, customer: string) => (await stripe.invoiceItems.list({ customer, pending: true } as any)).data;

describe('add_invoice_items on update', () => {
  test('pending for the subscription, then on its next renewal', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, setup, sub } = await world(stripe, 'classic');
    const updated = await stripe.subscriptions.update(sub.id, { add_invoice_items: [{ price: setup.id, quantity: 2 }] });
    assert.equal(updated.latest_invoice, sub.latest_invoice, 'no invoice now');
    const pending = await pendingOf(stripe, customer.id);
    assert.equal(pending.length, 1);
    assert.equal(pending[0].amount, 1000);
    assert.equal((pending[0] as any).subscription ?? (pending[0] as any).parent?.subscription_details?.subscription, sub.id);
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const renewal = (await invoicesOf(stripe, customer.id)).at(-1)!;
    assert.equal(renewal.billing_reason, 'subscription_cycle');
    assert.equal(renewal.total, 3100 + 1000);
    assert.equal((await pendingOf(stripe, customer.id)).length, 0);
  });

  test('classic always_invoice: invoiced at once, even with no proration', async () => {
    const { stripe } = server.fresh();
    const { customer, setup, sub } = await world(stripe, 'classic');
    const updated = await stripe.subscriptions.update(sub.id, { add_invoice_items: [{ price: setup.id }], proration_behavior: 'always_invoice' });
    assert.notEqual(updated.latest_invoice, sub.latest_invoice);
    const inv = await stripe.invoices.retrieve(updated.latest_invoice as string);
    assert.equal(inv.billing_reason, 'subscription_update');
    assert.equal(inv.total, 500);
    assert.equal(inv.status, 'paid');
    assert.equal((await pendingOf(stripe, customer.id)).length, 0);
  });

  test('flexible always_invoice: the prorations are invoiced, the added items stay pending', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, setup, sub } = await world(stripe, 'flexible');
    const half = T0 + (31 * DAY) / 2;
    await advanceClock(stripe, clock.id, half);
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, quantity: 2 }], proration_behavior: 'always_invoice', proration_date: half, add_invoice_items: [{ price: setup.id }],
    });
    const inv = await stripe.invoices.retrieve(updated.latest_invoice as string);
    // Half a month of a second seat: 3100 × ½.
    assert.equal(inv.total, 1550);
    const pending = await pendingOf(stripe, customer.id);
    assert.deepEqual(pending.map((i) => i.amount), [500]);
  });

  test('an added item needs a price or price_data: refused, nothing added', async () => {
    const { stripe } = server.fresh();
    const { customer, sub } = await world(stripe, 'classic');
    await assert.rejects(stripe.subscriptions.update(sub.id, { add_invoice_items: [{ quantity: 1 }] } as any), (err: any) => err.statusCode === 400 && err.param === 'add_invoice_items[0]');
    assert.equal((await pendingOf(stripe, customer.id)).length, 0);
  });
});
