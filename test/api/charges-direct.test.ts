// Charges made directly: POST /v1/charges with a test token, a test PaymentMethod or a
// customer's card; capture=false and POST /v1/charges/:id/capture; update; the test cards'
// declines (402 with the failed charge's id, charge.failed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

test('a token pays at once; update description and metadata; list by customer', async () => {
  const { stripe } = server.fresh();
  const ch = await stripe.charges.create({ amount: 2500, currency: 'usd', source: 'tok_visa', description: 'Order 1', metadata: { order: '1' } });
  assert.match(ch.id, /^ch_/);
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.paid, true);
  assert.equal(ch.captured, true);
  assert.equal(ch.amount_captured, 2500);
  assert.equal(ch.payment_intent, null);
  assert.equal(ch.payment_method_details!.card!.last4, '4242');
  assert.deepEqual(ch.metadata, { order: '1' });
  const upd = await stripe.charges.update(ch.id, { description: 'Order 1 (gift)', metadata: { gift: 'yes' } });
  assert.equal(upd.description, 'Order 1 (gift)');
  assert.deepEqual(upd.metadata, { order: '1', gift: 'yes' });

  const customer = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
  await rejects(stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id }), { param: 'card', message: 'Cannot charge a customer that has no active card' });
  const mine = await stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id, source: pm.id });
  assert.equal(mine.customer, customer.id);
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const byDefault = await stripe.charges.create({ amount: 1100, currency: 'usd', customer: customer.id });
  assert.equal(byDefault.payment_method, pm.id);
  assert.deepEqual((await stripe.charges.list({ customer: customer.id })).data.map((c) => c.id), [byDefault.id, mine.id]);
  const types = (await stripe.events.list({ type: 'charge.*' } as any)).data.map((e) => e.type);
  assert.ok(types.includes('charge.succeeded') && types.includes('charge.updated'));
});

test('declines: 402 card_error with the failed charge; bad sources and amounts are 400s', async () => {
  const { stripe } = server.fresh();
  let failedId = '';
  await assert.rejects(stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_chargeDeclined' }), (e: any) => {
    assert.equal(e.statusCode, 402);
    assert.equal(e.type, 'StripeCardError');
    assert.equal(e.code, 'card_declined');
    assert.equal(e.decline_code, 'generic_decline');
    failedId = e.raw.charge;
    return true;
  });
  const failed = await stripe.charges.retrieve(failedId);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.failure_code, 'card_declined');
  await assert.rejects(stripe.charges.create({ amount: 2000, currency: 'usd', source: 'pm_card_visa_chargeDeclinedInsufficientFunds' }), (e: any) => e.decline_code === 'insufficient_funds');
  await assert.rejects(stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_threeDSecure2Required' }), (e: any) => e.code === 'authentication_required');
  await rejects(stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_nope' }), { param: 'source' });
  await rejects(stripe.charges.create({ amount: 2000, currency: 'usd' }), { message: 'Must provide source or customer.' });
  await rejects(stripe.charges.create({ amount: 20, currency: 'usd', source: 'tok_visa' }), { code: 'amount_too_small' });
  const customer = await stripe.customers.create();
  await rejects(stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_visa', customer: customer.id }), { param: 'source' });
  assert.equal((await stripe.events.list()).data.filter((e) => e.type === 'charge.failed').length, 3);
});

test('capture=false authorizes; capture takes all or part; captured twice is refused', async () => {
  const { stripe } = server.fresh();
  const auth = await stripe.charges.create({ amount: 5000, currency: 'usd', source: 'tok_visa', capture: false });
  assert.equal(auth.captured, false);
  assert.equal(auth.status, 'succeeded');
  assert.equal(auth.amount_captured, 0);
  const cap = await stripe.charges.capture(auth.id, { amount: 3000 });
  assert.equal(cap.captured, true);
  assert.equal(cap.amount_captured, 3000);
  assert.equal(cap.amount_refunded, 2000);
  await rejects(stripe.charges.capture(auth.id), { code: 'charge_already_captured' });
  const whole = await stripe.charges.create({ amount: 700, currency: 'usd', source: 'tok_mastercard', capture: false });
  await rejects(stripe.charges.capture(whole.id, { amount: 800 }), { param: 'amount' });
  assert.equal((await stripe.charges.capture(whole.id)).amount_captured, 700);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
  await rejects(stripe.charges.capture(pi.latest_charge as string), { code: 'payment_intent_unexpected_state' });
  assert.ok((await stripe.events.list()).data.some((e) => e.type === 'charge.captured'));
});
