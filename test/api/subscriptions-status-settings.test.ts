// The server's subscription-status settings (Stripe's Billing settings), driven by test clocks:
// --subscription-after-final-retry unpaid (renewals keep being made, none is attempted; paying
// makes the subscription active again), and for send_invoice subscriptions past_due at the due
// date, then --subscription-overdue cancel after --subscription-overdue-days; and the other choices
// (left past_due after the final retry, unpaid when overdue).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, HOUR, DAY, T0, FEB1, MAR1 } from '../helpers/clocked-world.ts';

let server: TestServer;
before(async () => {
  server = await startServer({ paymentRetrySchedule: [3600], subscriptionAfterFinalRetry: 'unpaid', subscriptionOverdue: 'cancel', subscriptionOverdueDays: 2 });
});
after(() => server.close());

const world = (stripe: Stripe, card: string | null) => clockedWorld(stripe, { card });

describe('subscription status settings', () => {
  test('after the last failed retry the subscription is unpaid: the next renewal stays an unattempted draft; paying makes it active', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_visa');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    await advanceClock(stripe, clock.id, FEB1 + 90 * 60);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'past_due');
    await advanceClock(stripe, clock.id, FEB1 + 3 * HOUR);
    const unpaid = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(unpaid.status, 'unpaid');
    const first = unpaid.latest_invoice as string;
    assert.equal((await stripe.invoices.retrieve(first)).status, 'open');
    await advanceClock(stripe, clock.id, MAR1 + 3 * HOUR);
    const later = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(later.status, 'unpaid');
    const renewal = await stripe.invoices.retrieve(later.latest_invoice as string);
    assert.equal(renewal.billing_reason, 'subscription_cycle');
    assert.equal(renewal.status, 'draft');
    assert.equal(renewal.auto_advance, false);
    assert.equal(renewal.attempt_count, 0);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.finalizeInvoice(renewal.id!);
    await stripe.invoices.pay(renewal.id!, { payment_method: good.id });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });

  test('send_invoice: past_due once the invoice passes its due date unpaid, canceled when overdue by the set days; paid in time it stays active', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe, null);
    const late = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 5 });
    const prompt = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 5 });
    await advanceClock(stripe, clock.id, T0 + 2 * HOUR);
    const inv = await stripe.invoices.retrieve(late.latest_invoice as string);
    assert.equal(inv.status, 'open');
    assert.ok(inv.due_date! > T0 && inv.due_date! <= T0 + 5 * DAY + 2 * HOUR);
    await stripe.invoices.pay(prompt.latest_invoice as string, { paid_out_of_band: true });
    await advanceClock(stripe, clock.id, inv.due_date! + HOUR);
    assert.equal((await stripe.subscriptions.retrieve(late.id)).status, 'past_due');
    assert.equal((await stripe.subscriptions.retrieve(prompt.id)).status, 'active');
    await advanceClock(stripe, clock.id, inv.due_date! + 2 * DAY + HOUR);
    const ended = await stripe.subscriptions.retrieve(late.id);
    assert.equal(ended.status, 'canceled');
    assert.equal(ended.cancellation_details?.reason, 'payment_failed');
    assert.equal((await stripe.subscriptions.retrieve(prompt.id)).status, 'active');
  });
});

describe('the other settings: left past_due after the final retry, unpaid when overdue', () => {
  let other: TestServer;
  before(async () => {
    other = await startServer({ paymentRetrySchedule: [3600], subscriptionAfterFinalRetry: 'past_due', subscriptionOverdue: 'unpaid', subscriptionOverdueDays: 1 });
  });
  after(() => other.close());

  test('past_due after the last failed retry; the next renewal is made and attempted as usual', async () => {
    const { stripe } = other.fresh();
    const { clock, customer, price } = await world(stripe, 'pm_card_chargeCustomerFail');
    await stripe.customers.update(customer.id, { balance: -3100 });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    assert.equal(sub.status, 'active');
    await advanceClock(stripe, clock.id, FEB1 + 3 * HOUR);
    const due = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(due.status, 'past_due');
    assert.equal((await stripe.invoices.retrieve(due.latest_invoice as string)).next_payment_attempt, null);
    await advanceClock(stripe, clock.id, MAR1 + 90 * 60);
    const later = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(later.status, 'past_due');
    const renewal = await stripe.invoices.retrieve(later.latest_invoice as string);
    assert.equal(renewal.status, 'open');
    assert.equal(renewal.attempt_count, 1);
  });

  test('send_invoice overdue by the set days: unpaid; paid, active again', async () => {
    const { stripe } = other.fresh();
    const { clock, customer, price } = await world(stripe, null);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 3 });
    await advanceClock(stripe, clock.id, T0 + 2 * HOUR);
    const inv = await stripe.invoices.retrieve(sub.latest_invoice as string);
    await advanceClock(stripe, clock.id, inv.due_date! + DAY + HOUR);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'unpaid');
    await stripe.invoices.pay(inv.id!, { paid_out_of_band: true });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });
});
