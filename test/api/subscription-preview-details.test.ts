// create_preview's `subscription_details` beyond the change itself: `start_date` of a new
// subscription ("can be future or past": a future one previews the first invoice made on that
// date, a past one backdates), `billing_mode` of an existing subscription (classic → flexible
// previews the change after a migration; flexible → classic is refused), and schedules, which do
// not exist here (a Stripe-shaped 400).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { clockedWorld, DAY, T0, FEB1 } from '../helpers/clocked-world.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('create_preview subscription_details', () => {
  test('a future start_date previews the first invoice as made on that date, and creates nothing', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe, { amount: 3100 });
    const start = T0 + 10 * DAY;
    const preview: any = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id }], start_date: start } });
    assert.equal(preview.total, 3100);
    assert.equal(preview.lines.data.length, 1);
    assert.deepEqual(preview.lines.data[0].period, { start, end: FEB1 + 10 * DAY });
    assert.equal(preview.period_end, start);
    assert.equal((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length, 0);
    assert.equal((await stripe.invoices.list({ customer: customer.id })).data.length, 0);
  });

  test('a past start_date backdates: the elapsed time is charged with the first period', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe, { amount: 3100 });
    const start = T0 - 10 * DAY;
    const preview: any = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id }], start_date: start } });
    const starts = preview.lines.data.map((l: any) => l.period.start);
    assert.equal(Math.min(...starts), start);
    assert.ok(preview.total > 3100, `the backdated days are charged too (${preview.total})`);
    assert.equal((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length, 0);
  });

  test('billing_mode of an existing subscription: classic → flexible previews after a migration; flexible → classic is refused', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe, { amount: 3100 });
    const classic = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_mode: { type: 'classic' } } as any);
    const preview: any = await stripe.invoices.createPreview({ subscription: classic.id, subscription_details: { billing_mode: { type: 'flexible' } } } as any);
    assert.equal(preview.total, 3100);
    assert.equal(((await stripe.subscriptions.retrieve(classic.id)) as any).billing_mode.type, 'classic', 'the preview migrated nothing');
    // The same mode: nothing to migrate.
    await stripe.invoices.createPreview({ subscription: classic.id, subscription_details: { billing_mode: { type: 'classic' } } } as any);

    const { customer: other, price: p2 } = await clockedWorld(stripe, { amount: 3100 });
    const flexible = await stripe.subscriptions.create({ customer: other.id, items: [{ price: p2.id }], billing_mode: { type: 'flexible' } } as any);
    await assert.rejects(
      stripe.invoices.createPreview({ subscription: flexible.id, subscription_details: { billing_mode: { type: 'classic' } } } as any),
      (err: any) => err.statusCode === 400 && err.type === 'StripeInvalidRequestError' && err.param === 'subscription_details[billing_mode][type]',
    );
  });

  test('schedule and schedule_details: a Stripe-shaped 400, as no subscription schedules exist', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    await assert.rejects(stripe.invoices.createPreview({ customer: customer.id, schedule: 'sub_sched_missing' } as any), (err: any) => {
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'resource_missing');
      assert.equal(err.param, 'schedule');
      return true;
    });
    await assert.rejects(
      stripe.invoices.createPreview({ customer: customer.id, schedule_details: { phases: [{ items: [{ price: price.id }] }] } } as any),
      (err: any) => err.statusCode === 400 && err.type === 'StripeInvalidRequestError' && /schedule_details/.test(err.param ?? err.message),
    );
  });
});
