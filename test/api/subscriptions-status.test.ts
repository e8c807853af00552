// The subscription status machine, driven by test clocks: pause and resume (the resumption
// invoice), migrate to flexible billing mode, pending updates (pending_if_incomplete), what a
// cancellation does to open invoices, trial_will_end when a trial is shortened or ended, and
// discounts naming their subscription. The server options for failed retries and overdue
// send_invoice invoices are in subscriptions-status-settings.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, HOUR, DAY, T0, FEB1, periodOf, invoicesOf, eventTypes } from '../helpers/clocked-world.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const world = (stripe: Stripe, card: string | null = 'pm_card_visa', amount = 3100) => clockedWorld(stripe, { card, amount });

const flexible = { billing_mode: { type: 'flexible' } } as any;

async function refused(call: Promise<unknown>, pattern: RegExp, status = 400): Promise<void> {
  await assert.rejects(call, (err: any) => {
    assert.equal(err.statusCode, status, err.message);
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.match(err.message, pattern);
    return true;
  });
}

describe('pause and resume', () => {
  test('pause: paused with status_details, unused time credited, no invoices and no new period while the clock runs', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    const paused: any = await stripe.subscriptions.pause(sub.id);
    assert.equal(paused.status, 'paused');
    assert.deepEqual(paused.status_details, { paused: { subscription: { type: 'pause_requested' }, transitioned_at: T0 + 10 * DAY, type: 'subscription' } });
    // 21 of 31 days unused: 3100 * 21 / 31 = 2100 credited as a pending proration.
    const pending = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data;
    assert.deepEqual(pending.map((i) => i.amount), [-2100]);
    await advanceClock(stripe, clock.id, FEB1 + 20 * DAY);
    const still = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(still.status, 'paused');
    assert.deepEqual(periodOf(still), { start: T0, end: FEB1 });
    assert.deepEqual((await invoicesOf(stripe, customer.id)).map((i) => i.billing_reason), ['subscription_create']);
    const types = await eventTypes(stripe);
    assert.ok(types.includes('customer.subscription.paused'));
    await refused(stripe.subscriptions.pause(sub.id), /already paused/);
  });

  test('pausing what cannot be paused: classic billing mode, send_invoice, canceled', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe);
    const classic = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_mode: { type: 'classic' } } as any);
    await refused(stripe.subscriptions.pause(classic.id), /flexible billing mode/);
    const invoiced = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 5, ...flexible });
    await refused(stripe.subscriptions.pause(invoiced.id), /charge_automatically/);
    const gone = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await stripe.subscriptions.cancel(gone.id);
    await refused(stripe.subscriptions.pause(gone.id), /canceled/);
    await refused(stripe.subscriptions.resume(classic.id), /not paused/);
    assert.equal((await stripe.subscriptions.retrieve(classic.id)).status, 'active');
  });

  test('resume (anchor now, resume_on_payment_attempt): the resumption invoice is open, unattempted; paying it resumes from the resume time', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await stripe.subscriptions.pause(sub.id, { bill_for: { unused_time_from: { type: 'none' } } } as any);
    await advanceClock(stripe, clock.id, T0 + 40 * DAY);
    const resumed = await stripe.subscriptions.resume(sub.id);
    assert.equal(resumed.status, 'paused');
    const inv = await stripe.invoices.retrieve(resumed.latest_invoice as string);
    assert.equal(inv.status, 'open');
    assert.equal(inv.attempt_count, 0);
    assert.equal(inv.total, 3100);
    assert.equal(inv.billing_reason, 'subscription_update');
    await stripe.invoices.pay(inv.id!);
    const active = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(active.status, 'active');
    assert.equal((active as any).status_details, undefined);
    assert.equal(active.billing_cycle_anchor, T0 + 40 * DAY);
    // Feb 10 → Mar 10.
    assert.deepEqual(periodOf(active), { start: T0 + 40 * DAY, end: T0 + 40 * DAY + 28 * DAY });
    const types = await eventTypes(stripe);
    assert.ok(types.indexOf('customer.subscription.resumed') > types.indexOf('customer.subscription.paused'));
  });

  test('resume_on_payment_success pays at once; billing_cycle_anchor unchanged with proration_behavior none bills nothing and resumes at once', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const a = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    const b = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await stripe.subscriptions.pause(a.id);
    await stripe.subscriptions.pause(b.id);
    await advanceClock(stripe, clock.id, T0 + 5 * DAY);
    const paid = await stripe.subscriptions.resume(a.id, { payment_behavior: 'resume_on_payment_success' } as any);
    assert.equal(paid.status, 'active');
    assert.equal((await stripe.invoices.retrieve(paid.latest_invoice as string)).status, 'paid');
    const kept = await stripe.subscriptions.resume(b.id, { billing_cycle_anchor: 'unchanged', proration_behavior: 'none' } as any);
    assert.equal(kept.status, 'active');
    assert.equal(kept.billing_cycle_anchor, T0);
    assert.deepEqual(periodOf(kept), { start: T0, end: FEB1 });
    assert.equal(kept.latest_invoice, b.latest_invoice);
    await refused(stripe.subscriptions.resume(b.id, { billing_cycle_anchor: 'later' } as any), /billing_cycle_anchor/);
  });

  test('pause with invoicing_behavior=invoice credits the unused time in an invoice at once; a failed payment of a resume_on_payment_attempt invoice makes it past_due', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    const paused = await stripe.subscriptions.pause(sub.id, { invoicing_behavior: 'invoice' } as any);
    const credit = await stripe.invoices.retrieve(paused.latest_invoice as string);
    assert.equal(credit.total, -2100);
    assert.equal((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.length, 0);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id }, balance: 0 });
    const resumed = await stripe.subscriptions.resume(sub.id);
    assert.equal(resumed.status, 'paused');
    await assert.rejects(stripe.invoices.pay(resumed.latest_invoice as string), (err: any) => err.type === 'StripeCardError');
    const due = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(due.status, 'past_due');
    assert.deepEqual(periodOf(due), { start: T0 + 10 * DAY, end: FEB1 + 10 * DAY });
  });

  test('resume_on_payment_success declined: stays paused, the invoice is kept open past 23 hours; paid later, it resumes', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await stripe.subscriptions.pause(sub.id, { bill_for: { unused_time_from: { type: 'none' } } } as any);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const resumed = await stripe.subscriptions.resume(sub.id, { payment_behavior: 'resume_on_payment_success' } as any);
    assert.equal(resumed.status, 'paused');
    await advanceClock(stripe, clock.id, T0 + 24 * HOUR);
    const inv = await stripe.invoices.retrieve(resumed.latest_invoice as string);
    assert.equal(inv.status, 'open');
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'paused');
    await refused(stripe.subscriptions.resume(sub.id), /awaiting payment/);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay(inv.id!, { payment_method: good.id });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });

  test('a resumption invoice unpaid for 23 hours is voided and the subscription stays paused', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...flexible });
    await stripe.subscriptions.pause(sub.id, { bill_for: { unused_time_from: { type: 'none' } } } as any);
    const resumed = await stripe.subscriptions.resume(sub.id);
    assert.equal(resumed.status, 'paused');
    await advanceClock(stripe, clock.id, T0 + 23 * HOUR + 60);
    assert.equal((await stripe.invoices.retrieve(resumed.latest_invoice as string)).status, 'void');
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'paused');
  });
});

