// PaymentMethods from Stripe's test tokens, numbers and ready-made `pm_card_*` ids: create,
// attach (a ready-made id becomes the customer's own copy), detach, update, list; the
// declining test cards that can't be attached; a customer's invoice default.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { TEST_CARDS } from '../../src/resources/payment-methods/test-cards.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('create and retrieve', () => {
  test('card[token] makes a card PaymentMethod with the test card details', async () => {
    const { stripe } = server.fresh();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' }, billing_details: { name: 'Jenny Rosen' }, metadata: { k: 'v' } });
    assert.match(pm.id, /^pm_/);
    assert.equal(pm.object, 'payment_method');
    assert.equal(pm.type, 'card');
    assert.equal(pm.customer, null);
    assert.equal(pm.card!.brand, 'visa');
    assert.equal(pm.card!.last4, '4242');
    assert.equal(pm.card!.funding, 'credit');
    assert.equal(pm.card!.country, 'US');
    assert.equal(pm.billing_details.name, 'Jenny Rosen');
    assert.deepEqual(pm.metadata, { k: 'v' });
    assert.equal('internal' in pm, false);
    assert.deepEqual(await stripe.paymentMethods.retrieve(pm.id), pm);
  });

  test('card numbers: test numbers work, a Luhn failure is incorrect_number, a live card is declined', async () => {
    const { stripe } = server.fresh();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '5555555555554444', exp_month: 12, exp_year: 2040, cvc: '123' } } as any);
    assert.equal(pm.card!.brand, 'mastercard');
    assert.equal(pm.card!.exp_year, 2040);
    assert.equal(pm.card!.checks!.cvc_check, 'unchecked');
    await rejects(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 12, exp_year: 2040 } } as any), {
      status: 402, code: 'incorrect_number', message: 'Your card number is incorrect.',
    });
    await rejects(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 13, exp_year: 2040 } } as any), {
      status: 402, code: 'invalid_expiry_month',
    });
    await rejects(stripe.paymentMethods.create({ type: 'card', card: { number: '4111111111111111', exp_month: 1, exp_year: 2040 } } as any), {
      status: 402, code: 'card_declined',
    });
  });

  test('unknown token, missing card, a token where a PaymentMethod is expected', async () => {
    const { stripe } = server.fresh();
    await rejects(stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_nope' } }), { code: 'resource_missing', param: 'card[token]' });
    await rejects(stripe.paymentMethods.create({ type: 'card' }), { code: 'parameter_missing', param: 'card' });
    const c = await stripe.customers.create();
    await rejects(stripe.paymentMethods.attach('tok_visa', { customer: c.id }), { param: 'payment_method', message: /A token may not be passed in as a PaymentMethod/ });
    await rejects(stripe.paymentMethods.retrieve('pm_nope'), { status: 404, code: 'resource_missing' });
  });
});

