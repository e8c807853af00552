// How far one advance of a test clock may go (docs.stripe.com/api/test_clocks/advance): "Cannot be
// more than two intervals in the future from the shortest subscription in this test clock. If
// there are no subscriptions in this test clock, it cannot be more than two years in the future."
// Every item of every live subscription on the clock counts, a mixed-interval subscription's
// shorter item too; canceled subscriptions no longer count.
import { after, before as beforeAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { before } from '../helpers/versioned.ts';
import { DAY, T0 } from '../helpers/clocked-world.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
after(() => server.close());

/** Mixed-interval items on one subscription exist from 2025-07-30.basil (flexible mode). */
const MIXING = !before('2025-07-30.basil');
const utc = (s: string) => Date.parse(s) / 1000;

async function tooFar(stripe: Stripe, clock: string, to: number): Promise<void> {
  await assert.rejects(stripe.testHelpers.testClocks.advance(clock, { frozen_time: to }), (err: any) => {
    assert.equal(err.statusCode, 400);
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.param, 'frozen_time');
    assert.match(err.message, /too far in the future/);
    return true;
  });
  assert.equal((await stripe.testHelpers.testClocks.retrieve(clock)).status, 'ready', 'a refused advance changes nothing');
}

async function world(stripe: Stripe) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
  const product = await stripe.products.create({ name: 'Plan' });
  const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } });
  const weekly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 700, recurring: { interval: 'week' } });
  const customer = async () => {
    const c = await stripe.customers.create({ test_clock: clock.id } as any);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    await stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
    return c.id;
  };
  return { clock, monthly, weekly, customer };
}

describe('test clock advance limit', () => {
  test('a clock without subscriptions goes at most two years at a time', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    await tooFar(stripe, clock.id, utc('2032-01-01T00:00:01Z'));
    const ready = await advanceClock(stripe, clock.id, utc('2032-01-01T00:00:00Z'));
    assert.equal(ready.frozen_time, utc('2032-01-01T00:00:00Z'));
  });

  test(
    MIXING
      ? 'a mixed-interval subscription (monthly item first, weekly second) limits the clock to two weeks'
      : 'subscriptions of different intervals on one clock limit it to two of the shortest',
    async () => {
      const { stripe } = server.fresh();
      const { clock, monthly, weekly, customer } = await world(stripe);
      if (MIXING) {
        await stripe.subscriptions.create({ customer: await customer(), items: [{ price: monthly.id }, { price: weekly.id }], billing_mode: { type: 'flexible' } } as any);
      } else {
        await stripe.subscriptions.create({ customer: await customer(), items: [{ price: monthly.id }] });
        await stripe.subscriptions.create({ customer: await customer(), items: [{ price: weekly.id }] });
      }
      await tooFar(stripe, clock.id, T0 + 14 * DAY + 1);
      const ready = await advanceClock(stripe, clock.id, T0 + 14 * DAY);
      assert.equal(ready.frozen_time, T0 + 14 * DAY);
      // Counted from the clock's new time: two more weeks.
      await tooFar(stripe, clock.id, T0 + 28 * DAY + 1);
    },
  );

  test('a canceled subscription no longer limits the clock', async () => {
    const { stripe } = server.fresh();
    const { clock, monthly, weekly, customer } = await world(stripe);
    await stripe.subscriptions.create({ customer: await customer(), items: [{ price: monthly.id }] });
    const short = await stripe.subscriptions.create({ customer: await customer(), items: [{ price: weekly.id }] });
    await tooFar(stripe, clock.id, T0 + 14 * DAY + 1);
    await stripe.subscriptions.cancel(short.id);
    // Two months from January 1, 2030: March 1.
    await tooFar(stripe, clock.id, utc('2030-03-01T00:00:01Z'));
    const ready = await advanceClock(stripe, clock.id, utc('2030-03-01T00:00:00Z'));
    assert.equal(ready.frozen_time, utc('2030-03-01T00:00:00Z'));
  });
});