describe('migrate', () => {
  test('classic → flexible with billing_mode.updated_at; flexible again is refused', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_mode: { type: 'classic' } } as any);
    await advanceClock(stripe, clock.id, T0 + DAY);
    const moved: any = await stripe.subscriptions.migrate(sub.id, { billing_mode: { type: 'flexible' } });
    assert.equal(moved.billing_mode.type, 'flexible');
    assert.equal(moved.billing_mode.updated_at, T0 + DAY);
    await refused(stripe.subscriptions.migrate(sub.id, { billing_mode: { type: 'flexible' } }), /already uses flexible/);
    await assert.rejects(stripe.subscriptions.migrate(sub.id, { billing_mode: { type: 'classic' } } as any), (err: any) => err.statusCode === 400 && err.param === 'billing_mode[type]');
  });
});

describe('pending updates', () => {
  async function declining(stripe: Stripe) {
    const w = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: w.customer.id, items: [{ price: w.price.id }] });
    const dear = await stripe.prices.create({ product: w.product.id, currency: 'usd', unit_amount: 6200, recurring: { interval: 'month' } });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: w.customer.id });
    await stripe.customers.update(w.customer.id, { invoice_settings: { default_payment_method: failing.id } });
    return { ...w, sub, dear };
  }

  test('an unpaid upgrade stays pending: the subscription is unchanged until the invoice is paid, then applied', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub, dear } = await declining(stripe);
    await advanceClock(stripe, clock.id, T0 + 31 * DAY / 2);
    const item = sub.items.data[0];
    const pending = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: dear.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
    });
    assert.equal(pending.status, 'active');
    assert.equal(pending.items.data[0].price.id, sub.items.data[0].price.id);
    const pu: any = pending.pending_update;
    assert.equal(pu.expires_at, T0 + 31 * DAY / 2 + 23 * HOUR);
    assert.deepEqual(pu.subscription_items.map((i: any) => i.price.id), [dear.id]);
    assert.equal(pu.billing_cycle_anchor, null);
    const inv = await stripe.invoices.retrieve(pending.latest_invoice as string);
    assert.equal(inv.status, 'open');
    // Half a month at 6200 less half at 3100.
    assert.equal(inv.total, 3100 - 1550);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay(inv.id!, { payment_method: good.id });
    const applied = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(applied.pending_update, null);
    assert.equal(applied.items.data[0].price.id, dear.id);
    assert.equal((await stripe.subscriptionItems.retrieve(item.id)).price.id, dear.id);
    assert.ok((await eventTypes(stripe)).includes('customer.subscription.pending_update_applied'));
  });

  test('a pending update expires after 23 hours on the clock; voiding its invoice discards it too', async () => {
    const { stripe } = server.fresh();
    const { clock, sub, dear } = await declining(stripe);
    const item = sub.items.data[0];
    const pending = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: dear.id }], proration_behavior: 'always_invoice', payment_behavior: 'pending_if_incomplete' });
    assert.notEqual(pending.pending_update, null);
    await advanceClock(stripe, clock.id, T0 + 23 * HOUR + 60);
    const expired = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(expired.pending_update, null);
    assert.equal(expired.items.data[0].price.id, sub.items.data[0].price.id);
    assert.ok((await eventTypes(stripe)).includes('customer.subscription.pending_update_expired'));
    const again = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: dear.id }], proration_behavior: 'always_invoice', payment_behavior: 'pending_if_incomplete' });
    await stripe.invoices.voidInvoice(again.latest_invoice as string);
    const voided = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(voided.pending_update, null);
    assert.equal(voided.items.data[0].price.id, sub.items.data[0].price.id);
  });

  test('pending_if_incomplete on a subscription item: the item stays as it was until the invoice is paid', async () => {
    const { stripe } = server.fresh();
    const { sub, dear } = await declining(stripe);
    const item = sub.items.data[0];
    const kept = await stripe.subscriptionItems.update(item.id, { price: dear.id, proration_behavior: 'always_invoice', payment_behavior: 'pending_if_incomplete' });
    assert.equal(kept.price.id, item.price.id);
    const pending = await stripe.subscriptions.retrieve(sub.id);
    assert.deepEqual((pending.pending_update as any).subscription_items.map((i: any) => i.price.id), [dear.id]);
    await refused(stripe.subscriptionItems.update(item.id, { metadata: { a: 'b' }, payment_behavior: 'pending_if_incomplete' }), /metadata/);
  });

  test('only the parameters pending updates support are accepted with pending_if_incomplete', async () => {
    const { stripe } = server.fresh();
    const { sub, dear } = await declining(stripe);
    await refused(stripe.subscriptions.update(sub.id, { description: 'x', payment_behavior: 'pending_if_incomplete' }), /description/);
    await refused(
      stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: dear.id, metadata: { a: 'b' } }], payment_behavior: 'pending_if_incomplete' }),
      /metadata/,
    );
    const untouched = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(untouched.items.data[0].price.id, sub.items.data[0].price.id);
    assert.equal(untouched.pending_update, null);
  });
});

