// Invoices paid by card: POST /v1/invoices/:id/pay charges the passed, the invoice's or the
// customer's default PaymentMethod. Success marks it paid and records the payment as the
// client's version shows it (charge/payment_intent before basil, InvoicePayments since);
// a decline answers 402 with Stripe's card error and leaves the invoice open and attempted.
// Events are checked through a real webhook receiver.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { BASIL } from '../helpers/versioned.ts';
import { startReceiver, type Receiver } from '../helpers/webhooks.ts';
import { startDelivery, type Deliverer } from '../../src/events/deliver.ts';
import { DEFAULTS } from '../../src/config.ts';

let server: TestServer;
let loop: Deliverer;
const receivers: Receiver[] = [];
before(async () => {
  server = await startServer();
  loop = await startDelivery(server.store, { ...DEFAULTS, webhookRetrySchedule: [0.2], webhookTimeout: 10 }, undefined, { pollMs: 20, minGapMs: 1 });
});
after(async () => {
  await loop.stop();
  for (const r of receivers) await r.close();
  await server.close();
});

/** A customer with a default card, and an open invoice of `amount` for it. */
async function openInvoice(stripe: Stripe, card: string | null, amount = 2000, currency = 'usd') {
  const customer = await stripe.customers.create({ email: 'pay@example.com' });
  let pm: Stripe.PaymentMethod | null = null;
  if (card) {
    pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  }
  await stripe.invoiceItems.create({ customer: customer.id, amount, currency });
  const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
  return { customer, pm, draft };
}

async function watch(stripe: Stripe): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  const ep = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
  r.secret = ep.secret!;
  return r;
}

describe('pay by card', () => {
  test('the customer\'s default card pays; the payment as this version shows it', async () => {
    const { stripe } = server.fresh();
    const { customer, pm, draft } = await openInvoice(stripe, 'pm_card_visa');
    const paid: any = await stripe.invoices.pay(draft.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 2000);
    assert.equal(paid.amount_remaining, 0);
    assert.equal(paid.attempted, true);
    assert.equal(paid.attempt_count, 1);
    assert.equal(paid.next_payment_attempt, null);
    assert.ok(paid.status_transitions.paid_at > 0);
    const intents = await stripe.paymentIntents.list({ customer: customer.id });
    assert.equal(intents.data.length, 1);
    const pi: any = intents.data[0];
    assert.equal(pi.status, 'succeeded');
    assert.equal(pi.amount, 2000);
    assert.equal(pi.amount_received, 2000);
    assert.equal(pi.payment_method, pm!.id);
    const charge: any = await stripe.charges.retrieve(pi.latest_charge);
    assert.equal(charge.status, 'succeeded');
    assert.equal(charge.paid, true);
    assert.equal(charge.captured, true);
    assert.equal(charge.amount_captured, 2000);
    assert.equal(charge.payment_method_details.card.last4, '4242');
    assert.equal((await stripe.charges.list({ customer: customer.id })).data[0].id, charge.id);
    if (BASIL) {
      assert.equal('charge' in paid, false);
      assert.equal('paid' in paid, false);
      const payments = await stripe.invoicePayments.list({ invoice: draft.id });
      assert.equal(payments.data.length, 1);
      const ip = payments.data[0];
      assert.equal(ip.status, 'paid');
      assert.equal(ip.amount_paid, 2000);
      assert.equal(ip.amount_requested, 2000);
      assert.deepEqual(ip.payment, { payment_intent: pi.id, type: 'payment_intent' });
      assert.deepEqual(await stripe.invoicePayments.retrieve(ip.id), ip);
      const expanded: any = await stripe.invoices.retrieve(draft.id, { expand: ['payments'] });
      assert.deepEqual(expanded.payments.data.map((p: any) => p.id), [ip.id]);
      assert.equal('invoice' in charge, false);
    } else {
      assert.equal(paid.paid, true);
      assert.equal(paid.paid_out_of_band, false);
      assert.equal(paid.charge, charge.id);
      assert.equal(paid.payment_intent, pi.id);
      assert.equal(charge.invoice, draft.id);
      assert.equal(pi.invoice, draft.id);
      assert.equal('charges' in pi, false);
    }
  });

  test('payment_method passed to pay wins; it must be the customer\'s', async () => {
    const { stripe } = server.fresh();
    const { customer, draft } = await openInvoice(stripe, 'pm_card_chargeCustomerFail');
    const other = await stripe.customers.create();
    const foreign = await stripe.paymentMethods.attach('pm_card_visa', { customer: other.id });
    await rejects(stripe.invoices.pay(draft.id, { payment_method: foreign.id }), { param: 'payment_method', message: /does not have a payment method with the ID/ });
    assert.equal((await stripe.invoices.retrieve(draft.id)).status, 'draft');
    const mine = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const paid = await stripe.invoices.pay(draft.id, { payment_method: mine.id });
    assert.equal(paid.status, 'paid');
    await rejects(stripe.invoices.pay(draft.id), { message: 'Invoice is already paid' });
  });

  test('no payment method: Stripe\'s error, and the draft stays a draft', async () => {
    const { stripe } = server.fresh();
    const { draft } = await openInvoice(stripe, null);
    await rejects(stripe.invoices.pay(draft.id), { message: /This customer has no attached payment source or default payment method/ });
    const after = await stripe.invoices.retrieve(draft.id);
    assert.equal(after.status, 'draft');
    assert.equal(after.attempted, false);
  });
});

