// Billing periods at a subscription's start, through the SDK on test clocks: `backdate_start_date`
// (classic: one prorated line over imagined intervals from the start; flexible: a line per natural
// period; `proration_behavior=none`: nothing for the elapsed time), with and without a billing
// cycle anchor, and `billing_cycle_anchor_config` (day 31 in February is the 28th, then the 31st
// again). Amounts are hand-computed in the comments.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { BASIL } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const HOUR = 3600;
const utc = (s: string) => Date.parse(s) / 1000;
/** "Now" on the clock: Oct 16, 2023, 00:00 UTC. */
const NOW = utc('2023-10-16T00:00:00Z');
const SEP1 = utc('2023-09-01T00:00:00Z');
const NOV1 = utc('2023-11-01T00:00:00Z');

async function world(stripe: Stripe, frozen: number, interval: 'month' | 'week' = 'month') {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
  const customer = await stripe.customers.create({ test_clock: clock.id, name: 'Periods' } as any);
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const product = await stripe.products.create({ name: 'Plan' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval } });
  return { clock, customer, price };
}

const periodOf = (sub: any) =>
  BASIL ? { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end } : { start: sub.current_period_start, end: sub.current_period_end };
const prorationOf = (line: any) => (BASIL ? line.parent.subscription_item_details.proration : line.proration);
const firstInvoice = async (stripe: Stripe, sub: Stripe.Subscription) => stripe.invoices.retrieve(sub.latest_invoice as string);
const linesOf = (inv: Stripe.Invoice) => (inv.lines.data as any[]).map((l) => ({ amount: l.amount, start: l.period.start, end: l.period.end, proration: prorationOf(l) }));

describe('backdate_start_date', () => {
  test('classic, no anchor: the elapsed time on one line over imagined months from the start, then the first whole period', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, NOW);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, billing_mode: { type: 'classic' } } as any);
    assert.equal(sub.start_date, SEP1);
    assert.equal(sub.created, NOW);
    // "sets the start_date … and the billing cycle anchor to the current date".
    assert.equal(sub.billing_cycle_anchor, NOW);
    assert.deepEqual(periodOf(sub), { start: NOW, end: utc('2023-11-16T00:00:00Z') });
    const inv = await firstInvoice(stripe, sub);
    // Sep 1 → Oct 1 is a whole month; Oct 1 → Oct 16 is 15 of the 31 days of Oct 1 → Nov 1:
    // 1000 × (1 + 15/31) = 1483.87 → 1484. Plus the month from now: 1000.
    assert.deepEqual(linesOf(inv), [
      { amount: 1484, start: SEP1, end: NOW, proration: true },
      { amount: 1000, start: NOW, end: utc('2023-11-16T00:00:00Z'), proration: false },
    ]);
    assert.equal(inv.total, 2484);
    assert.equal(inv.billing_reason, 'subscription_create');
    assert.equal(sub.status, 'active');
  });

  test('flexible, no anchor: one line per natural period counted back from now', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, NOW);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, billing_mode: { type: 'flexible' } } as any);
    const inv = await firstInvoice(stripe, sub);
    // Sep 1 → Sep 16 of the natural period Aug 16 → Sep 16 (31 days): 1000 × 15/31 = 483.87 → 484;
    // Sep 16 → Oct 16 whole: 1000; then the month from now: 1000.
    assert.deepEqual(linesOf(inv), [
      { amount: 484, start: SEP1, end: utc('2023-09-16T00:00:00Z'), proration: true },
      { amount: 1000, start: utc('2023-09-16T00:00:00Z'), end: NOW, proration: false },
      { amount: 1000, start: NOW, end: utc('2023-11-16T00:00:00Z'), proration: false },
    ]);
    assert.equal(inv.total, 2484);
  });

  test('with a billing cycle anchor: the backdated start up to the anchor, then renewals on the anchor', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, NOW);
    // The docs' migration: on Oct 15 a subscription that started Sep 1 and next bills Nov 1.
    const classic = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, billing_cycle_anchor: NOV1, billing_mode: { type: 'classic' },
    } as any);
    assert.equal(classic.billing_cycle_anchor, NOV1);
    assert.equal(classic.start_date, SEP1);
    assert.deepEqual(periodOf(classic), { start: SEP1, end: NOV1 });
    // Two imagined months, Sep 1 → Oct 1 → Nov 1: 2000 on one prorated line.
    assert.deepEqual(linesOf(await firstInvoice(stripe, classic)), [{ amount: 2000, start: SEP1, end: NOV1, proration: true }]);
    const flexible = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, billing_cycle_anchor: NOV1, billing_mode: { type: 'flexible' },
    } as any);
    // The natural periods before the anchor: Sep 1 → Oct 1 and Oct 1 → Nov 1, 1000 each.
    assert.deepEqual(linesOf(await firstInvoice(stripe, flexible)), [
      { amount: 1000, start: SEP1, end: utc('2023-10-01T00:00:00Z'), proration: false },
      { amount: 1000, start: utc('2023-10-01T00:00:00Z'), end: NOV1, proration: false },
    ]);
    await advanceClock(stripe, clock.id, NOV1 + 2 * HOUR);
    for (const id of [classic.id, flexible.id]) {
      const renewed = await stripe.subscriptions.retrieve(id);
      assert.deepEqual(periodOf(renewed), { start: NOV1, end: utc('2023-12-01T00:00:00Z') });
      const cycle = await stripe.invoices.retrieve(renewed.latest_invoice as string);
      assert.equal(cycle.billing_reason, 'subscription_cycle');
      assert.equal(cycle.total, 1000);
    }
  });

  test('proration_behavior=none: the start date moves back, the elapsed time is not charged', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, NOW);
    const plain = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, proration_behavior: 'none' } as any);
    assert.equal(plain.start_date, SEP1);
    assert.deepEqual(linesOf(await firstInvoice(stripe, plain)).map((l) => l.amount), [1000]);
    const anchored = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, billing_cycle_anchor: NOV1, proration_behavior: 'none',
    } as any);
    assert.equal(anchored.start_date, SEP1);
    assert.equal((await firstInvoice(stripe, anchored)).total, 0);
  });

  test('refused: a start in the future, or with a trial; nothing is created', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, NOW);
    await assert.rejects(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], backdate_start_date: NOW + HOUR } as any), (err: any) => {
      assert.equal(err.statusCode, 400);
      assert.equal(err.param, 'backdate_start_date');
      assert.match(err.message, /in the past/);
      return true;
    });
    await assert.rejects(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], backdate_start_date: SEP1, trial_period_days: 7 } as any), (err: any) => {
      assert.equal(err.statusCode, 400);
      assert.equal(err.param, 'trial_period_days');
      return true;
    });
    assert.equal((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length, 0);
  });
});