describe('cancellation, trials and discounts', () => {
  test('canceling stops automatic collection of the open invoices; other pending items stay', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const due = await stripe.subscriptions.retrieve(sub.id);
    const open = await stripe.invoices.retrieve(due.latest_invoice as string);
    assert.notEqual(open.next_payment_attempt, null);
    const kept = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', subscription: sub.id } as any);
    await stripe.subscriptions.cancel(sub.id);
    const stopped = await stripe.invoices.retrieve(open.id!);
    assert.equal(stopped.status, 'open');
    assert.equal(stopped.auto_advance, false);
    assert.equal(stopped.next_payment_attempt, null);
    assert.equal((await stripe.invoiceItems.retrieve(kept.id)).invoice, null);
  });

  test('trial_will_end fires at once when a trial is shortened to under three days, and when it is ended now', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 10 });
    const notices = async () => (await eventTypes(stripe)).filter((t) => t === 'customer.subscription.trial_will_end').length;
    assert.equal(await notices(), 0);
    await stripe.subscriptions.update(sub.id, { trial_end: T0 + 2 * DAY });
    assert.equal(await notices(), 1);
    await stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    assert.equal(await notices(), 2);
  });

  test('discounts made for a subscription name it, and an item discount its item', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await world(stripe);
    const coupon = await stripe.coupons.create({ percent_off: 10 });
    const other = await stripe.coupons.create({ amount_off: 100, currency: 'usd' });
    const made = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, discounts: [{ coupon: other.id }] }], discounts: [{ coupon: coupon.id }] } as any);
    const sub = await stripe.subscriptions.retrieve(made.id, { expand: ['discounts', 'items.data.discounts'] });
    const subDiscount: any = sub.discounts[0];
    assert.equal(subDiscount.subscription, sub.id);
    assert.equal(subDiscount.subscription_item, null);
    const itemDiscount: any = (sub.items.data[0] as any).discounts[0];
    assert.equal(itemDiscount.subscription, sub.id);
    assert.equal(itemDiscount.subscription_item, sub.items.data[0].id);
  });
});