describe('declines', () => {
  test('pm_card_chargeCustomerFail: 402 card_error; invoice open, attempted, counted; a later card pays', async () => {
    const { stripe } = server.fresh();
    const { customer, draft } = await openInvoice(stripe, 'pm_card_chargeCustomerFail');
    let intentId = '';
    await assert.rejects(stripe.invoices.pay(draft.id), (e: any) => {
      assert.equal(e.statusCode, 402);
      assert.equal(e.type, 'StripeCardError');
      assert.equal(e.raw.type, 'card_error');
      assert.equal(e.code, 'card_declined');
      assert.equal(e.decline_code, 'generic_decline');
      assert.equal(e.message, 'Your card was declined.');
      assert.equal(e.doc_url, 'https://stripe.com/docs/error-codes/card-declined');
      assert.match(e.raw.charge, /^ch_/);
      assert.equal(e.payment_intent.object, 'payment_intent');
      assert.equal(e.payment_intent.status, 'requires_payment_method');
      assert.equal(e.payment_intent.payment_method, null);
      assert.equal(e.payment_intent.last_payment_error.decline_code, 'generic_decline');
      assert.equal(e.payment_method.object, 'payment_method');
      assert.equal('internal' in e.payment_intent, false);
      intentId = e.payment_intent.id;
      return true;
    });
    const open: any = await stripe.invoices.retrieve(draft.id);
    assert.equal(open.status, 'open');
    assert.equal(open.attempted, true);
    assert.equal(open.attempt_count, 1);
    assert.equal(open.amount_paid, 0);
    // auto_advance: the next automatic attempt is scheduled a day later (our retry schedule).
    assert.equal(open.next_payment_attempt, open.status_transitions.finalized_at + 86_400);
    const failed = (await stripe.charges.list({ customer: customer.id })).data[0];
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failure_code, 'card_declined');
    assert.equal(failed.failure_message, 'Your card was declined.');
    assert.equal(failed.outcome!.type, 'issuer_declined');
    const pi = await stripe.paymentIntents.retrieve(intentId);
    assert.equal(pi.last_payment_error!.code, 'card_declined');
    // A manual retry does not count again; a good card pays with the same PaymentIntent.
    await assert.rejects(stripe.invoices.pay(draft.id), (e: any) => e.statusCode === 402);
    assert.equal((await stripe.invoices.retrieve(draft.id)).attempt_count, 1);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid: any = await stripe.invoices.pay(draft.id, { payment_method: good.id });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.attempt_count, 1);
    const intents = await stripe.paymentIntents.list({ customer: customer.id });
    assert.deepEqual(intents.data.map((p) => p.id), [intentId]);
    assert.equal(intents.data[0].status, 'succeeded');
    assert.equal((await stripe.charges.list({ payment_intent: intentId })).data.length, 3);
  });

  test('each declining ready-made card passed to pay answers with its own code', async () => {
    const { stripe } = server.fresh();
    const { draft } = await openInvoice(stripe, null);
    const cases: [string, string, string | undefined][] = [
      ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
      ['pm_card_chargeDeclinedExpiredCard', 'expired_card', undefined],
      ['pm_card_chargeDeclinedProcessingError', 'processing_error', undefined],
    ];
    for (const [card, code, decline] of cases)
      await assert.rejects(stripe.invoices.pay(draft.id, { payment_method: card }), (e: any) => {
        assert.equal(e.statusCode, 402, card);
        assert.equal(e.code, code);
        assert.equal(e.decline_code || undefined, decline);
        return true;
      });
    assert.equal((await stripe.invoices.retrieve(draft.id)).status, 'open');
  });

  test('voiding an invoice with a failed attempt cancels its PaymentIntent', async () => {
    const { stripe } = server.fresh();
    const { customer, draft } = await openInvoice(stripe, 'pm_card_chargeCustomerFail');
    await assert.rejects(stripe.invoices.pay(draft.id), (e: any) => e.statusCode === 402);
    await stripe.invoices.voidInvoice(draft.id);
    const pi = (await stripe.paymentIntents.list({ customer: customer.id })).data[0];
    assert.equal(pi.status, 'canceled');
    assert.equal(pi.cancellation_reason, 'void_invoice');
    if (BASIL) assert.equal((await stripe.invoicePayments.list({ invoice: draft.id })).data[0].status, 'canceled');
  });
});