describe('billing_cycle_anchor_config', () => {
  test('day 31 anchors on Feb 28 (prorated from now), then bills Mar 31 and Apr 30', async () => {
    const { stripe } = server.fresh();
    const T = utc('2023-02-10T08:30:00Z');
    const { clock, customer, price } = await world(stripe, T);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor_config: { day_of_month: 31 } } as any);
    const FEB28 = utc('2023-02-28T08:30:00Z');
    const MAR31 = utc('2023-03-31T08:30:00Z');
    assert.equal(sub.billing_cycle_anchor, FEB28);
    assert.deepEqual((sub as any).billing_cycle_anchor_config, { day_of_month: 31, hour: null, minute: null, month: null, second: null });
    assert.deepEqual(periodOf(sub), { start: T, end: FEB28 });
    // 18 of the 28 days of Jan 31 → Feb 28: 1000 × 18/28 = 642.86 → 643.
    assert.deepEqual(linesOf(await firstInvoice(stripe, sub)), [{ amount: 643, start: T, end: FEB28, proration: true }]);
    await advanceClock(stripe, clock.id, FEB28 + 2 * HOUR);
    assert.deepEqual(periodOf(await stripe.subscriptions.retrieve(sub.id)), { start: FEB28, end: MAR31 });
    await advanceClock(stripe, clock.id, MAR31 + 2 * HOUR);
    assert.deepEqual(periodOf(await stripe.subscriptions.retrieve(sub.id)), { start: MAR31, end: utc('2023-04-30T08:30:00Z') });
  });

  test('a given time and month: yearly from the next March 1 at 00:00 UTC', async () => {
    const { stripe } = server.fresh();
    const { customer } = await world(stripe, utc('2023-05-01T12:00:00Z'));
    const product = await stripe.products.create({ name: 'Yearly' });
    const yearly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 36500, recurring: { interval: 'year' } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: yearly.id }], billing_cycle_anchor_config: { day_of_month: 1, month: 3, hour: 0, minute: 0, second: 0 },
    } as any);
    assert.equal(sub.billing_cycle_anchor, utc('2024-03-01T00:00:00Z'));
    // May 1 12:00 → Mar 1 of the natural year Mar 1, 2023 → Mar 1, 2024 (366 days): 304.5 days left.
    // 36500 × 304.5/366 = 30366.8 → 30367.
    assert.equal((await firstInvoice(stripe, sub)).total, 30367);
  });

  test('refused with billing_cycle_anchor, and for prices that are not monthly or yearly', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe, NOW);
    await assert.rejects(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: NOV1, billing_cycle_anchor_config: { day_of_month: 1 } } as any),
      (err: any) => err.statusCode === 400 && /You may only specify one of these parameters: billing_cycle_anchor, billing_cycle_anchor_config/.test(err.message),
    );
    const weekly = await stripe.prices.create({ product: price.product as string, currency: 'usd', unit_amount: 100, recurring: { interval: 'week' } });
    await assert.rejects(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: weekly.id }], billing_cycle_anchor_config: { day_of_month: 1 } } as any),
      (err: any) => err.statusCode === 400 && err.param === 'billing_cycle_anchor_config',
    );
    await assert.rejects(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor_config: { day_of_month: 32 } } as any),
      (err: any) => err.statusCode === 400 && err.param === 'billing_cycle_anchor_config[day_of_month]',
    );
  });
});
