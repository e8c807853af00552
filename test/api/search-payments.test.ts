// Search for charges and PaymentIntents (GET /v1/charges/search, /v1/payment_intents/search):
// their query fields, the three-valued `refunded`, paging and the SDK's auto-pagination.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const ids = (r: { data: { id?: string }[] }) => r.data.map((o) => o.id).sort();

describe('charge and PaymentIntent search', () => {
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let big: Stripe.PaymentIntent;
  let small: Stripe.PaymentIntent;
  let eur: Stripe.PaymentIntent;
  let open: Stripe.PaymentIntent;
  let declined: string;
  before(async () => {
    stripe = server.fresh().stripe;
    customer = await stripe.customers.create({ name: 'Payer' });
    big = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, metadata: { order: 'o-1' } });
    small = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_mastercard', confirm: true });
    eur = await stripe.paymentIntents.create({ amount: 1200, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
    open = await stripe.paymentIntents.create({ amount: 999, currency: 'usd', customer: customer.id });
    const failing = await stripe.paymentIntents.create({ amount: 300, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true }).catch((e) => e);
    declined = failing.raw?.charge ?? failing.raw?.payment_intent?.latest_charge;
    assert.match(declined, /^ch_/);
    await stripe.refunds.create({ payment_intent: big.id });
    await stripe.refunds.create({ payment_intent: eur.id, amount: 200 });
  });

  test('payment intents by amount, currency, customer, status, metadata, created', async () => {
    assert.deepEqual(ids(await stripe.paymentIntents.search({ query: 'amount>1000' })), [big.id, eur.id].sort());
    assert.deepEqual(ids(await stripe.paymentIntents.search({ query: 'currency:"eur"' })), [eur.id]);
    assert.deepEqual(ids(await stripe.paymentIntents.search({ query: `customer:"${customer.id}"` })), [big.id, open.id].sort());
    assert.deepEqual(ids(await stripe.paymentIntents.search({ query: 'status:"requires_payment_method" AND amount:999' })), [open.id]);
    assert.deepEqual(ids(await stripe.paymentIntents.search({ query: `metadata['order']:'o-1'` })), [big.id]);
    assert.deepEqual(ids(await stripe.paymentIntents.search({ query: `created<${big.created}` })), []);
    const r = await stripe.paymentIntents.search({ query: 'amount>0', limit: 1 });
    assert.equal(r.object, 'search_result');
    assert.equal(r.url, '/v1/payment_intents/search');
    assert.equal(r.has_more, true);
  });

  test('charges by amount, status, customer, card details, refunded (true, false, null)', async () => {
    const bigCharge = big.latest_charge as string;
    const eurCharge = eur.latest_charge as string;
    const smallCharge = small.latest_charge as string;
    assert.deepEqual(ids(await stripe.charges.search({ query: 'refunded:"true"' })), [bigCharge]);
    assert.deepEqual(ids(await stripe.charges.search({ query: 'refunded:"false"' })), [eurCharge]);
    assert.ok(ids(await stripe.charges.search({ query: 'refunded:null AND status:"succeeded"' })).includes(smallCharge));
    assert.deepEqual(ids(await stripe.charges.search({ query: 'payment_method_details.card.brand:"mastercard"' })), [smallCharge]);
    assert.deepEqual(ids(await stripe.charges.search({ query: 'payment_method_details.card.last4:"4444"' })), [smallCharge]);
    assert.deepEqual(ids(await stripe.charges.search({ query: `customer:"${customer.id}"` })), [bigCharge]);
    assert.deepEqual(ids(await stripe.charges.search({ query: 'amount>=1200 AND currency:"eur"' })), [eurCharge]);
    assert.deepEqual(ids(await stripe.charges.search({ query: 'disputed:"false" AND amount:700' })), [smallCharge]);
    assert.deepEqual(ids(await stripe.charges.search({ query: 'status:"failed"' })), [declined]);
    assert.deepEqual(ids(await stripe.charges.search({ query: 'payment_method_details.card_present.last4:null AND amount:700' })), [smallCharge]);
  });

  test('pages and auto-pagination; errors name the resource', async () => {
    const seen: string[] = [];
    for await (const pi of stripe.paymentIntents.search({ query: 'amount>0', limit: 2 })) seen.push(pi.id);
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);
    const charges = await stripe.charges.search({ query: 'amount>0', limit: 1 }).autoPagingToArray({ limit: 100 });
    assert.equal(charges.length, 4);
    await rejects(stripe.charges.search({ query: 'email:"a@b.c"' }), { message: 'Field `email` is an unsupported search field for resource `charges`.' });
    await rejects(stripe.paymentIntents.search({ query: 'refunded:"true"' }), { message: 'Field `refunded` is an unsupported search field for resource `payment_intents`.' });
    assert.equal((await server.fresh().stripe.charges.search({ query: 'amount>0' })).data.length, 0, 'another account finds nothing');
  });
});