describe('attach, detach, update, list', () => {
  test('attaching pm_card_visa gives the customer its own copy, each time a new one', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create();
    const a = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const b = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    assert.match(a.id, /^pm_(?!card_)/);
    assert.notEqual(a.id, b.id);
    assert.equal(a.customer, c.id);
    const list = await stripe.customers.listPaymentMethods(c.id);
    assert.deepEqual(list.data.map((p) => p.id), [b.id, a.id]);
    assert.equal(list.url, `/v1/customers/${c.id}/payment_methods`);
    const byFilter = await stripe.paymentMethods.list({ customer: c.id, type: 'card' });
    assert.deepEqual(byFilter.data.map((p) => p.id), [b.id, a.id]);
    assert.equal((await stripe.paymentMethods.list({ customer: c.id, type: 'sepa_debit' as any })).data.length, 0);
    assert.equal((await stripe.customers.retrievePaymentMethod(c.id, a.id)).id, a.id);
  });

  test('attaching to another customer, to a missing customer, detaching twice', async () => {
    const { stripe } = server.fresh();
    const [c1, c2] = [await stripe.customers.create(), await stripe.customers.create()];
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
    await rejects(stripe.paymentMethods.attach(pm.id, { customer: 'cus_missing' }), { code: 'resource_missing', param: 'customer' });
    await stripe.paymentMethods.attach(pm.id, { customer: c1.id });
    await rejects(stripe.paymentMethods.attach(pm.id, { customer: c2.id }), { message: /already been attached to a customer/ });
    const detached = await stripe.paymentMethods.detach(pm.id);
    assert.equal(detached.customer, null);
    await rejects(stripe.paymentMethods.detach(pm.id), { message: /not attached to a customer so detachment is impossible/ });
    // "Detachment is permanent and irreversible."
    await rejects(stripe.paymentMethods.attach(pm.id, { customer: c1.id }), { message: /may not be used again/ });
    await rejects(stripe.paymentMethods.detach(pm.id, { customer: c1.id } as any), { code: 'parameter_unknown', param: 'customer' });
  });

  test('update needs an attached PaymentMethod; billing details, expiry, metadata', async () => {
    const { stripe } = server.fresh();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_amex' } });
    await rejects(stripe.paymentMethods.update(pm.id, { metadata: { a: '1' } }), { message: 'A PaymentMethod must be attached to a customer to be updated.' });
    const c = await stripe.customers.create();
    await stripe.paymentMethods.attach(pm.id, { customer: c.id });
    const up = await stripe.paymentMethods.update(pm.id, { metadata: { a: '1' }, billing_details: { email: 'j@example.com' }, card: { exp_month: 3, exp_year: 2041 } });
    assert.deepEqual(up.metadata, { a: '1' });
    assert.equal(up.billing_details.email, 'j@example.com');
    assert.equal(up.card!.exp_month, 3);
    assert.equal(up.card!.brand, 'amex');
  });

  test('every test card from docs.stripe.com/testing: the declining ones cannot be attached, with their code and decline_code', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create();
    for (const card of TEST_CARDS.filter((t) => t.pm !== null)) {
      if (card.attachDecline === null) {
        const pm = await stripe.paymentMethods.attach(card.pm!, { customer: c.id });
        assert.equal(pm.card!.last4, card.number.slice(-4), card.pm!);
        assert.equal(pm.card!.brand, card.brand, card.pm!);
        continue;
      }
      await assert.rejects(stripe.paymentMethods.attach(card.pm!, { customer: c.id }), (e: any) => {
        assert.equal(e.statusCode, 402, card.pm!);
        assert.equal(e.type, 'StripeCardError');
        assert.equal(e.code, card.attachDecline!.code);
        assert.equal(e.decline_code || null, card.attachDecline!.decline_code);
        assert.equal(e.message, card.attachDecline!.message);
        return true;
      });
    }
    // Only the cards that attach are the customer's.
    const attached = await stripe.customers.listPaymentMethods(c.id, { limit: 100 });
    assert.equal(attached.data.length, TEST_CARDS.filter((t) => t.pm !== null && t.attachDecline === null).length);
  });
});

describe('customers', () => {
  test('payment_method on create attaches; invoice_settings[default_payment_method] must be the customer\'s own', async () => {
    const { stripe } = server.fresh();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const c = await stripe.customers.create({ payment_method: pm.id, invoice_settings: { default_payment_method: pm.id } });
    assert.equal(c.invoice_settings.default_payment_method, pm.id);
    assert.equal((await stripe.paymentMethods.retrieve(pm.id)).customer, c.id);
    const other = await stripe.customers.create();
    const param = 'invoice_settings[default_payment_method]';
    await rejects(stripe.customers.update(other.id, { invoice_settings: { default_payment_method: pm.id } }), {
      param, message: `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
    });
    const expanded = await stripe.customers.retrieve(c.id, { expand: ['invoice_settings.default_payment_method'] });
    assert.equal(((expanded as any).invoice_settings.default_payment_method as any).id, pm.id);
    // Detaching the default leaves the customer without one.
    await stripe.paymentMethods.detach(pm.id);
    assert.equal(((await stripe.customers.retrieve(c.id)) as any).invoice_settings.default_payment_method, null);
    const cleared = await stripe.customers.update(other.id, { invoice_settings: { default_payment_method: '' } });
    assert.equal(cleared.invoice_settings.default_payment_method, null);
  });

  test('another account cannot see or attach a PaymentMethod', async () => {
    const a = server.fresh().stripe;
    const b = server.fresh().stripe;
    const pm = await a.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const c = await b.customers.create();
    await rejects(b.paymentMethods.retrieve(pm.id), { status: 404, code: 'resource_missing' });
    await rejects(b.paymentMethods.attach(pm.id, { customer: c.id }), { code: 'resource_missing' });
  });
});
