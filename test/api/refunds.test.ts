// Refunds: whole and partial, by charge or PaymentIntent, until the charge is fully refunded;
// the charge's amount_refunded/refunded and its refunds list (shown by default before
// 2022-11-15, expandable since); Stripe's errors; refund.* and charge.refunded events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function paid(stripe: Stripe, amount = 5000, card = 'pm_card_visa', currency = 'usd') {
  return stripe.paymentIntents.create({ amount, currency, payment_method: card, confirm: true });
}

describe('refunds', () => {
  test('partial then the rest; then charge_already_refunded', async () => {
    const { stripe } = server.fresh();
    const pi = await paid(stripe);
    const chargeId = pi.latest_charge as string;
    const r1 = await stripe.refunds.create({ charge: chargeId, amount: 2000, reason: 'requested_by_customer', metadata: { n: '1' } });
    assert.match(r1.id, /^re_/);
    assert.equal(r1.object, 'refund');
    assert.equal(r1.amount, 2000);
    assert.equal(r1.status, 'succeeded');
    assert.equal(r1.charge, chargeId);
    assert.equal(r1.payment_intent, pi.id);
    assert.equal(r1.reason, 'requested_by_customer');
    let ch = await stripe.charges.retrieve(chargeId);
    assert.equal(ch.amount_refunded, 2000);
    assert.equal(ch.refunded, false);
    await rejects(stripe.refunds.create({ charge: chargeId, amount: 3001 }), {
      param: 'amount', message: 'Refund amount ($30.01) is greater than unrefunded amount on charge ($30.00)',
    });
    const r2 = await stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(r2.amount, 3000);
    ch = await stripe.charges.retrieve(chargeId);
    assert.equal(ch.amount_refunded, 5000);
    assert.equal(ch.refunded, true);
    await rejects(stripe.refunds.create({ charge: chargeId }), { code: 'charge_already_refunded', message: `Charge ${chargeId} has already been refunded.` });
    const list = await stripe.refunds.list({ charge: chargeId });
    assert.deepEqual(list.data.map((r) => r.id), [r2.id, r1.id]);
    assert.deepEqual((await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id), [r2.id, r1.id]);
    assert.deepEqual(await stripe.refunds.retrieve(r1.id), r1);
  });

  test('the charge\'s refunds list: embedded before 2022-11-15, expandable after', async () => {
    const { stripe, key } = server.fresh();
    const pi = await paid(stripe);
    const chargeId = pi.latest_charge as string;
    const r = await stripe.refunds.create({ charge: chargeId, amount: 100 });
    const newest = server.newest(key);
    const plain = await newest.charges.retrieve(chargeId);
    assert.equal('refunds' in plain, false);
    const expanded = await newest.charges.retrieve(chargeId, { expand: ['refunds'] });
    assert.deepEqual(expanded.refunds!.data.map((x) => x.id), [r.id]);
    assert.equal(expanded.refunds!.url, `/v1/charges/${chargeId}/refunds`);
    const old = server.stripe(key, { apiVersion: '2022-08-01' as any });
    const embedded: any = await old.charges.retrieve(chargeId);
    assert.deepEqual(embedded.refunds.data.map((x: any) => x.id), [r.id]);
    const oldIntent: any = await old.paymentIntents.retrieve(pi.id);
    assert.deepEqual(oldIntent.charges.data.map((x: any) => x.id), [chargeId]);
    assert.equal(LATEST > '2022-11-15', true);
  });

  test('bad input: neither or both of charge and payment_intent, missing ones, failed and uncaptured charges', async () => {
    const { stripe } = server.fresh();
    await rejects(stripe.refunds.create({}), { code: 'parameter_missing' });
    const pi = await paid(stripe);
    await rejects(stripe.refunds.create({ charge: pi.latest_charge as string, payment_intent: pi.id }), { message: /only specify one of/ });
    await rejects(stripe.refunds.create({ charge: 'ch_missing' }), { code: 'resource_missing', param: 'charge' });
    await rejects(stripe.refunds.create({ payment_intent: 'pi_missing' }), { code: 'resource_missing', param: 'payment_intent' });
    let failedIntent = '';
    await assert.rejects(paid(stripe, 5000, 'pm_card_visa_chargeDeclined'), (e: any) => ((failedIntent = e.payment_intent.id), true));
    await rejects(stripe.refunds.create({ payment_intent: failedIntent }), { param: 'payment_intent' });
    const held = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    await rejects(stripe.refunds.create({ charge: held.latest_charge as string }), { param: 'charge', message: /not been captured/ });
    await rejects(stripe.refunds.create({ charge: pi.latest_charge as string, amount: 0 }), { param: 'amount' });
    const other = server.fresh().stripe;
    await rejects(other.refunds.create({ charge: pi.latest_charge as string }), { code: 'resource_missing' });
  });

  test('pm_card_pendingRefund starts the refund pending; metadata updates; events', async () => {
    const { stripe } = server.fresh();
    const pi = await paid(stripe, 1000, 'pm_card_pendingRefund');
    const since = (await stripe.events.list({ limit: 1 })).data[0].id;
    const r = await stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(r.status, 'pending');
    const up = await stripe.refunds.update(r.id, { metadata: { why: 'test' } });
    assert.deepEqual(up.metadata, { why: 'test' });
    const types = (await stripe.events.list({ ending_before: since })).data.reverse().map((e) => e.type);
    assert.deepEqual(types, ['refund.created', 'charge.refunded', 'refund.updated']);
    // (Its later move to succeeded is refund-outcomes.test.ts's: no job runs in this server.)
  });
});
