// `cancel_at` words (Stripe changelog 2025-07-30.basil, "cancel_at enums"): `min_period_end` and
// `max_period_end` resolve at once to the earliest or latest `current_period_end` of the items,
// after the request's own changes to those periods; the subscription then ends then, on its clock.
// Clients pinned before 2025-07-30.basil knew a timestamp only: a word is an invalid integer.
import { after, before as beforeAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { before } from '../helpers/versioned.ts';
import { DAY, FEB1, HOUR, T0, clockedWorld, invoicesOf, periodOf } from '../helpers/clocked-world.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
after(() => server.close());

const WORDS = !before('2025-07-30.basil');
/** 2030-04-01: a quarter after T0 (2030-01-01). */
const APR1 = Date.UTC(2030, 3, 1) / 1000;

function invalidInteger(param: string, value: string) {
  return (err: any) => {
    assert.equal(err.statusCode, 400);
    assert.equal(err.param, param);
    assert.equal(err.code, 'parameter_invalid_integer');
    assert.equal(err.message, `Invalid integer: ${value}`);
    return true;
  };
}

describe('cancel_at as min_period_end / max_period_end', () => {
  test(WORDS ? 'a monthly subscription with cancel_at=min_period_end ends at its period end, without renewing' : 'refused before 2025-07-30.basil, nothing created', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await clockedWorld(stripe);
    const params = { customer: customer.id, items: [{ price: price.id }], cancel_at: 'min_period_end' } as any;
    if (!WORDS) {
      await assert.rejects(stripe.subscriptions.create(params), invalidInteger('cancel_at', 'min_period_end'));
      assert.equal((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length, 0);
      return;
    }
    const sub = await stripe.subscriptions.create(params);
    assert.equal(sub.cancel_at, FEB1);
    assert.equal(sub.cancel_at_period_end, false);
    assert.equal(sub.cancellation_details?.reason, 'cancellation_requested');
    assert.equal(sub.canceled_at, T0);
    await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(ended.status, 'canceled');
    assert.equal(ended.ended_at, FEB1);
    assert.deepEqual((await invoicesOf(stripe, customer.id)).map((i) => i.billing_reason), ['subscription_create']);
  });

  test(WORDS ? 'mixed intervals: min_period_end is the monthly item\'s end, max_period_end the quarterly one\'s' : 'an update with a word is refused before 2025-07-30.basil, nothing changed', async () => {
    const { stripe } = server.fresh();
    const { customer, product, price } = await clockedWorld(stripe);
    if (!WORDS) {
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
      await assert.rejects(stripe.subscriptions.update(sub.id, { cancel_at: 'max_period_end' } as any), invalidInteger('cancel_at', 'max_period_end'));
      assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancel_at, null);
      return;
    }
    const quarterly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 9000, recurring: { interval: 'month', interval_count: 3 } });
    const items = [{ price: price.id }, { price: quarterly.id }];
    const sub = await stripe.subscriptions.create({ customer: customer.id, items, billing_mode: { type: 'flexible' }, cancel_at: 'max_period_end' } as any);
    assert.equal(sub.cancel_at, APR1);
    const min = await stripe.subscriptions.update(sub.id, { cancel_at: 'min_period_end' } as any);
    assert.equal(min.cancel_at, FEB1);
    // Cleared with '' as a timestamp is.
    const cleared = await stripe.subscriptions.update(sub.id, { cancel_at: '' } as any);
    assert.equal(cleared.cancel_at, null);
    assert.equal(cleared.canceled_at, null);
  });

  test('with a change to the period in the same request, the new period end is taken', { skip: !WORDS && 'words from 2025-07-30.basil' }, async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await clockedWorld(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    // The anchor reset starts a month from Jan 11: Feb 11.
    const reset = await stripe.subscriptions.update(sub.id, { billing_cycle_anchor: 'now', proration_behavior: 'none', cancel_at: 'max_period_end' } as any);
    assert.deepEqual(periodOf(reset), { start: T0 + 10 * DAY, end: FEB1 + 10 * DAY });
    assert.equal(reset.cancel_at, FEB1 + 10 * DAY);
    // A trial set in the same request ends the period at the trial's end.
    const trial = await stripe.subscriptions.update(sub.id, { trial_end: T0 + 20 * DAY, cancel_at: 'min_period_end' } as any);
    assert.equal(trial.cancel_at, T0 + 20 * DAY);
  });

  test('bad values: cancel_at_period_end with a word, an unknown word, max_billed_until', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await clockedWorld(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    if (WORDS) {
      await assert.rejects(stripe.subscriptions.update(sub.id, { cancel_at: 'min_period_end', cancel_at_period_end: true } as any), (err: any) => err.statusCode === 400 && err.param === 'cancel_at');
      // Billing schedules do not exist here: a clear 400, nothing changed.
      await assert.rejects(stripe.subscriptions.update(sub.id, { cancel_at: 'max_billed_until' } as any), (err: any) => err.statusCode === 400 && err.param === 'cancel_at' && /not supported/.test(err.message));
    }
    await assert.rejects(stripe.subscriptions.update(sub.id, { cancel_at: 'soon' } as any), invalidInteger('cancel_at', 'soon'));
    const now = await stripe.subscriptions.retrieve(sub.id);
    assert.equal(now.cancel_at, null);
    assert.equal(now.cancel_at_period_end, false);
  });

  test(WORDS ? 'create_preview takes a word in subscription_details[cancel_at]' : 'create_preview refuses a word before 2025-07-30.basil', async () => {
    const { stripe } = server.fresh();
    const { customer, product, price } = await clockedWorld(stripe);
    if (!WORDS) {
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
      await assert.rejects(
        stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { cancel_at: 'min_period_end' } } as any),
        invalidInteger('subscription_details[cancel_at]', 'min_period_end'),
      );
      return;
    }
    const quarterly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 9000, recurring: { interval: 'month', interval_count: 3 } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }, { price: quarterly.id }], billing_mode: { type: 'flexible' } } as any);
    // Cancelling at the quarter's end still renews the monthly item on Feb 1: that is the next invoice.
    const preview = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: { cancel_at: 'max_period_end' } } as any);
    assert.equal(preview.lines.data.length, 1);
    assert.equal(preview.lines.data[0].period.start, FEB1);
    assert.equal(preview.total, 3100);
    // The preview changed nothing.
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).cancel_at, null);
  });
});
