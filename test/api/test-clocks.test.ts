// Test clocks through the official client: create, retrieve, list, delete (with its customers and
// what they own), advance (answered `advancing`, polled until `ready`, as Stripe's users do), its
// limits and errors, its events, and customers living in the clock's time: `created` of what they
// own, and automatic collection (finalize an hour after creation, charge, retries) following the clock.
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
const DAY = 86_400;
/** 2030-01-15T00:00:00Z: far from the server's own time, so clock time is told apart from real time. */
const T0 = 1_894_665_600;

/** A customer on `clock` with a default card (`card`), or none. */
async function clockCustomer(stripe: Stripe, clock: string, card: string | null): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ test_clock: clock, ...(card ? { payment_method: card } : {}) } as any);
  if (card) {
    const pms = await stripe.customers.listPaymentMethods(customer.id);
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pms.data[0].id } });
  }
  return customer;
}

describe('test clocks', () => {
  test('create, retrieve, list, delete', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0, name: 'Annual renewal' });
    assert.match(clock.id, /^clock_/);
    assert.equal(clock.object, 'test_helpers.test_clock');
    assert.equal(clock.frozen_time, T0);
    assert.equal(clock.name, 'Annual renewal');
    assert.equal(clock.status, 'ready');
    assert.deepEqual(clock.status_details, {});
    assert.equal(clock.livemode, false);
    // Stripe's reference shows deletes_after seven days after created (real time, not the clock's).
    assert.equal(clock.deletes_after, clock.created + 7 * DAY);
    assert.ok(Math.abs(clock.created - Date.now() / 1000) < 600);
    assert.deepEqual(await stripe.testHelpers.testClocks.retrieve(clock.id), clock);
    const other = await stripe.testHelpers.testClocks.create({ frozen_time: T0 - DAY });
    assert.equal(other.name, null);
    const list = await stripe.testHelpers.testClocks.list({ limit: 1 });
    assert.deepEqual(list.data.map((c) => c.id), [other.id]);
    assert.equal(list.has_more, true);
    const deleted = await stripe.testHelpers.testClocks.del(clock.id);
    assert.deepEqual(deleted, { id: clock.id, object: 'test_helpers.test_clock', deleted: true });
    await assert.rejects(stripe.testHelpers.testClocks.retrieve(clock.id), (e: any) => e.statusCode === 404 && e.code === 'resource_missing');
    assert.deepEqual((await stripe.testHelpers.testClocks.list()).data.map((c) => c.id), [other.id]);
  });

  test('advance: forward only, at most two years without subscriptions; Stripe-shaped errors', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    await assert.rejects(stripe.testHelpers.testClocks.create({} as any), (e: any) => e.statusCode === 400 && e.param === 'frozen_time' && e.code === 'parameter_missing');
    await assert.rejects(stripe.testHelpers.testClocks.create({ frozen_time: T0, name: 'x'.repeat(301) }), (e: any) => e.statusCode === 400 && e.param === 'name');
    for (const to of [T0 - 1, T0])
      await assert.rejects(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to }), (e: any) => e.statusCode === 400 && e.type === 'StripeInvalidRequestError' && e.param === 'frozen_time');
    const twoYears = Date.UTC(2032, 0, 15) / 1000;
    await assert.rejects(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: twoYears + 1 }), (e: any) => e.statusCode === 400 && e.param === 'frozen_time' && /two years/.test(e.message));
    await assert.rejects(stripe.testHelpers.testClocks.advance('clock_missing', { frozen_time: T0 + 1 }), (e: any) => e.statusCode === 404 && e.code === 'resource_missing');
    // Nothing half-applied: the refused advances left the clock as it was.
    assert.equal((await stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time, T0);
    const moved = await advanceClock(stripe, clock.id, twoYears);
    assert.equal(moved.frozen_time, twoYears);
    assert.deepEqual(moved.status_details, {});
    await assert.rejects(stripe.customers.create({ test_clock: 'clock_missing' } as any), (e: any) => e.statusCode === 400 && e.code === 'resource_missing' && e.param === 'test_clock');
    await assert.rejects(stripe.customers.list({ test_clock: 'clock_missing' } as any), (e: any) => e.statusCode === 400 && e.param === 'test_clock');
  });

  test('events: created, advancing, ready, deleted', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    await advanceClock(stripe, clock.id, T0 + DAY);
    await stripe.testHelpers.testClocks.del(clock.id);
    const events = (await stripe.events.list()).data.reverse();
    assert.deepEqual(events.map((e) => e.type), [
      'test_helpers.test_clock.created', 'test_helpers.test_clock.advancing', 'test_helpers.test_clock.ready', 'test_helpers.test_clock.deleted',
    ]);
    const [created, advancing, readied] = events.map((e) => e.data.object as Stripe.TestHelpers.TestClock);
    assert.equal(created.status, 'ready');
    assert.equal(advancing.status, 'advancing');
    assert.equal(advancing.frozen_time, T0);
    assert.deepEqual(advancing.status_details, { advancing: { target_frozen_time: T0 + DAY } });
    assert.equal(readied.status, 'ready');
    assert.equal(readied.frozen_time, T0 + DAY);
    // The advance's own event has its request; the end of the advance happens outside any.
    assert.match(events[1].request!.id!, /^req_/);
    assert.equal(events[2].request!.id, null);
  });

  test("a customer on a clock, and what it owns, live in the clock's time; lists leave clocked customers out unless asked", async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const plain = await stripe.customers.create({ email: 'plain@example.com' });
    const customer = await stripe.customers.create({ test_clock: clock.id, email: 'clocked@example.com' } as any);
    assert.equal(customer.test_clock, clock.id);
    assert.equal(customer.created, T0);
    assert.ok(plain.created > T0 - 10 * 365 * DAY && plain.created < T0 - DAY);
    assert.deepEqual((await stripe.customers.list()).data.map((c) => c.id), [plain.id]);
    assert.deepEqual((await stripe.customers.list({ test_clock: clock.id } as any)).data.map((c) => c.id), [customer.id]);
    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['test_clock'] });
    assert.equal(((expanded as Stripe.Customer).test_clock as Stripe.TestHelpers.TestClock).frozen_time, T0);

    await advanceClock(stripe, clock.id, T0 + 5 * DAY);
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' });
    assert.equal(item.date, T0 + 5 * DAY);
    assert.equal(item.test_clock, clock.id);
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 10 });
    assert.equal(inv.created, T0 + 5 * DAY);
    assert.equal(inv.test_clock, clock.id);
    assert.equal(inv.period_end, T0 + 5 * DAY);
    const finalized = await stripe.invoices.finalizeInvoice(inv.id);
    assert.equal(finalized.status_transitions.finalized_at, T0 + 5 * DAY);
    assert.equal(finalized.due_date, T0 + 15 * DAY);
    const note = await stripe.creditNotes.create({ invoice: inv.id, amount: 100 });
    assert.equal(note.created, T0 + 5 * DAY);
    const txn = await stripe.customers.createBalanceTransaction(customer.id, { amount: -50, currency: 'usd' });
    assert.equal(txn.created, T0 + 5 * DAY);
    const withClock = await stripe.invoices.retrieve(inv.id, { expand: ['test_clock'] });
    assert.equal((withClock.test_clock as Stripe.TestHelpers.TestClock).id, clock.id);

    // Objects of a customer without a clock stay in the server's time, in the same account.
    const own = await stripe.invoiceItems.create({ customer: plain.id, amount: 100, currency: 'usd' });
    assert.equal(own.test_clock, null);
    assert.ok(Math.abs(own.date - Date.now() / 1000) < 600);
  });

  test('an auto-advancing invoice is finalized and charged when the clock passes one hour after its creation', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await clockCustomer(stripe, clock.id, 'pm_card_visa');
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2500, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    assert.equal(inv.created, T0);
    await advanceClock(stripe, clock.id, T0 + HOUR - 1);
    assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'draft');
    await advanceClock(stripe, clock.id, T0 + 2 * HOUR);
    const paid: any = await stripe.invoices.retrieve(inv.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.status_transitions.finalized_at, T0 + HOUR);
    assert.equal(paid.status_transitions.paid_at, T0 + HOUR);
    assert.equal(paid.attempt_count, 1);
    const [charge] = (await stripe.charges.list({ customer: customer.id })).data;
    assert.equal(charge.created, T0 + HOUR);
    assert.equal(charge.amount, 2500);
    if (!BASIL) assert.equal(paid.charge, charge.id);
    const [intent] = (await stripe.paymentIntents.list({ customer: customer.id })).data;
    assert.equal(intent.created, T0 + HOUR);
    // The advance's events, in order, end with the clock ready.
    const types = (await stripe.events.list({ limit: 30 })).data.map((e) => e.type).reverse();
    const from = types.lastIndexOf('test_helpers.test_clock.advancing');
    assert.deepEqual([types[from + 1], types[types.length - 1]], ['invoice.finalized', 'test_helpers.test_clock.ready']);
    // A refund made now is made at the clock's time, like the customer's other objects.
    const refund = await stripe.refunds.create({ charge: charge.id, amount: 500 });
    assert.equal(refund.created, T0 + 2 * HOUR);
  });

  test('payment retries follow the clock; another clock does not move them', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const bystander = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await clockCustomer(stripe, clock.id, 'pm_card_chargeCustomerFail');
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    await advanceClock(stripe, bystander.id, T0 + 30 * DAY);
    assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'draft');
    const first = T0 + HOUR;
    await advanceClock(stripe, clock.id, first + HOUR);
    let open = await stripe.invoices.retrieve(inv.id);
    assert.equal(open.status, 'open');
    assert.equal(open.attempt_count, 1);
    assert.equal(open.next_payment_attempt, first + DAY);
    // One advance over three retries: each fires at its own time, in order.
    await advanceClock(stripe, clock.id, first + 6 * DAY);
    open = await stripe.invoices.retrieve(inv.id);
    assert.equal(open.attempt_count, 4);
    assert.equal(open.next_payment_attempt, first + 7 * DAY);
    const charges = (await stripe.charges.list({ customer: customer.id })).data.map((c) => c.created).sort();
    assert.deepEqual(charges, [first, first + DAY, first + 3 * DAY, first + 5 * DAY]);
  });

  test('invoice.overdue follows the clock: once, when an advance passes the due date', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await clockCustomer(stripe, clock.id, null);
    const inv = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 3 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 900, currency: 'usd' });
    const open = await stripe.invoices.finalizeInvoice(inv.id);
    assert.equal(open.due_date, T0 + 3 * DAY);
    const overdue = async () => (await stripe.events.list({ type: 'invoice.overdue' })).data;
    await advanceClock(stripe, clock.id, T0 + 3 * DAY);
    assert.equal((await overdue()).length, 0);
    await advanceClock(stripe, clock.id, T0 + 4 * DAY);
    const [event] = await overdue();
    assert.equal((event.data.object as Stripe.Invoice).id, inv.id);
    await stripe.invoices.update(inv.id, { metadata: { k: 'v' } });
    await advanceClock(stripe, clock.id, T0 + 9 * DAY);
    assert.equal((await overdue()).length, 1);
  });

  test('a clock created with an existing customer takes it and what it owns along', async () => {
    const { stripe } = server.fresh();
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    const pms = await stripe.customers.listPaymentMethods(customer.id);
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pms.data[0].id } });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1100, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    const start = inv.created - 60;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start, customer: customer.id } as any);
    assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).test_clock, clock.id);
    assert.equal((await stripe.invoices.retrieve(inv.id)).test_clock, clock.id);
    await assert.rejects(
      stripe.testHelpers.testClocks.create({ frozen_time: start, customer: customer.id } as any),
      (e: any) => e.statusCode === 400 && e.param === 'customer',
    );
    await assert.rejects(stripe.testHelpers.testClocks.create({ frozen_time: start, customer: 'cus_missing' } as any), (e: any) => e.code === 'resource_missing' && e.param === 'customer');
    // Its invoice is now collected on the clock: an hour after creation, in the clock's time.
    await advanceClock(stripe, clock.id, inv.created + HOUR);
    const paid = await stripe.invoices.retrieve(inv.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.status_transitions.paid_at, inv.created + HOUR);
  });

  test('deleting a clock deletes its customers and what they own', async () => {
    const { stripe } = server.fresh();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const customer = await clockCustomer(stripe, clock.id, 'pm_card_visa');
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 300, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, auto_advance: false });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd', invoice: draft.id });
    const paid = await stripe.invoices.pay(draft.id);
    assert.equal(paid.status, 'paid');
    const keep = await stripe.customers.create();
    const kept = await stripe.invoiceItems.create({ customer: keep.id, amount: 100, currency: 'usd' });

    await stripe.testHelpers.testClocks.del(clock.id);
    const gone = await stripe.customers.retrieve(customer.id);
    assert.equal(gone.deleted, true);
    await assert.rejects(stripe.invoiceItems.retrieve(pending.id), (e: any) => e.statusCode === 404);
    await assert.rejects(stripe.invoices.retrieve(draft.id), (e: any) => e.statusCode === 404);
    assert.deepEqual((await stripe.charges.list()).data, []);
    assert.deepEqual((await stripe.paymentIntents.list()).data, []);
    assert.equal((await stripe.invoiceItems.retrieve(kept.id)).id, kept.id);
    assert.deepEqual((await stripe.invoices.list()).data, []);
    const types = (await stripe.events.list({ limit: 5 })).data.map((e) => e.type);
    assert.equal(types[0], 'test_helpers.test_clock.deleted');
    assert.ok(types.includes('customer.deleted'));
  });
});
