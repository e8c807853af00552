// Mixed interval subscriptions, through the SDK on a test clock: in flexible billing mode (from
// 2025-07-30.basil) items may bill on different intervals, each with its own period; renewals
// invoice the items whose periods end (one invoice when they align). Classic billing mode, and
// clients pinned before 2025-07-30.basil, get Stripe's mismatch error.
import { after, before as beforeAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { before } from '../helpers/versioned.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
after(() => server.close());

const HOUR = 3600;
const utc = (s: string) => Date.parse(s) / 1000;
/** Stripe's example: 15 USD a month and 100 USD a quarter from January 1, 2024. */
const JAN1 = utc('2024-01-01T00:00:00Z');
const FEB1 = utc('2024-02-01T00:00:00Z');
const MAR1 = utc('2024-03-01T00:00:00Z');
const APR1 = utc('2024-04-01T00:00:00Z');
const MISMATCH = 'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.';
const MIXING = !before('2025-07-30.basil');

async function world(stripe: Stripe) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN1 });
  const customer = await stripe.customers.create({ test_clock: clock.id, name: 'Mixed' } as any);
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const product = await stripe.products.create({ name: 'Service' });
  const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  const quarterly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 10000, recurring: { interval: 'month', interval_count: 3 } });
  return { clock, customer, monthly, quarterly };
}

const invoicesOf = async (stripe: Stripe, customer: string) => (await stripe.invoices.list({ customer, limit: 100 })).data.reverse();

describe('items with different intervals', () => {
  test('classic billing mode refuses them with Stripe\'s error, and creates nothing', async () => {
    const { stripe } = server.fresh();
    const { customer, monthly, quarterly } = await world(stripe);
    await assert.rejects(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }, { price: quarterly.id }], billing_mode: { type: 'classic' } } as any),
      (err: any) => err.statusCode === 400 && err.message === MISMATCH && err.param === 'items[1]',
    );
    assert.equal((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length, 0);
  });

  test(MIXING ? 'flexible: each item its own period; renewals bill the items that are due, together when they align' : 'flexible: refused before 2025-07-30.basil', async () => {
    const { stripe, key } = server.fresh();
    const { clock, customer, monthly, quarterly } = await world(stripe);
    const params = { customer: customer.id, items: [{ price: monthly.id }, { price: quarterly.id }], billing_mode: { type: 'flexible' } } as any;
    if (!MIXING) {
      await assert.rejects(stripe.subscriptions.create(params), (err: any) => err.statusCode === 400 && err.message === MISMATCH);
      return;
    }
    const sub = await stripe.subscriptions.create(params);
    const [m, q] = sub.items.data as any[];
    assert.deepEqual([m.current_period_start, m.current_period_end], [JAN1, FEB1]);
    assert.deepEqual([q.current_period_start, q.current_period_end], [JAN1, APR1]);
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    assert.equal(first.total, 11500);
    // A client from before basil reads the subscription's period as the shortest item's.
    const old = server.stripe(key, { apiVersion: '2025-02-24.acacia' as any });
    const seen = (await old.subscriptions.retrieve(sub.id)) as any;
    assert.deepEqual([seen.current_period_start, seen.current_period_end], [JAN1, FEB1]);

    // Feb 1 and Mar 1: the monthly item alone.
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    await advanceClock(stripe, clock.id, MAR1 + 2 * HOUR);
    let invs = await invoicesOf(stripe, customer.id);
    assert.deepEqual(invs.map((i) => [i.billing_reason, i.total]), [['subscription_create', 11500], ['subscription_cycle', 1500], ['subscription_cycle', 1500]]);
    let now = await stripe.subscriptions.retrieve(sub.id);
    assert.deepEqual(now.items.data.map((i: any) => [i.current_period_start, i.current_period_end]), [[MAR1, APR1], [JAN1, APR1]]);
    // Apr 1: both periods end; one invoice for both.
    await advanceClock(stripe, clock.id, APR1 + 2 * HOUR);
    invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 4);
    assert.equal(invs[3].total, 11500);
    assert.deepEqual(invs[3].lines.data.map((l) => [l.amount, l.period.start, l.period.end]), [[1500, APR1, utc('2024-05-01T00:00:00Z')], [10000, APR1, utc('2024-07-01T00:00:00Z')]]);
    now = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(now.status, 'active');

    // A quantity change of the quarterly item prorates over its own period (Apr 1 → Jul 1, 91 days):
    // on May 1, 61 days are left: credit 10000 × 61/91 = 6703.3 → −6703, charge 20000 × 61/91 = 13406.6 → 13407.
    await advanceClock(stripe, clock.id, utc('2024-05-01T00:00:00Z'));
    await stripe.subscriptions.update(sub.id, { items: [{ id: q.id, quantity: 2 }] });
    const pending = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.reverse();
    assert.deepEqual(pending.map((i) => i.amount), [-6703, 13407]);
    // Moving an item to another interval would restart its own period: not handled, refused whole.
    await assert.rejects(stripe.subscriptions.update(sub.id, { items: [{ id: q.id, price: monthly.id }] }), (err: any) => err.statusCode === 400 && err.param === 'items');
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[1].price.id, quarterly.id);
  });
});
