// The test cards' later refund outcomes (docs.stripe.com/testing#refunds), driven by the
// settlement job on a given clock: pm_card_pendingRefund's refund goes pending → succeeded
// (refund.updated); pm_card_refundFail's goes succeeded → failed (refund.updated, refund.failed)
// and gives its amount back to the charge. Other cards' refunds never move.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { sweepSettlements, SETTLE_AFTER } from '../../src/resources/refunds/settle-job.ts';
import { workEnv } from '../../src/app.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const settleAt = (at: number) => sweepSettlements(workEnv(server.store, { apiVersion: '2025-09-30.clover' as any }), { now: () => at });
const later = () => Math.floor(Date.now() / 1000) + SETTLE_AFTER + 5;

async function paid(stripe: Stripe, card: string): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: card, confirm: true });
}

async function typesSince(stripe: Stripe, since: string): Promise<string[]> {
  return (await stripe.events.list({ ending_before: since, limit: 100 })).data.reverse().map((e) => e.type);
}

test('pm_card_pendingRefund: pending, then succeeded with refund.updated', async () => {
  const { stripe } = server.fresh();
  const pi = await paid(stripe, 'pm_card_pendingRefund');
  const r = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(r.status, 'pending');
  const since = (await stripe.events.list({ limit: 1 })).data[0].id;
  // Not due yet: nothing moves.
  await settleAt(Math.floor(Date.now() / 1000) - 1);
  assert.equal((await stripe.refunds.retrieve(r.id)).status, 'pending');
  assert.ok((await settleAt(later())) >= 1);
  const done = await stripe.refunds.retrieve(r.id);
  assert.equal(done.status, 'succeeded');
  const events = (await stripe.events.list({ ending_before: since })).data;
  assert.deepEqual(events.map((e) => e.type), ['refund.updated']);
  assert.deepEqual((events[0].data as any).previous_attributes, { status: 'pending' });
  const ch = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(ch.amount_refunded, 3000);
  assert.equal(ch.refunded, true);
});

test('pm_card_refundFail: succeeded, then failed with refund.failed; the charge has its amount back', async () => {
  const { stripe } = server.fresh();
  const pi = await paid(stripe, 'pm_card_refundFail');
  const r = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
  assert.equal(r.status, 'succeeded');
  assert.equal((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded, 1000);
  const since = (await stripe.events.list({ limit: 1 })).data[0].id;
  await settleAt(later());
  const failed = await stripe.refunds.retrieve(r.id);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.failure_reason, 'declined');
  const types = await typesSince(stripe, since);
  assert.ok(types.includes('refund.updated') && types.includes('refund.failed'));
  assert.ok(types.indexOf('refund.updated') < types.indexOf('refund.failed'));
  const ch = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(ch.amount_refunded, 0);
  assert.equal(ch.refunded, false);
  // Run again: a refund moves once.
  await settleAt(later() + 10);
  assert.equal((await typesSince(stripe, since)).filter((t) => t === 'refund.failed').length, 1);
});

test('an ordinary card\'s refund never moves', async () => {
  const { stripe } = server.fresh();
  const pi = await paid(stripe, 'pm_card_visa');
  const r = await stripe.refunds.create({ payment_intent: pi.id });
  await settleAt(later());
  assert.equal((await stripe.refunds.retrieve(r.id)).status, 'succeeded');
});