describe('the payment made at finalization', () => {
  test('finalizing makes the PaymentIntent (payment_intent before basil, an open default InvoicePayment since); nothing to pay makes none', async () => {
    const { stripe } = server.fresh();
    const { draft } = await openInvoice(stripe, 'pm_card_visa');
    const open: any = await stripe.invoices.finalizeInvoice(draft.id);
    const intents = (await stripe.paymentIntents.list()).data;
    assert.equal(intents.length, 1);
    assert.equal(intents[0].status, 'requires_payment_method');
    assert.equal(intents[0].amount, 2000);
    if (BASIL) {
      const payments = (await stripe.invoicePayments.list({ invoice: draft.id })).data;
      assert.equal(payments.length, 1);
      assert.equal(payments[0].status, 'open');
      assert.equal(payments[0].is_default, true);
    } else assert.equal(open.payment_intent, intents[0].id);
    // Paying uses that intent.
    await stripe.invoices.pay(draft.id);
    assert.equal((await stripe.paymentIntents.list()).data.length, 1);
    const free = await stripe.customers.create();
    const zero = await stripe.invoices.finalizeInvoice((await stripe.invoices.create({ customer: free.id })).id);
    assert.equal(zero.status, 'paid');
    assert.equal((await stripe.paymentIntents.list({ customer: free.id })).data.length, 0);
  });
});

describe('events', () => {
  test('a decline then a success, delivered in Stripe\'s order', async () => {
    const { stripe } = server.fresh();
    const { customer, draft } = await openInvoice(stripe, 'pm_card_chargeCustomerFail');
    await stripe.invoices.finalizeInvoice(draft.id);
    const r = await watch(stripe);
    const since = (await stripe.events.list({ limit: 1 })).data[0].id;
    await assert.rejects(stripe.invoices.pay(draft.id), (e: any) => e.statusCode === 402);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay(draft.id, { payment_method: good.id });
    // The PaymentIntent was made at finalization, before `since`.
    const wanted = [
      'charge.failed', 'payment_intent.payment_failed', 'invoice.updated', 'invoice.payment_failed',
      'payment_method.attached',
      'charge.succeeded', 'payment_intent.succeeded', 'invoice.paid', 'invoice.payment_succeeded', 'invoice.updated', 'invoice_payment.paid',
    ];
    // The order is the events list's (deliveries run concurrently and may arrive in any order).
    const listed = (await stripe.events.list({ limit: 100, ending_before: since })).data.reverse();
    assert.deepEqual(listed.map((e) => e.type), wanted);
    // Delivered at least once each (a slow answer may bring a retry).
    const delivered = () => new Set(r.events().map((e) => e.id));
    await r.waitFor(() => delivered().size >= wanted.length, 30_000, 'events');
    assert.deepEqual(r.problems, []);
    const events = r.events();
    assert.deepEqual([...delivered()].sort(), listed.map((e) => e.id).sort());
    const failed = events.find((e) => e.type === 'invoice.payment_failed')!.data.object as any;
    assert.equal(failed.attempt_count, 1);
    assert.equal(failed.status, 'open');
    const attached = events.find((e) => e.type === 'payment_method.attached')!.data.object as any;
    assert.equal(attached.customer, customer.id);
  });
});
