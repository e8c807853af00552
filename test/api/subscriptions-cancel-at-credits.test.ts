// A `cancel_at` credit is made once for each piece of time: an anchor reset charges the old period's
// credit back (the reset credits that time itself), a stub period's credit is priced as the stub was
// charged, and with mixed intervals each item keeps its own credit. Amounts by hand: 3100 a month is
// 100 a day in January (31 days) and across any 31-day month-long period; February's 28 days make
// 3100 × 14/28 = 1550 for its second half; 36500 a year is 100 a day in 2030.
import { after, before as beforeAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { before } from '../helpers/versioned.ts';
import { DAY, FEB1, HOUR, T0, clockedWorld, invoicesOf } from '../helpers/clocked-world.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
after(() => server.close());

const JAN8 = T0 + 7 * DAY;
const JAN11 = T0 + 10 * DAY;
const JAN15 = T0 + 14 * DAY;
const JAN22 = T0 + 21 * DAY;
const amounts = (inv: Stripe.Invoice) => inv.lines.data.map((l) => l.amount).sort((a, b) => a - b);

describe('cancel_at credits', () => {
  test('billing_cycle_anchor=now under a credited cancel_at credits each unused day once', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await clockedWorld(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 });
    await advanceClock(stripe, clock.id, JAN11);
    await stripe.subscriptions.update(sub.id, { billing_cycle_anchor: 'now' } as any);
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    // The new period Jan 11 – Feb 11 (31 days): +3100, less 20 days after Jan 22 (-2000); the old
    // period's 21 unused days (-2100); the old cancel_at credit (-1000) and its charge-back (+1000).
    assert.deepEqual(amounts(invs[1]), [-2100, -2000, -1000, 1000, 3100]);
    // Paid 3100 for January, served Jan 1 – Jan 22 (2100): 1000 comes back.
    assert.equal(invs[1].total, -1000);
  });

  test('trial_end=now under a cancel_at: the new period is credited after cancel_at', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 10, cancel_at: JAN22 });
    await stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    // January from now (+3100) less the 10 days after Jan 22 (-1000).
    assert.deepEqual(amounts(invs[1]), [-1000, 3100]);
  });

  test('a future billing_cycle_anchor: cancel_at inside the stub is credited at the rate the stub was charged', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: JAN15, cancel_at: JAN8 });
    const [first] = await invoicesOf(stripe, customer.id);
    // The stub Jan 1 – Jan 15 is 14 days of the month Dec 15 – Jan 15 (31 days): 1400; Jan 8 – Jan 15 is 700 of it.
    assert.deepEqual(amounts(first), [-700, 1400]);
    assert.equal(first.total, 700);
  });

  test('a backdated start up to a future anchor: cancel_at is credited at the rate the backdated time was charged', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    const dec15 = T0 - 17 * DAY;
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], backdate_start_date: dec15, billing_cycle_anchor: FEB1, cancel_at: JAN22 });
    const [first] = await invoicesOf(stripe, customer.id);
    // Dec 15 → Feb 1 costs 4800 either way: classic as Dec 15 → Jan 15 (3100) and 17 of the 31 days
    // after it (1700); flexible as 17 of December's 31 days (1700) and January (3100). The 10 days
    // after Jan 22 are 1000 of it.
    assert.equal(first.lines.data.reduce((s, l) => s + (l.amount > 0 ? l.amount : 0), 0), 4800);
    assert.ok(first.lines.data.some((l) => l.amount === -1000), JSON.stringify(amounts(first)));
    assert.equal(first.total, 3800);
  });

  test('cancel_at set on a stub period later is credited at the stub rate too', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: JAN15 });
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN8, proration_behavior: 'always_invoice' });
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs[0].total, 1400);
    assert.equal(invs[1].total, -700);
  });

  test('mixed intervals: a renewal of the monthly item credits it though the yearly item was credited before', { skip: before('2025-07-30.basil') }, async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price, product } = await clockedWorld(stripe);
    const yearly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 36500, recurring: { interval: 'year' } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }, { price: yearly.id }],
      billing_mode: { type: 'flexible' },
    } as any);
    const feb15 = FEB1 + 14 * DAY;
    // Only the yearly item's period holds Feb 15: 320 days of it are credited.
    await stripe.subscriptions.update(sub.id, { cancel_at: feb15 });
    await advanceClock(stripe, clock.id, FEB1 + HOUR);
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    // February for the monthly item (+3100) less its second half (-1550), and the yearly credit.
    assert.deepEqual(amounts(invs[1]), [-32000, -1550, 3100]);
  });
});
