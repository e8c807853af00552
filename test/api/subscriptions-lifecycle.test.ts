// Subscriptions over time, driven by test clocks: renewals with pending items, prorations of
// changes checked against hand-computed amounts, cancellation now and at period end, trial end,
// failed renewal payment → past_due, and updating a canceled subscription.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, HOUR, DAY, T0, FEB1, MAR1, periodOf, invoicesOf } from '../helpers/clocked-world.ts';
import { BASIL } from '../helpers/versioned.ts';
import { renewSubscription } from '../../src/resources/subscriptions/renew.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const world = (stripe: Stripe, card: string | null = 'pm_card_visa', amount = 3100) => clockedWorld(stripe, { card, amount });

describe('subscriptions over time', () => {
  test('a month on the clock renews: new period, a subscription_cycle invoice with the pending items for it, finalized and paid an hour later', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    assert.equal(sub.created, T0);
    assert.equal(sub.test_clock, clock.id);
    assert.deepEqual(periodOf(sub), { start: T0, end: FEB1 });
    // A pending item for the subscription, and one for none: both join the renewal.
    await stripe.invoiceItems.create({ customer: customer.id, amount: 250, currency: 'usd', subscription: sub.id } as any);
    await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    assert.deepEqual(periodOf(renewed), { start: FEB1, end: MAR1 });
    assert.equal(renewed.status, 'active');
    const invs = await invoicesOf(stripe, customer.id);
    assert.deepEqual(invs.map((i) => i.billing_reason), ['subscription_create', 'subscription_cycle']);
    const cycle = invs[1];
    assert.equal(renewed.latest_invoice, cycle.id);
    assert.equal(cycle.created, FEB1);
    assert.equal(cycle.status, 'paid');
    assert.equal(cycle.status_transitions.finalized_at, FEB1 + HOUR);
    assert.equal(cycle.total, 3100 + 250 + 100);
    assert.equal(cycle.period_start, T0);
    assert.equal(cycle.period_end, FEB1);
    const lines = cycle.lines.data as any[];
    assert.deepEqual(lines.map((l) => l.amount), [3100, 250, 100]);
    assert.deepEqual(lines[0].period, { start: FEB1, end: MAR1 });
    if (!BASIL) assert.equal((cycle as any).subscription, sub.id);
    // Exactly one renewal per period, however the clock moves.
    await advanceClock(stripe, clock.id, FEB1 + 3 * HOUR);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 2);
    const types = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    assert.equal(types.filter((t) => t === 'customer.subscription.updated').length >= 1, true);
  });

  test('a quantity change halfway prorates: credit the unused half, charge the remaining half; billed on the next invoice', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_visa', 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 1 }] });
    // 31-day January; at 15.5 days exactly half is left: −1550 and +3100 (2 × 3100 × ½).
    const half = T0 + 31 * DAY / 2;
    await advanceClock(stripe, clock.id, half);
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 2 }] });
    assert.equal(updated.items.data[0].quantity, 2);
    const pending = (await stripe.invoiceItems.list({ customer: customer.id, pending: true } as any)).data.reverse() as any[];
    assert.deepEqual(pending.map((i) => i.amount), [-1550, 3100]);
    assert.ok(pending.every((i) => i.proration === true && i.discountable === false));
    assert.deepEqual(pending[0].period, { start: half, end: FEB1 });
    assert.match(pending[0].description, /^Unused time on 1 × Plan \(at \$31\.00 \/ month\) after 16 Jan 2030$/);
    assert.match(pending[1].description, /^Remaining time on 2 × Plan/);
    if (BASIL) assert.equal(pending[0].parent.subscription_details.subscription, sub.id);
    else assert.equal(pending[0].subscription, sub.id);
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const cycle = (await invoicesOf(stripe, customer.id))[1];
    assert.equal(cycle.billing_reason, 'subscription_cycle');
    // 2 × 3100 for February, plus the prorations.
    assert.equal(cycle.total, 6200 - 1550 + 3100);
    const prorationLines = (cycle.lines.data as any[]).filter((l) => (BASIL ? l.parent.subscription_item_details?.proration : l.proration));
    assert.equal(prorationLines.length, 2);
  });

  test('a price change with always_invoice bills the prorations at once (hand-computed with proration_date)', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price, product } = await world(stripe, 'pm_card_visa', 1000);
    const bigger = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    // 21 of 31 days left: 1000 × 21/31 = 677.4 → −677; 2000 × 21/31 = 1354.8 → 1355.
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: bigger.id }], proration_behavior: 'always_invoice', proration_date: T0 + 10 * DAY, expand: ['latest_invoice'],
    });
    const inv = updated.latest_invoice as Stripe.Invoice;
    assert.equal(inv.billing_reason, 'subscription_update');
    assert.equal(inv.status, 'paid');
    assert.deepEqual(inv.lines.data.map((l) => l.amount), [-677, 1355]);
    assert.equal(inv.total, 678);
    assert.equal(updated.items.data[0].price.id, bigger.id);
    assert.equal(updated.status, 'active');
    // proration_behavior=none: nothing prorated.
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: price.id }], proration_behavior: 'none' });
    assert.deepEqual((await stripe.invoiceItems.list({ customer: customer.id, pending: true } as any)).data, []);
  });

  test('cancel at period end: active until then, then canceled (customer.subscription.deleted) with no renewal', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 5 * DAY);
    const set = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    assert.equal(set.status, 'active');
    assert.equal(set.cancel_at_period_end, true);
    assert.equal(set.canceled_at, T0 + 5 * DAY);
    await advanceClock(stripe, clock.id, FEB1 + HOUR);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(ended.status, 'canceled');
    assert.equal(ended.ended_at, FEB1);
    assert.equal(ended.cancellation_details?.reason, 'cancellation_requested');
    assert.equal((await invoicesOf(stripe, customer.id)).length, 1);
    assert.equal((await stripe.events.list({ type: 'customer.subscription.deleted' })).data.length, 1);
    // Canceled: only metadata and cancellation_details may change.
    await assert.rejects(stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 3 }] }), (err: any) => {
      assert.equal(err.statusCode, 400);
      assert.equal(err.message, 'A canceled subscription can only update its cancellation_details and metadata.');
      return true;
    });
    assert.equal((await stripe.subscriptions.update(sub.id, { metadata: { why: 'moved' } })).metadata.why, 'moved');
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity, 1);
    assert.deepEqual((await stripe.subscriptions.list({ customer: customer.id })).data, []);
    assert.deepEqual((await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data.map((s) => s.id), [sub.id]);
  });

  test('cancel now with prorate and invoice_now: a final invoice credits the unused time', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_visa', 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 21 * DAY);
    // 10 of 31 days unused: 3100 × 10/31 = 1000.
    const canceled = await stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.ended_at, T0 + 21 * DAY);
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    assert.equal(invs[1].total, -1000);
    // A credit invoice leaves the amount in the customer's balance.
    assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance, -1000);
    // A plain cancel of another subscription leaves no invoice.
    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.subscriptions.cancel(other.id);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 3);
  });

  test('a trial ends on the clock: status active, the first paid invoice', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_visa', 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    assert.equal(sub.status, 'trialing');
    // Three days before the trial ends: customer.subscription.trial_will_end, once.
    await advanceClock(stripe, clock.id, T0 + 4 * DAY - 1);
    assert.deepEqual((await stripe.events.list({ type: 'customer.subscription.trial_will_end' })).data, []);
    await advanceClock(stripe, clock.id, T0 + 4 * DAY);
    const notice = (await stripe.events.list({ type: 'customer.subscription.trial_will_end' })).data;
    assert.equal(notice.length, 1);
    assert.equal((notice[0].data.object as Stripe.Subscription).id, sub.id);
    await advanceClock(stripe, clock.id, T0 + 7 * DAY + 2 * HOUR);
    assert.equal((await stripe.events.list({ type: 'customer.subscription.trial_will_end' })).data.length, 1);
    const after = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(after.status, 'active');
    assert.deepEqual(periodOf(after), { start: T0 + 7 * DAY, end: T0 + 7 * DAY + 31 * DAY });
    const invs = await invoicesOf(stripe, customer.id);
    assert.deepEqual(invs.map((i) => [i.billing_reason, i.total, i.status]), [['subscription_create', 0, 'paid'], ['subscription_cycle', 3100, 'paid']]);
  });

  test('a declined renewal payment makes the subscription past_due; paying the invoice makes it active again', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_visa');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const due = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(due.status, 'past_due');
    const inv = await stripe.invoices.retrieve(due.latest_invoice as string);
    assert.equal(inv.status, 'open');
    assert.equal(inv.attempt_count, 1);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay(inv.id!, { payment_method: good.id });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });

  test('an incomplete subscription expires after 23 hours and its invoice is voided', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_chargeCustomerFail');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    assert.equal(sub.status, 'incomplete');
    await advanceClock(stripe, clock.id, T0 + 23 * HOUR);
    const expired = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(expired.status, 'incomplete_expired');
    assert.equal((await stripe.invoices.retrieve(sub.latest_invoice as string)).status, 'void');
  });

  test('previewing the next renewal: its lines and pending prorations, nothing kept', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_visa', 3100);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 31 * DAY / 2);
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 2 }] });
    const preview: any = BASIL
      ? await stripe.invoices.createPreview({ subscription: sub.id })
      : await (stripe as any).rawRequest('GET', `/v1/invoices/upcoming?subscription=${sub.id}`, null);
    assert.equal(preview.billing_reason, 'upcoming');
    assert.equal(preview.total, 6200 - 1550 + 3100);
    assert.deepEqual(preview.lines.data.map((l: any) => l.amount), [6200, -1550, 3100]);
    assert.deepEqual(preview.lines.data[0].period, { start: FEB1, end: MAR1 });
    // Nothing kept: still one invoice, the prorations still pending, the period unchanged.
    assert.equal((await invoicesOf(stripe, customer.id)).length, 1);
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id, pending: true } as any)).data.length, 2);
    assert.deepEqual(periodOf(await stripe.subscriptions.retrieve(sub.id)), { start: T0, end: FEB1 });
  });

  test('a renewal that crashes part-way leaves nothing; run again it renews once (directly, without a clock)', async () => {
    const { stripe, key } = server.fresh();
    const customer = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const price = await stripe.prices.create({ product_data: { name: 'Direct' }, currency: 'usd', unit_amount: 700, recurring: { interval: 'day' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 50, currency: 'usd', subscription: sub.id } as any);
    const end = periodOf(sub).end;
    await assert.rejects(
      server.asAccount(key, async (ctx) => {
        await renewSubscription(ctx, sub.id);
        throw new Error('crash after the renewal, before its commit');
      }, end),
      /crash/,
    );
    assert.equal((await invoicesOf(stripe, customer.id)).length, 1);
    assert.deepEqual(periodOf(await stripe.subscriptions.retrieve(sub.id)), periodOf(sub));
    // Run again (the timer fires again after a crash), and once more: one renewal.
    await server.asAccount(key, (ctx) => renewSubscription(ctx, sub.id), end);
    await server.asAccount(key, (ctx) => renewSubscription(ctx, sub.id), end);
    const invs = await invoicesOf(stripe, customer.id);
    assert.deepEqual(invs.map((i) => i.billing_reason), ['subscription_create', 'subscription_cycle']);
    assert.equal(invs[1].total, 750);
    assert.equal(periodOf(await stripe.subscriptions.retrieve(sub.id)).start, end);
  });
});
