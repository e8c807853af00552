// `invoice.upcoming`: sent --upcoming-renewal-days (default 7) before each renewal, on the
// customer's test clock, carrying the renewal's preview without an id (as create_preview shows
// it at the event's version); once per period, moved when the period changes, not sent for a
// subscription ending at the period end or for periods no longer than those days.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, HOUR, DAY, T0, FEB1, MAR1 } from '../helpers/clocked-world.ts';
import { BASIL } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const world = (stripe: Stripe, interval: 'day' | 'month' = 'month') => clockedWorld(stripe, { interval, name: 'Renewing' });

const upcomingEvents = async (stripe: Stripe) => (await stripe.events.list({ type: 'invoice.upcoming', limit: 100 })).data.reverse();
/** Events show objects at the account's version (the server's), whatever version the clients send. */
const subscriptionOf = (e: Stripe.Event) => {
  const inv = e.data.object as any;
  return e.api_version! >= '2025-03-31' ? inv.parent?.subscription_details?.subscription : inv.subscription;
};

describe('invoice.upcoming', () => {
  test('seven days before each renewal, on the test clock, with the renewal as create_preview shows it', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, FEB1 - 7 * DAY - HOUR);
    assert.deepEqual(await upcomingEvents(stripe), []);
    // A pending item for the subscription joins the renewal, so the notice shows it too.
    await stripe.invoiceItems.create({ customer: customer.id, amount: 250, currency: 'usd', subscription: sub.id } as any);
    await advanceClock(stripe, clock.id, FEB1 - 7 * DAY + HOUR);
    const [first] = await upcomingEvents(stripe);
    assert.ok(first, 'an invoice.upcoming event');
    const inv = first.data.object as any;
    assert.equal(inv.object, 'invoice');
    assert.equal(inv.id ?? null, null);
    assert.equal(inv.billing_reason, 'upcoming');
    assert.equal(inv.customer, customer.id);
    assert.equal(subscriptionOf(first), sub.id);
    assert.equal(inv.total, 3100 + 250);
    assert.equal(inv.status, 'draft');
    const own = inv.lines.data.find((l: any) => l.amount === 3100);
    assert.deepEqual(own.period, { start: FEB1, end: MAR1 });
    for (const l of inv.lines.data) assert.match(l.id, /^il_tmp_/);
    // Nothing kept: one invoice (the first), the item still pending, the period unchanged.
    assert.equal((await stripe.invoices.list({ customer: customer.id })).data.length, 1);
    assert.equal(((await stripe.invoiceItems.list({ customer: customer.id, pending: true } as any)).data as any[]).length, 1);
    // Once per period: the renewal on February 1st moves the next one to March 1st − 7 days.
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    assert.equal((await upcomingEvents(stripe)).length, 1);
    await advanceClock(stripe, clock.id, MAR1 - 7 * DAY + HOUR);
    const both = await upcomingEvents(stripe);
    assert.equal(both.length, 2);
    assert.equal((both[1].data.object as any).total, 3100);
  });

  test('a change before the notice shows in it; a subscription canceling at period end gets none', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 3 }], proration_behavior: 'none' });
    await advanceClock(stripe, clock.id, FEB1 - 6 * DAY);
    const [notice] = await upcomingEvents(stripe);
    assert.equal((notice.data.object as any).total, 3 * 3100);

    const other = await world(stripe);
    const ending = await stripe.subscriptions.create({ customer: other.customer.id, items: [{ price: other.price.id }], cancel_at_period_end: true });
    await advanceClock(stripe, other.clock.id, FEB1 - 6 * DAY);
    const forEnding = (await upcomingEvents(stripe)).filter((e) => subscriptionOf(e) === ending.id);
    assert.deepEqual(forEnding, []);
  });

  test('daily subscriptions (periods shorter than the notice) get no notice', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'day');
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 2 * DAY);
    assert.deepEqual(await upcomingEvents(stripe), []);
  });

  test('--upcoming-renewal-days, and the event at an account on 2023-08-16: the invoice as the upcoming endpoint showed it', async () => {
    const old = await startServer({ apiVersion: '2023-08-16', upcomingRenewalDays: 3 });
    try {
      const { stripe } = old.fresh();
      const { clock, customer, price } = await world(stripe);
      const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, tax_rates: [rate.id] }] });
      await advanceClock(stripe, clock.id, FEB1 - 3 * DAY - HOUR);
      assert.deepEqual(await upcomingEvents(stripe), []);
      await advanceClock(stripe, clock.id, FEB1 - 3 * DAY + HOUR);
      const [e] = await upcomingEvents(stripe);
      assert.equal(e.api_version, '2023-08-16');
      const inv = e.data.object as any;
      assert.equal(inv.subscription, sub.id);
      assert.equal(inv.total, 3410);
      assert.equal(inv.tax, 310);
      assert.equal(inv.lines.data[0].type, 'subscription');
      assert.equal(inv.lines.data[0].subscription_item, sub.items.data[0].id);
      assert.equal(inv.lines.data[0].price.id, price.id);
    } finally {
      await old.close();
    }
  });

  test('the notice equals the renewal it announces: discounts, both tax kinds, the balance, prorations and pending items', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, product, price } = await world(stripe);
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const itemCoupon = await stripe.coupons.create({ amount_off: 50, currency: 'usd', duration: 'forever' });
    const inclusive = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true });
    const exclusive = await stripe.taxRates.create({ display_name: 'Sales', percentage: 7.5, inclusive: false });
    const seats = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 999, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, tax_rates: [inclusive.id] }, { price: seats.id, quantity: 3 }],
      default_tax_rates: [exclusive.id],
      ...(BASIL ? { discounts: [{ coupon: coupon.id }] } : { coupon: coupon.id }),
    } as any);
    // A credit the first invoice has already used: the renewal's to apply.
    await stripe.customers.update(customer.id, { balance: -500 });
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    // Prorations for the subscription and items of no subscription (one with its own discount) join the renewal.
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[1].id, quantity: 5 }], proration_behavior: 'create_prorations' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd', discounts: [{ coupon: itemCoupon.id }] } as any);
    await stripe.invoiceItems.create({ customer: customer.id, amount: 250, currency: 'usd', subscription: sub.id } as any);
    await advanceClock(stripe, clock.id, FEB1 - 7 * DAY + HOUR);
    const [notice] = await upcomingEvents(stripe);
    await advanceClock(stripe, clock.id, FEB1 + 10 * 60);
    const created = (await stripe.events.list({ type: 'invoice.created', limit: 100 })).data
      .find((e) => (e.data.object as any).billing_reason === 'subscription_cycle' && subscriptionOf(e) === sub.id);
    assert.ok(notice && created);
    // The same invoice, but for what makes a preview one: no id (nor on its lines), `upcoming`, not delivered, temporary line ids.
    const comparable = (inv: any) => {
      const { id: _id, billing_reason: _b, webhooks_delivered_at: _w, lines, ...rest } = inv;
      const page = { data: lines.data.map(({ invoice: _i, ...line }: any) => line), has_more: lines.has_more };
      return JSON.parse(JSON.stringify({ ...rest, lines: page }).replace(/"(il_tmp_|il_|in_)[A-Za-z0-9]+"/g, '"id"'));
    };
    const shown = notice.data.object as any;
    assert.equal(shown.lines.data.length, 2 + 2 + 2);
    assert.ok(shown.starting_balance === -500 && shown.total > 0);
    assert.deepEqual(comparable(shown), comparable(created.data.object));
  });
});
