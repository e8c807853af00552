// Standalone PaymentIntents and their Charges: create, confirm (at once or later), manual
// capture, cancel, the test cards' outcomes, zero-decimal currencies and minimum amounts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { before as versionBefore } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('create and confirm', () => {
  test('without a payment method, with one, confirmed later; the charge it makes', async () => {
    const { stripe } = server.fresh();
    const bare = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', metadata: { order: '7' } });
    assert.match(bare.id, /^pi_/);
    assert.equal(bare.status, 'requires_payment_method');
    assert.match(bare.client_secret!, new RegExp(`^${bare.id}_secret_`));
    assert.deepEqual(bare.payment_method_types, ['card']);
    assert.equal(bare.latest_charge, null);
    const withPm = await stripe.paymentIntents.update(bare.id, { payment_method: 'pm_card_visa' });
    assert.equal(withPm.status, 'requires_confirmation');
    const done = await stripe.paymentIntents.confirm(bare.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.amount_received, 1500);
    const ch = await stripe.charges.retrieve(done.latest_charge as string);
    assert.equal(ch.amount, 1500);
    assert.equal(ch.payment_intent, done.id);
    assert.equal(ch.status, 'succeeded');
    assert.equal(ch.payment_method_details!.card!.checks!.cvc_check, null);
    await rejects(stripe.paymentIntents.confirm(bare.id), { code: 'payment_intent_unexpected_state', message: /because it has a status of succeeded/ });
  });

  test('confirm=true with a declining card: 402, requires_payment_method, last_payment_error, failed charge', async () => {
    const { stripe } = server.fresh();
    let id = '';
    await assert.rejects(
      stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true }),
      (e: any) => {
        assert.equal(e.statusCode, 402);
        assert.equal(e.code, 'card_declined');
        assert.equal(e.decline_code, 'insufficient_funds');
        assert.equal(e.message, 'Your card has insufficient funds.');
        id = e.payment_intent.id;
        return true;
      },
    );
    const pi = await stripe.paymentIntents.retrieve(id);
    assert.equal(pi.status, 'requires_payment_method');
    assert.equal(pi.payment_method, null);
    assert.equal(pi.amount_received, 0);
    assert.equal(pi.last_payment_error!.type, 'card_error');
    assert.equal(pi.last_payment_error!.decline_code, 'insufficient_funds');
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    assert.equal(ch.status, 'failed');
    assert.equal(ch.failure_code, 'card_declined');
    // Another card then succeeds; an update clears last_payment_error.
    const updated = await stripe.paymentIntents.update(id, { metadata: { retry: '1' } });
    assert.equal(updated.last_payment_error, null);
    const ok = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_mastercard' });
    assert.equal(ok.status, 'succeeded');
    assert.equal((await stripe.charges.list({ payment_intent: id })).data.length, 2);
  });

  test('confirming without a payment method, a customer\'s card on an intent without that customer', async () => {
    const { stripe } = server.fresh();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });
    await rejects(stripe.paymentIntents.confirm(pi.id), { param: 'payment_method', message: /missing a payment method/ });
    const c = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    await rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: pm.id }), { param: 'payment_method', message: /belongs to a Customer/ });
    const mine = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', customer: c.id, payment_method: pm.id, confirm: true, off_session: true });
    assert.equal(mine.status, 'succeeded');
    await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'eur', off_session: true }), { param: 'off_session' });
  });

  test('a PaymentMethod used without a customer cannot be used again', async () => {
    const { stripe } = server.fresh();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true });
    await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id }), { param: 'payment_method', message: /may not be used again/ });
  });
});

describe('amounts', () => {
  test('minimum charge amounts, zero-decimal currencies', async () => {
    const { stripe } = server.fresh();
    await rejects(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }), { code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
    await rejects(stripe.paymentIntents.create({ amount: 29, currency: 'gbp' }), { code: 'amount_too_small', message: 'Amount must be at least £0.30 gbp' });
    await rejects(stripe.paymentIntents.create({ amount: 0, currency: 'usd' }), { code: 'parameter_invalid_integer', param: 'amount' });
    const yen = await stripe.paymentIntents.create({ amount: 500, currency: 'JPY', payment_method: 'pm_card_jcb', confirm: true });
    assert.equal(yen.currency, 'jpy');
    assert.equal(yen.amount_received, 500);
    await rejects(stripe.paymentIntents.create({ amount: 49, currency: 'jpy' }), { code: 'amount_too_small', message: 'Amount must be at least ¥50 jpy' });
    await rejects(stripe.paymentIntents.create({ amount: 1000 } as any), { code: 'parameter_missing', param: 'currency' });
  });
});

describe('manual capture and cancel', () => {
  test('capture_method=manual: requires_capture, then a partial capture releases the rest', async () => {
    const { stripe } = server.fresh();
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    assert.equal(pi.status, 'requires_capture');
    assert.equal(pi.amount_capturable, 3000);
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    assert.equal(ch.captured, false);
    assert.equal(ch.paid, true);
    await rejects(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3001 }), { param: 'amount_to_capture' });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2000 });
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 2000);
    assert.equal(captured.amount_capturable, 0);
    const after = await stripe.charges.retrieve(pi.latest_charge as string);
    assert.equal(after.captured, true);
    assert.equal(after.amount_captured, 2000);
    assert.equal(after.amount_refunded, 1000);
    await rejects(stripe.paymentIntents.capture(pi.id), { code: 'payment_intent_unexpected_state', message: /already been captured/ });
  });

  test('cancel from requires_payment_method and requires_capture; not once succeeded', async () => {
    const { stripe } = server.fresh();
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(a.id, { cancellation_reason: 'abandoned' });
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.cancellation_reason, 'abandoned');
    assert.ok(canceled.canceled_at! > 0);
    await rejects(stripe.paymentIntents.cancel(a.id), { code: 'payment_intent_unexpected_state', message: /status of canceled/ });
    const b = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    assert.equal((await stripe.paymentIntents.cancel(b.id)).status, 'canceled');
    await rejects(stripe.paymentIntents.capture(b.id), { code: 'payment_intent_unexpected_state', message: /status of canceled/ });
    const c = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await rejects(stripe.paymentIntents.cancel(c.id), {
      code: 'payment_intent_unexpected_state',
      message: 'You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.',
    });
  });
});

describe('lists', () => {
  test('payment intents and charges list by customer and created, with pagination', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', customer: c.id, payment_method: pm.id, confirm: true })).id);
    await stripe.paymentIntents.create({ amount: 999, currency: 'usd' });
    const page1 = await stripe.paymentIntents.list({ customer: c.id, limit: 2 });
    assert.deepEqual(page1.data.map((p) => p.id), [ids[2], ids[1]]);
    assert.equal(page1.has_more, true);
    const page2 = await stripe.paymentIntents.list({ customer: c.id, limit: 2, starting_after: ids[1] });
    assert.deepEqual(page2.data.map((p) => p.id), [ids[0]]);
    assert.equal((await stripe.paymentIntents.list()).data.length, 4);
    const charges = await stripe.charges.list({ customer: c.id, created: { gte: 0 } });
    assert.equal(charges.data.length, 3);
    assert.equal(charges.url, '/v1/charges');
    const expanded = await stripe.paymentIntents.retrieve(ids[0], { expand: ['latest_charge', 'payment_method'] });
    assert.equal((expanded.latest_charge as any).object, 'charge');
    assert.equal((expanded.payment_method as any).id, pm.id);
    if (versionBefore('2022-11-15')) assert.equal((expanded as any).charges.data.length, 1);
    else assert.equal('charges' in expanded, false);
  });
});
