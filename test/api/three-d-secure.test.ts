// 3D Secure with the test cards that ask for it: a confirmation leaves the PaymentIntent in
// `requires_action` with a `next_action` leading to a page on this server, whose "Complete"
// and "Fail" buttons finish the payment as Stripe's test page does; off session the payment
// fails with `authentication_required`; an invoice's `pay` answers 402
// `invoice_payment_intent_requires_action`, and completing the authentication pays it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { fetchPublic } from '../helpers/pages.ts';
import { fireDueTimers } from '../../src/work/timers.ts';
import { workEnv } from '../../src/app.ts';
import { DEFAULTS } from '../../src/config.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** The authentication page's URL, whichever shape `next_action` has. */
function actionUrl(pi: any): string {
  const a = pi.next_action;
  if (a.type === 'redirect_to_url') return a.redirect_to_url.url;
  assert.equal(a.type, 'use_stripe_sdk');
  return a.use_stripe_sdk.stripe_js;
}

/** Presses a button of the authentication page, as its form does. */
async function answer(url: string, outcome: 'complete' | 'fail', headers: Record<string, string> = {}) {
  const page = await fetchPublic(url);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-action="complete"[^>]*>Complete</);
  assert.match(page.text, /data-action="fail"[^>]*>Fail</);
  return fetchPublic(url, { method: 'POST', body: `outcome=${outcome}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

async function eventTypes(stripe: Stripe): Promise<string[]> {
  return (await stripe.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
}

describe('PaymentIntents', () => {
  for (const card of ['pm_card_threeDSecure2Required', 'pm_card_authenticationRequired']) {
    test(`${card}: requires_action, then Complete on the page succeeds`, async () => {
      const { stripe } = server.fresh();
      const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: card, confirm: true });
      assert.equal(pi.status, 'requires_action');
      assert.equal(pi.latest_charge, null);
      assert.equal(pi.next_action!.type, 'use_stripe_sdk');
      const url = actionUrl(pi);
      assert.ok(url.startsWith(server.base + '/authenticate/'), url);
      // The retrieved intent shows the same link.
      assert.equal(actionUrl(await stripe.paymentIntents.retrieve(pi.id)), url);
      const done = await answer(url, 'complete');
      assert.equal(done.status, 200);
      assert.match(done.text, /data-outcome="succeeded"/);
      const after = await stripe.paymentIntents.retrieve(pi.id);
      assert.equal(after.status, 'succeeded');
      assert.equal(after.next_action, null);
      assert.equal(after.amount_received, 1500);
      const ch = await stripe.charges.retrieve(after.latest_charge as string);
      assert.equal(ch.status, 'succeeded');
      assert.equal((ch.payment_method_details!.card!.three_d_secure as any).result, 'authenticated');
      assert.deepEqual(
        (await eventTypes(stripe)).filter((t) => t.startsWith('payment_intent.') || t.startsWith('charge.')),
        ['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded'],
      );
      // Answered once: the link is spent.
      assert.equal((await fetchPublic(url)).status, 404);
    });
  }

  test('Fail on the page: requires_payment_method with payment_intent_authentication_failure; return_url gets redirect_status', async () => {
    const { stripe } = server.fresh();
    const pi = await stripe.paymentIntents.create({
      amount: 900, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://shop.example/done?order=7',
    });
    assert.equal(pi.next_action!.type, 'redirect_to_url');
    assert.equal(pi.next_action!.redirect_to_url!.return_url, 'https://shop.example/done?order=7');
    const res = await answer(pi.next_action!.redirect_to_url!.url!, 'fail');
    assert.equal(res.status, 303);
    const back = new URL(res.headers.get('location')!);
    assert.equal(back.origin + back.pathname, 'https://shop.example/done');
    assert.equal(back.searchParams.get('order'), '7');
    assert.equal(back.searchParams.get('payment_intent'), pi.id);
    assert.equal(back.searchParams.get('payment_intent_client_secret'), pi.client_secret);
    assert.equal(back.searchParams.get('redirect_status'), 'failed');
    const failed = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(failed.status, 'requires_payment_method');
    assert.equal(failed.payment_method, null);
    assert.equal(failed.last_payment_error!.code, 'payment_intent_authentication_failure');
    assert.equal(failed.last_payment_error!.type, 'invalid_request_error');
    assert.equal(failed.latest_charge, null);
    assert.ok((await eventTypes(stripe)).includes('payment_intent.payment_failed'));
    // Confirmed again with a card that needs nothing.
    assert.equal((await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })).status, 'succeeded');
  });

  test('declined after authentication; off_session and error_on_requires_action fail with authentication_required', async () => {
    const { stripe } = server.fresh();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', confirm: true });
    assert.equal(pi.status, 'requires_action');
    const res = await answer(actionUrl(pi), 'complete');
    assert.match(res.text, /data-outcome="declined"/);
    const declined = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(declined.status, 'requires_payment_method');
    assert.equal(declined.last_payment_error!.decline_code, 'insufficient_funds');

    const customer = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await assert.rejects(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, off_session: true }),
      (e: any) => {
        assert.equal(e.statusCode, 402);
        assert.equal(e.code, 'authentication_required');
        assert.equal(e.decline_code, 'authentication_required');
        assert.equal(e.payment_intent.status, 'requires_payment_method');
        return true;
      },
    );
    await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, error_on_requires_action: true }), {
      status: 402, code: 'authentication_required',
    });
    await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, return_url: 'not a url' }), { param: 'return_url' });
  });

  test('the OnSetup card: off session after an authenticated payment set it up; the SetupForOffSession card needs nothing off session', async () => {
    const { stripe } = server.fresh();
    const customer = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', { customer: customer.id });
    const offBefore = stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, off_session: true });
    await rejects(offBefore, { status: 402, code: 'authentication_required' });
    const first = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, setup_future_usage: 'off_session' });
    assert.equal(first.status, 'requires_action');
    await answer(actionUrl(first), 'complete');
    const off = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, off_session: true });
    assert.equal(off.status, 'succeeded');
    // On session it asks every time.
    assert.equal((await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true })).status, 'requires_action');

    const other = await stripe.paymentMethods.attach('pm_card_authenticationRequiredSetupForOffSession', { customer: customer.id });
    const offOther = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: other.id, confirm: true, off_session: true });
    assert.equal(offOther.status, 'succeeded');
  });

  test('a wrong token, a cross-site POST and a missing outcome change nothing', async () => {
    const { stripe } = server.fresh();
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
    const url = actionUrl(pi);
    const tampered = url.slice(0, -3) + (url.endsWith('AAA') ? 'BBB' : 'AAA');
    assert.equal((await fetchPublic(tampered)).status, 404);
    const cross = await fetchPublic(url, { method: 'POST', body: 'outcome=complete', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } });
    assert.equal(cross.status, 403);
    const none = await fetchPublic(url, { method: 'POST', body: 'outcome=maybe', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(none.status, 400);
    assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_action');
    // Canceled while waiting: the page is gone.
    const canceled = await stripe.paymentIntents.cancel(pi.id);
    assert.equal(canceled.next_action, null);
    assert.equal((await fetchPublic(url)).status, 404);
  });
});

describe('invoices', () => {
  async function openInvoice(stripe: Stripe, card: string) {
    const customer = await stripe.customers.create({ email: 'sca@example.com' });
    const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 4200, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    return stripe.invoices.finalizeInvoice(draft.id);
  }

  /** The error a `pay` that needs authentication is refused with (the test fails if it is not refused). */
  async function payRefusal(stripe: Stripe, id: string): Promise<any> {
    let error: any;
    await assert.rejects(stripe.invoices.pay(id), (e: any) => {
      error = e;
      return true;
    });
    return error;
  }

  test('pay answers 402 invoice_payment_intent_requires_action; Complete pays the invoice', async () => {
    const { stripe } = server.fresh();
    const inv = await openInvoice(stripe, 'pm_card_threeDSecure2Required');
    const e = await payRefusal(stripe, inv.id);
    assert.equal(e.statusCode, 402);
    assert.equal(e.type, 'StripeCardError');
    assert.equal(e.code, 'invoice_payment_intent_requires_action');
    assert.match(e.message, /^This payment requires additional user action before it can be completed successfully\./);
    const intent = e.raw.payment_intent;
    assert.equal(intent.status, 'requires_action');
    const open = await stripe.invoices.retrieve(inv.id);
    assert.equal(open.status, 'open');
    assert.equal(open.attempted, true);
    assert.equal(open.attempt_count, 1);
    assert.equal(open.next_payment_attempt, null);
    const types = await eventTypes(stripe);
    assert.ok(types.includes('invoice.payment_action_required'));
    assert.ok(types.includes('payment_intent.requires_action'));
    assert.ok(!types.includes('invoice.payment_failed'));

    const done = await answer(actionUrl(intent), 'complete');
    assert.match(done.text, /data-outcome="succeeded"/);
    const paid = await stripe.invoices.retrieve(inv.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 4200);
    const tail = (await eventTypes(stripe)).slice(-6);
    assert.deepEqual(tail.filter((t) => ['charge.succeeded', 'payment_intent.succeeded', 'invoice.paid'].includes(t)), ['charge.succeeded', 'payment_intent.succeeded', 'invoice.paid']);
  });

  test('Fail leaves the invoice open with invoice.payment_failed; a later pay with a plain card pays it', async () => {
    const { stripe } = server.fresh();
    const inv = await openInvoice(stripe, 'pm_card_authenticationRequired');
    const e = await payRefusal(stripe, inv.id);
    assert.equal(e.code, 'invoice_payment_intent_requires_action');
    const intent = e.raw.payment_intent;
    await answer(actionUrl(intent), 'fail');
    assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'open');
    assert.ok((await eventTypes(stripe)).includes('invoice.payment_failed'));
    const paid = await stripe.invoices.pay(inv.id, { payment_method: 'pm_card_visa' });
    assert.equal(paid.status, 'paid');
  });

  test('paid out of band while waiting: the authentication charges nothing', async () => {
    const { stripe } = server.fresh();
    const inv = await openInvoice(stripe, 'pm_card_threeDSecure2Required');
    const intent = (await payRefusal(stripe, inv.id)).raw.payment_intent;
    await stripe.invoices.pay(inv.id, { paid_out_of_band: true });
    const res = await fetchPublic(actionUrl(intent), { method: 'POST', body: 'outcome=complete', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 404);
    assert.equal((await stripe.charges.list()).data.length, 0);
  });

  test('voiding the invoice cancels the waiting intent and its page', async () => {
    const { stripe } = server.fresh();
    const inv = await openInvoice(stripe, 'pm_card_threeDSecure2Required');
    const intent = (await payRefusal(stripe, inv.id)).raw.payment_intent;
    await stripe.invoices.voidInvoice(inv.id);
    assert.equal((await stripe.paymentIntents.retrieve(intent.id)).status, 'canceled');
    assert.equal((await fetchPublic(actionUrl(intent))).status, 404);
  });

  test('automatic collection with a card that asks for 3D Secure: requires_action, no retry, no after-final-retry action', async () => {
    const { stripe } = server.fresh();
    const customer = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_threeDSecure2Required', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    // Even with --after-final-retry void, an invoice waiting for its customer is left open.
    await fireDueTimers(workEnv(server.store, { ...DEFAULTS, afterFinalRetry: 'void' }), { now: () => inv.created + 3600 });
    const waiting = await stripe.invoices.retrieve(inv.id);
    assert.equal(waiting.status, 'open');
    assert.equal(waiting.attempt_count, 1);
    assert.equal(waiting.next_payment_attempt, null);
    const pi = (await stripe.paymentIntents.list({ customer: customer.id })).data[0];
    assert.equal(pi.status, 'requires_action');
    assert.ok((await eventTypes(stripe)).includes('invoice.payment_action_required'));
    await answer(actionUrl(pi), 'complete');
    assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'paid');
  });
});
