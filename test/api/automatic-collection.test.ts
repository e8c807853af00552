// Automatic collection driven by the clock: an auto-advancing invoice charged automatically is
// finalized and charged an hour after creation, failed payments are retried on the retry
// schedule, and after the last failure the invoice is left open, marked uncollectible or voided.
// The timers fire with a clock of the test's own (the server's requests use the real time).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BASIL } from '../helpers/versioned.ts';
import { fireDueTimers } from '../../src/work/timers.ts';
import { workEnv } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { DEFAULTS } from '../../src/config.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const HOUR = 3600;
const DAY = 86_400;
type Settings = Pick<Config, 'apiVersion' | 'paymentRetrySchedule' | 'afterFinalRetry'>;
const settings = (extra: Partial<Settings> = {}): Settings => ({ ...DEFAULTS, ...extra });
/** Runs the job as if the time were `at`. */
const runAt = (at: number, s: Settings = settings()) => fireDueTimers(workEnv(server.store, s), { now: () => at });

async function autoInvoice(stripe: Stripe, card: string | null, amount = 1500) {
  const customer = await stripe.customers.create();
  if (card) {
    const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  }
  await stripe.invoiceItems.create({ customer: customer.id, amount, currency: 'usd' });
  const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
  return { customer, inv };
}

describe('automatic collection', () => {
  test('an hour after creation the draft is finalized and the default card charged; not before', async () => {
    const { stripe } = server.fresh();
    const { inv } = await autoInvoice(stripe, 'pm_card_visa');
    await runAt(inv.created + HOUR - 1);
    assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'draft');
    await runAt(inv.created + HOUR);
    const paid: any = await stripe.invoices.retrieve(inv.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.attempt_count, 1);
    assert.equal(paid.status_transitions.finalized_at, inv.created + HOUR);
    assert.equal(paid.status_transitions.paid_at, inv.created + HOUR);
    if (!BASIL) assert.match(paid.charge, /^ch_/);
    const events = (await stripe.events.list({ limit: 20 })).data.reverse();
    const types = events.slice(events.findIndex((e) => e.type === 'invoice.finalized')).map((e) => e.type);
    assert.deepEqual(types, [
      'invoice.finalized', 'invoice.updated', 'customer.updated', 'payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded',
      'invoice.paid', 'invoice.payment_succeeded', 'invoice.updated', 'invoice_payment.paid',
    ]);
    // Automatic events come from no request.
    assert.equal(events[events.length - 1].request!.id, null);
    // Nothing more to do: a later run changes nothing.
    await runAt(inv.created + 30 * DAY);
    assert.equal((await stripe.charges.list()).data.length, 1);
  });

  test('declines are retried on the schedule, each automatic attempt counted; a new card then pays', async () => {
    const { stripe } = server.fresh();
    const { customer, inv } = await autoInvoice(stripe, 'pm_card_chargeCustomerFail');
    const first = inv.created + HOUR;
    await runAt(first);
    let open = await stripe.invoices.retrieve(inv.id);
    assert.equal(open.status, 'open');
    assert.equal(open.attempt_count, 1);
    assert.equal(open.next_payment_attempt, first + DAY);
    await runAt(first + DAY - 1);
    assert.equal((await stripe.invoices.retrieve(inv.id)).attempt_count, 1);
    await runAt(first + DAY);
    open = await stripe.invoices.retrieve(inv.id);
    assert.equal(open.attempt_count, 2);
    assert.equal(open.next_payment_attempt, first + 3 * DAY);
    const failed = (await stripe.events.list({ type: 'invoice.payment_failed' })).data;
    assert.equal(failed.length, 2);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: good.id } });
    await runAt(first + 3 * DAY);
    const paid = await stripe.invoices.retrieve(inv.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.attempt_count, 3);
    assert.equal(paid.next_payment_attempt, null);
    // One PaymentIntent for the invoice, three charges on it.
    const intents = await stripe.paymentIntents.list({ customer: customer.id });
    assert.equal(intents.data.length, 1);
    assert.equal((await stripe.charges.list({ payment_intent: intents.data[0].id })).data.length, 3);
  });

  test('after the last retry: left open, marked uncollectible or voided, per the setting', async () => {
    const { stripe } = server.fresh();
    const schedule = [60, 120];
    for (const action of ['leave_open', 'mark_uncollectible', 'void'] as const) {
      const s = settings({ paymentRetrySchedule: schedule, afterFinalRetry: action });
      const { inv } = await autoInvoice(stripe, 'pm_card_chargeCustomerFail');
      const first = inv.created + HOUR;
      await runAt(first, s);
      await runAt(first + 60, s);
      let now = await stripe.invoices.retrieve(inv.id);
      assert.equal(now.attempt_count, 2);
      assert.equal(now.next_payment_attempt, first + 120);
      await runAt(first + 120, s);
      now = await stripe.invoices.retrieve(inv.id);
      assert.equal(now.attempt_count, 3, action);
      assert.equal(now.next_payment_attempt, null, action);
      assert.equal(now.status, action === 'leave_open' ? 'open' : action === 'void' ? 'void' : 'uncollectible', action);
      await runAt(first + 30 * DAY, s);
      assert.equal((await stripe.invoices.retrieve(inv.id)).attempt_count, 3);
    }
  });

  test('without a payment method: invoice.payment_failed, no retries', async () => {
    const { stripe } = server.fresh();
    const { inv } = await autoInvoice(stripe, null);
    await runAt(inv.created + HOUR);
    const open = await stripe.invoices.retrieve(inv.id);
    assert.equal(open.status, 'open');
    assert.equal(open.attempted, true);
    assert.equal(open.attempt_count, 1);
    assert.equal(open.next_payment_attempt, null);
    assert.equal((await stripe.events.list({ type: 'invoice.payment_failed' })).data.length, 1);
  });

  test('not collected: auto_advance false, send_invoice, a manually paid invoice, a deleted draft', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const manual = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', auto_advance: false });
    const sent = await stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 3, auto_advance: true });
    await stripe.invoiceItems.create({ customer: c.id, amount: 700, currency: 'usd', invoice: sent.id });
    const { inv: gone } = await autoInvoice(stripe, 'pm_card_visa');
    await stripe.invoices.del(gone.id);
    await runAt(manual.created + 2 * HOUR);
    assert.equal((await stripe.invoices.retrieve(manual.id)).status, 'draft');
    // A send_invoice draft is finalized too, and never charged.
    const finalized = await stripe.invoices.retrieve(sent.id);
    assert.equal(finalized.status, 'open');
    assert.equal(finalized.attempt_count, 0);
    assert.equal((await stripe.charges.list()).data.length, 0);
  });
});
