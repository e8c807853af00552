// Rules of objects on a test clock beyond their dates: events about them carry the clock's time
// in `created`; while the clock is advancing, changes to it and to what its customers own are
// refused until it is `ready`; a test card's refund settles in the customer's clock time (on an
// advance), not the server's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock, clockReady } from '../helpers/test-clocks.ts';
import { workEnv } from '../../src/app.ts';
import { authenticate } from '../../src/http/auth.ts';
import { systemClock } from '../../src/http/context.ts';
import { startAdvance } from '../../src/resources/test-clocks/service.ts';
import { driveAdvance } from '../../src/resources/test-clocks/advance.ts';
import { sweepSettlements, SETTLE_AFTER } from '../../src/resources/refunds/settle-job.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const HOUR = 3600;
const DAY = 86_400;
/** 2030-01-15T00:00:00Z: far from the server's own time. */
const T0 = 1_894_665_600;
const env = () => workEnv(server.store, { apiVersion: '2025-09-30.clover' as any });

async function monthly(stripe: Stripe): Promise<string> {
  const product = await stripe.products.create({ name: 'Plan' });
  return (await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' } })).id;
}

/** The error a request failed with (the SDK's), or a failed assertion when it succeeded. */
async function refused(p: Promise<unknown>): Promise<{ statusCode?: number; type?: string; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; type?: string; message?: string };
  }
  assert.fail('the request was not refused');
}

describe('test clock rules', () => {
  test('events about a clock\'s objects are created in the clock\'s time, the clock\'s own in the server\'s', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await stripe.customers.create({ test_clock: clock.id } as any);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: await monthly(stripe) }], collection_method: 'send_invoice', days_until_due: 30 });
    await advanceClock(stripe, clock.id, T0 + 32 * DAY);
    const events = (await stripe.events.list({ limit: 100 })).data;
    const of = (type: string) => events.filter((e) => e.type === type);
    const real = Math.floor(Date.now() / 1000);
    for (const type of ['test_helpers.test_clock.created', 'test_helpers.test_clock.advancing', 'test_helpers.test_clock.ready'])
      assert.ok(Math.abs(of(type)[0].created - real) < 600, type);
    assert.equal(of('customer.created')[0].created, T0);
    assert.equal(of('customer.subscription.created')[0].created, T0);
    // The renewal at the period end (a month after T0), and its automatic finalization an hour later.
    const periodEnd = T0 + 31 * DAY;
    const invoiceCreated = of('invoice.created').map((e) => e.created).sort();
    assert.deepEqual(invoiceCreated, [T0, periodEnd]);
    const renewal = of('invoice.created').find((e) => e.created === periodEnd)!.data.object as Stripe.Invoice;
    assert.equal((renewal as any).subscription ?? (renewal as any).parent?.subscription_details?.subscription, sub.id);
    assert.ok(of('invoice.finalized').some((e) => e.created === periodEnd + HOUR));
  });

  test('while the clock advances, changes to its customers and what they own are refused, and so is another advance', async () => {
    const { key, stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await stripe.customers.create({ test_clock: clock.id } as any);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: await monthly(stripe) }], collection_method: 'send_invoice', days_until_due: 30 });
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd' });
    const plain = await stripe.customers.create({ name: 'Not on a clock' });
    // The advance begun as the route begins it, not yet driven: the clock stays `advancing` for the checks below.
    await server.asAccount(key, (ctx) => startAdvance(ctx, clock.id, { frozen_time: T0 + 10 * DAY }));
    assert.equal((await stripe.testHelpers.testClocks.retrieve(clock.id)).status, 'advancing');
    const attempts: [string, () => Promise<unknown>][] = [
      ['advance', () => stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 20 * DAY })],
      ['customer update', () => stripe.customers.update(customer.id, { name: 'Renamed' })],
      ['subscription update', () => stripe.subscriptions.update(sub.id, { metadata: { a: 'b' } })],
      ['subscription cancel', () => stripe.subscriptions.cancel(sub.id)],
      ['invoice item create', () => stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' })],
      ['invoice item update', () => stripe.invoiceItems.update(item.id, { amount: 700 })],
      ['invoice create', () => stripe.invoices.create({ customer: customer.id })],
      ['new customer on the clock', () => stripe.customers.create({ test_clock: clock.id } as any)],
    ];
    for (const [what, p] of attempts) {
      const err = await refused(p());
      assert.equal(err.statusCode, 400, what);
      assert.equal(err.type, 'StripeInvalidRequestError', what);
      assert.match(err.message ?? '', /advancing/, what);
    }
    // Nothing was applied; reads still answer, and objects of other customers change as usual.
    assert.equal(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).name ?? null, null);
    assert.deepEqual((await stripe.subscriptions.retrieve(sub.id)).metadata, {});
    assert.equal((await stripe.invoiceItems.retrieve(item.id)).amount, 500);
    assert.equal((await stripe.customers.update(plain.id, { name: 'Renamed' })).name, 'Renamed');
    // Once driven to its end, the clock is `ready` at the first advance's target, and changes are accepted again.
    await driveAdvance(env(), authenticate(`Bearer ${key}`, null), clock.id, systemClock);
    assert.equal((await clockReady(stripe, clock.id)).frozen_time, T0 + 10 * DAY);
    assert.equal((await stripe.customers.update(customer.id, { name: 'Renamed' })).name, 'Renamed');
    assert.equal((await stripe.invoiceItems.update(item.id, { amount: 700 })).amount, 700);
  });

  test('a test card\'s refund settles in the customer\'s clock time: on the advance, not in real time', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_pendingRefund' } as any);
    const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0];
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(refund.status, 'pending');
    assert.equal(refund.created, T0);
    // The server's time passing (its settlement sweep far in the future) leaves it pending.
    await sweepSettlements(env(), { now: () => Math.floor(Date.now() / 1000) + 365 * DAY });
    assert.equal((await stripe.refunds.retrieve(refund.id)).status, 'pending');
    await advanceClock(stripe, clock.id, T0 + SETTLE_AFTER - 1);
    assert.equal((await stripe.refunds.retrieve(refund.id)).status, 'pending');
    await advanceClock(stripe, clock.id, T0 + HOUR);
    assert.equal((await stripe.refunds.retrieve(refund.id)).status, 'succeeded');
    const updated = (await stripe.events.list({ type: 'refund.updated' })).data;
    assert.equal(updated.length, 1);
    assert.equal(updated[0].created, T0 + SETTLE_AFTER);
    assert.deepEqual((updated[0].data as any).previous_attributes, { status: 'pending' });
  });
});
