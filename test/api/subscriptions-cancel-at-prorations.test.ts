// `cancel_at` prorates (Stripe's API reference on `cancel_at`): "If set to a date before the current
// period ends, this will cause a proration if prorations have been enabled using
// `proration_behavior`. If set during a future period, this will always cause a proration for that
// period." Amounts by hand: 3100 a month over January's 31 days is 100 a day; February's 28 days
// make 3100 × 14/28 = 1550 for half of it.
import { after, before as beforeAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { DAY, FEB1, HOUR, T0, clockedWorld, invoicesOf } from '../helpers/clocked-world.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
after(() => server.close());

/** 2030-01-22: ten days of January are left after it. */
const JAN22 = T0 + 21 * DAY;

const pendingOf = async (stripe: Stripe, customer: string) =>
  (await stripe.invoiceItems.list({ customer, pending: true } as any)).data.map((i) => ({ amount: i.amount, proration: i.proration, start: i.period.start, end: i.period.end }));

async function subscribed(stripe: Stripe) {
  const world = await clockedWorld(stripe);
  const sub = await stripe.subscriptions.create({ customer: world.customer.id, items: [{ price: world.price.id }] });
  return { ...world, sub };
}

describe('cancel_at prorations', () => {
  test('an update credits the time after cancel_at; the final invoice at cancel_at collects it', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub } = await subscribed(stripe);
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 });
    assert.deepEqual(await pendingOf(stripe, customer.id), [{ amount: -1000, proration: true, start: JAN22, end: FEB1 }]);
    await advanceClock(stripe, clock.id, JAN22 + HOUR);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(ended.status, 'canceled');
    assert.equal(ended.ended_at, JAN22);
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    assert.equal(invs[1].total, -1000);
    assert.equal(ended.latest_invoice, invs[1].id);
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
  });

  test('proration_behavior=none: no credit, no final invoice', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub } = await subscribed(stripe);
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22, proration_behavior: 'none' });
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
    await advanceClock(stripe, clock.id, JAN22 + HOUR);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'canceled');
    assert.equal((await invoicesOf(stripe, customer.id)).length, 1);
  });

  test('always_invoice bills the credit at once', async () => {
    const { stripe } = server.fresh();
    const { customer, sub } = await subscribed(stripe);
    const updated = await stripe.subscriptions.update(sub.id, { cancel_at: JAN22, proration_behavior: 'always_invoice' });
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    assert.equal(updated.latest_invoice, invs[1].id);
    assert.equal(invs[1].billing_reason, 'subscription_update');
    assert.equal(invs[1].total, -1000);
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
  });

  test('clearing cancel_at charges the credited time back; moving it credits from the new time', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub } = await subscribed(stripe);
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 });
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 + 5 * DAY });
    const moved = await pendingOf(stripe, customer.id);
    // -1000 (after Jan 22), +1000 back, -500 (after Jan 27).
    assert.deepEqual(moved.map((i) => i.amount).sort((a, b) => a - b), [-1000, -500, 1000]);
    await stripe.subscriptions.update(sub.id, { cancel_at: '' as any });
    const cleared = await pendingOf(stripe, customer.id);
    assert.equal(cleared.reduce((s, i) => s + i.amount, 0), 0);
    // The renewal carries them: 3100 for February, the prorations netting to nothing.
    await advanceClock(stripe, clock.id, FEB1 + HOUR);
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    assert.equal(invs[1].total, 3100);
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });

  test('create with cancel_at in the first period: the first invoice carries the credit', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at: JAN22 });
    const [first] = await invoicesOf(stripe, customer.id);
    assert.equal(sub.latest_invoice, first.id);
    assert.equal(first.total, 2100);
    assert.deepEqual(first.lines.data.map((l) => l.amount).sort((a, b) => a - b), [-1000, 3100]);
  });

  test('create with proration_behavior=none and cancel_at: the whole period is billed', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at: JAN22, proration_behavior: 'none' });
    const [first] = await invoicesOf(stripe, customer.id);
    assert.equal(first.total, 3100);
  });

  test('cancel_at in a future period always prorates that period, even with proration_behavior=none', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub } = await subscribed(stripe);
    const feb15 = FEB1 + 14 * DAY;
    await stripe.subscriptions.update(sub.id, { cancel_at: feb15, proration_behavior: 'none' });
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
    await advanceClock(stripe, clock.id, FEB1 + HOUR);
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    assert.equal(invs[1].billing_reason, 'subscription_cycle');
    assert.deepEqual(invs[1].lines.data.map((l) => l.amount).sort((a, b) => a - b), [-1550, 3100]);
    assert.equal(invs[1].total, 1550);
    await advanceClock(stripe, clock.id, feb15 + HOUR);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(ended.status, 'canceled');
    assert.equal(ended.ended_at, feb15);
    assert.equal((await invoicesOf(stripe, customer.id)).length, 2);
  });

  test('the invoice.upcoming notice before a renewal into the period holding cancel_at shows its credit', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub } = await subscribed(stripe);
    const feb15 = FEB1 + 14 * DAY;
    await stripe.subscriptions.update(sub.id, { cancel_at: feb15, proration_behavior: 'none' });
    // The notice comes seven days before February 1st (the server's default).
    await advanceClock(stripe, clock.id, FEB1 - 6 * DAY);
    const notices = (await stripe.events.list({ type: 'invoice.upcoming' })).data;
    assert.equal(notices.length, 1);
    const notice = notices[0].data.object as Stripe.Invoice;
    assert.deepEqual(notice.lines.data.map((l) => l.amount).sort((a, b) => a - b), [-1550, 3100]);
    assert.equal(notice.total, 1550);
    // The notice wrote nothing: the credit is made by the renewal itself.
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
    await advanceClock(stripe, clock.id, FEB1 + HOUR);
    const renewal = (await invoicesOf(stripe, customer.id))[1];
    assert.equal(renewal.total, notice.total);
  });

  test('create_preview with subscription_details[cancel_at] shows the credit and changes nothing', async () => {
    const { stripe } = server.fresh();
    const { customer, sub } = await subscribed(stripe);
    const preview = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { cancel_at: JAN22 } } as any);
    assert.ok(preview.lines.data.some((l) => l.amount === -1000), JSON.stringify(preview.lines.data.map((l) => l.amount)));
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancel_at, null);
    assert.deepEqual(await pendingOf(stripe, customer.id), []);
  });

  test('a cancel_at set without a credit is not charged back when it moves', async () => {
    const { stripe } = server.fresh();
    const { customer, sub } = await subscribed(stripe);
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22, proration_behavior: 'none' });
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 + 5 * DAY });
    assert.deepEqual((await pendingOf(stripe, customer.id)).map((i) => i.amount), [-500]);
  });

  test('a quantity change under a credited cancel_at bills exactly the time up to cancel_at at the new quantity', async () => {
    const { stripe } = server.fresh();
    const { customer, sub } = await subscribed(stripe);
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 2 }] });
    const amounts = (await pendingOf(stripe, customer.id)).map((i) => i.amount).sort((a, b) => a - b);
    // -1000 credit, +1000 back, -3100 unused (1 seat), +6200 remaining (2 seats), -2000 after Jan 22 (2 seats).
    assert.deepEqual(amounts, [-3100, -2000, -1000, 1000, 6200]);
    // 21 days at 200 a day, less the 3100 paid.
    assert.equal(amounts.reduce((a, b) => a + b, 0), 21 * 200 - 3100);
  });

  test('DELETE with prorate under a credited cancel_at credits the unused time once', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, sub } = await subscribed(stripe);
    await stripe.subscriptions.update(sub.id, { cancel_at: JAN22 });
    await advanceClock(stripe, clock.id, T0 + 11 * DAY);
    await stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    const invs = await invoicesOf(stripe, customer.id);
    assert.equal(invs.length, 2);
    // 20 days of January unused: 2000.
    assert.equal(invs[1].total, -2000);
  });
});
