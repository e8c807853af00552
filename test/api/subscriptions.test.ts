// Subscriptions through the official client: create (paid, trial, future anchor, failed first
// payment, payment behaviours), retrieve, list, and Stripe's errors for bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BASIL } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const DAY = 86_400;

export async function setup(stripe: Stripe, card: string | null = 'pm_card_visa', amount = 1000, interval: 'month' | 'year' | 'week' | 'day' = 'month') {
  const customer = await stripe.customers.create({ name: 'Subscriber' });
  if (card) {
    const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  }
  const product = await stripe.products.create({ name: 'Widgets' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: amount, recurring: { interval } });
  return { customer, product, price };
}

/** The period of a subscription: on its items since basil, on the subscription before. */
export function periodOf(sub: any): { start: number; end: number } {
  return BASIL
    ? { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end }
    : { start: sub.current_period_start, end: sub.current_period_end };
}

describe('creating subscriptions', () => {
  test('charged automatically: the first invoice is finalized and paid at once; the subscription is active', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], expand: ['latest_invoice'] });
    assert.equal(sub.status, 'active');
    assert.match(sub.id, /^sub_/);
    // Stored-only fields never show.
    assert.equal((sub as any).internal, undefined);
    assert.equal(sub.items.data.length, 1);
    assert.match(sub.items.data[0].id, /^si_/);
    assert.equal(sub.items.data[0].price.id, price.id);
    assert.equal(sub.items.data[0].quantity, 2);
    const period = periodOf(sub);
    assert.equal(period.start, sub.created);
    assert.ok(period.end - period.start >= 28 * DAY && period.end - period.start <= 31 * DAY);
    assert.equal(sub.billing_cycle_anchor, sub.created);
    const inv = sub.latest_invoice as Stripe.Invoice;
    assert.equal(inv.status, 'paid');
    assert.equal(inv.billing_reason, 'subscription_create');
    assert.equal(inv.amount_paid, 2000);
    assert.equal(inv.lines.data.length, 1);
    const line: any = inv.lines.data[0];
    assert.equal(line.amount, 2000);
    assert.equal(line.description, '2 × Widgets (at $10.00 / month)');
    assert.deepEqual(line.period, { start: period.start, end: period.end });
    if (BASIL) {
      assert.equal((inv as any).parent.subscription_details.subscription, sub.id);
      assert.equal(line.parent.type, 'subscription_item_details');
      assert.equal(line.parent.subscription_item_details.subscription_item, sub.items.data[0].id);
      assert.equal(line.parent.subscription_item_details.invoice_item, null);
    } else {
      assert.equal((inv as any).subscription, sub.id);
      assert.equal(line.type, 'subscription');
      assert.equal(line.subscription, sub.id);
      assert.equal(line.subscription_item, sub.items.data[0].id);
    }
    assert.deepEqual(await stripe.subscriptions.retrieve(sub.id).then((s) => s.status), 'active');
    const types = (await stripe.events.list({ limit: 30 })).data.map((e) => e.type).filter((t) => !t.startsWith('customer.updated')).reverse();
    const from = types.indexOf('customer.subscription.created');
    assert.ok(from >= 0, types.join());
    assert.deepEqual(types.slice(from, from + 3), ['customer.subscription.created', 'invoice.created', 'invoice.finalized']);
    assert.ok(types.includes('invoice.paid'));
  });

  test('a trial: a $0 invoice, status trialing, the period ends with the trial', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe, null);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14, expand: ['latest_invoice'] });
    assert.equal(sub.status, 'trialing');
    assert.equal(sub.trial_start, sub.created);
    assert.equal(sub.trial_end, sub.created + 14 * DAY);
    assert.equal(periodOf(sub).end, sub.trial_end);
    assert.equal(sub.billing_cycle_anchor, sub.trial_end);
    const inv = sub.latest_invoice as Stripe.Invoice;
    assert.equal(inv.total, 0);
    assert.equal(inv.status, 'paid');
    assert.equal(inv.lines.data[0].description, 'Trial period for Widgets');
  });

  test('a future billing_cycle_anchor prorates the first invoice up to it (create_prorations) or makes it free (none)', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe, 'pm_card_visa', 3000, 'day');
    // A daily price of 3000 anchored 8 hours ahead: a third of a day → 1000.
    const now = Math.floor(Date.now() / 1000);
    const anchor = now + 8 * 3600;
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: anchor, expand: ['latest_invoice'] });
    const inv = sub.latest_invoice as Stripe.Invoice;
    assert.equal(sub.billing_cycle_anchor, anchor);
    assert.equal(periodOf(sub).end, anchor);
    // The request's second may differ from `now` by a second or two: 3000 × (anchor − created) / 86400.
    assert.equal(inv.total, Math.round((3000 * (anchor - sub.created)) / DAY));
    const free = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: anchor, proration_behavior: 'none', expand: ['latest_invoice'],
    });
    assert.equal((free.latest_invoice as Stripe.Invoice).total, 0);
  });

  test('a declined first payment leaves the subscription incomplete and its invoice open; error_if_incomplete creates nothing', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe, 'pm_card_chargeCustomerFail');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], expand: ['latest_invoice'] });
    assert.equal(sub.status, 'incomplete');
    assert.equal((sub.latest_invoice as Stripe.Invoice).status, 'open');
    assert.equal((sub.latest_invoice as Stripe.Invoice).attempt_count, 1);
    await assert.rejects(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' }), (err: any) => {
      assert.equal(err.statusCode, 402);
      assert.equal(err.type, 'StripeCardError');
      return true;
    });
    const all = await stripe.subscriptions.list({ customer: customer.id, status: 'all' });
    assert.deepEqual(all.data.map((s) => s.id), [sub.id]);
    // Paying the open invoice with a good card makes the subscription active.
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay((sub.latest_invoice as Stripe.Invoice).id!, { payment_method: pm.id });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).status, 'active');
  });

  test('default_incomplete: the first invoice is finalized but not charged', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice'] });
    assert.equal(sub.status, 'incomplete');
    const inv = sub.latest_invoice as Stripe.Invoice;
    assert.equal(inv.status, 'open');
    assert.equal(inv.attempt_count, 0);
  });

  test('send_invoice: active at once, the first invoice a draft finalized later, due after days_until_due', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe, null);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 7, expand: ['latest_invoice'] });
    assert.equal(sub.status, 'active');
    assert.equal(sub.days_until_due, 7);
    assert.equal((sub.latest_invoice as Stripe.Invoice).status, 'draft');
    assert.equal((sub.latest_invoice as Stripe.Invoice).collection_method, 'send_invoice');
  });

  test('list: by customer, price and status (all, ended); canceled ones only when asked', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe);
    const other = await stripe.prices.create({ product: price.product as string, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    const a = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const b = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: other.id }] });
    assert.deepEqual((await stripe.subscriptions.list()).data.map((s) => s.id), [b.id, a.id]);
    assert.deepEqual((await stripe.subscriptions.list({ price: other.id })).data.map((s) => s.id), [b.id]);
    assert.deepEqual((await stripe.subscriptions.list({ status: 'active', customer: customer.id })).data.map((s) => s.id), [b.id, a.id]);
    assert.deepEqual((await stripe.subscriptions.list({ status: 'ended' })).data, []);
    // Each subscription's invoices, by `subscription` on the invoice list.
    const invoiceOf = async (sub: Stripe.Subscription) => (await stripe.invoices.list({ subscription: sub.id })).data.map((i) => i.id);
    assert.deepEqual(await invoiceOf(a), [a.latest_invoice]);
    assert.deepEqual(await invoiceOf(b), [b.latest_invoice]);
  });

  test('bad input: one-time prices, mixed currencies or intervals, no items, no payment method', async () => {
    const { stripe } = server.fresh();
    const { customer, price, product } = await setup(stripe);
    const oneTime = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 });
    const eur = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 500, recurring: { interval: 'month' } });
    const yearly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'year' } });
    const fails = async (params: any, message: RegExp, param?: string) =>
      assert.rejects(stripe.subscriptions.create({ customer: customer.id, ...params }), (err: any) => {
        assert.equal(err.statusCode, 400, err.message);
        assert.match(err.message, message);
        if (param !== undefined) assert.equal(err.param, param);
        return true;
      });
    await fails({ items: [{ price: oneTime.id }] }, /only accepts prices with `type=recurring`/, 'items[0][price]');
    await fails({ items: [{ price: price.id }, { price: eur.id }] }, /Found mismatch in currency field/, 'items[1]');
    // Classic billing mode (flexible mixes intervals from 2025-07-30.basil: subscriptions-periods-mixed.test.ts).
    await fails({ items: [{ price: price.id }, { price: yearly.id }], billing_mode: { type: 'classic' } }, /Found mismatch in interval field/, 'items[1]');
    await fails({ items: [{ quantity: 2 }] }, /You must pass one of plan, price, or price_data/);
    await fails({ items: [{ price: 'price_nope' }] }, /No such price/, 'items[0][price]');
    const bare = await stripe.customers.create();
    await assert.rejects(stripe.subscriptions.create({ customer: bare.id, items: [{ price: price.id }] }), /no attached payment source or default payment method/);
    assert.deepEqual((await stripe.subscriptions.list({ status: 'all' })).data, []);
    assert.deepEqual((await stripe.invoices.list()).data, []);
  });

  test('price_data makes a recurring inline price', async () => {
    const { stripe } = server.fresh();
    const { customer, product } = await setup(stripe);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price_data: { currency: 'usd', product: product.id, unit_amount: 1234, recurring: { interval: 'week' } } }],
      expand: ['latest_invoice'],
    });
    assert.equal(sub.items.data[0].price.recurring!.interval, 'week');
    assert.equal(sub.items.data[0].price.active, false);
    assert.equal((sub.latest_invoice as Stripe.Invoice).total, 1234);
  });
});

describe('subscription items', () => {
  test('create, retrieve, update, list, delete: each a change of the subscription', async () => {
    const { stripe } = server.fresh();
    const { customer, price, product } = await setup(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const extra = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    const added = await stripe.subscriptionItems.create({ subscription: sub.id, price: extra.id, quantity: 3, proration_behavior: 'none' });
    assert.match(added.id, /^si_/);
    assert.equal(added.subscription, sub.id);
    assert.equal(added.quantity, 3);
    if (BASIL) assert.equal(added.current_period_end, periodOf(sub).end);
    else assert.equal((added as any).current_period_end, undefined);
    assert.equal((await stripe.subscriptionItems.retrieve(added.id)).price.id, extra.id);
    const updated = await stripe.subscriptionItems.update(added.id, { quantity: 4, metadata: { seat: 'yes' }, proration_behavior: 'none' });
    assert.equal(updated.quantity, 4);
    assert.deepEqual(updated.metadata, { seat: 'yes' });
    const listed = await stripe.subscriptionItems.list({ subscription: sub.id });
    assert.deepEqual(listed.data.map((i) => i.id), [sub.items.data[0].id, added.id]);
    const deleted = await stripe.subscriptionItems.del(added.id, { proration_behavior: 'none' });
    assert.deepEqual(deleted, { id: added.id, object: 'subscription_item', deleted: true });
    assert.equal((await stripe.subscriptions.retrieve(sub.id)).items.data.length, 1);
    await assert.rejects(stripe.subscriptionItems.retrieve(added.id), (err: any) => err.statusCode === 404);
    // The last item cannot go.
    await assert.rejects(stripe.subscriptionItems.del(sub.items.data[0].id), (err: any) => err.statusCode === 400);
    const events = (await stripe.events.list({ type: 'customer.subscription.updated' })).data;
    assert.ok(events.length >= 3);
    assert.ok(events.some((e) => (e.data.previous_attributes as any)?.items !== undefined));
  });
});

describe('subscription search', () => {
  test('by status and metadata', async () => {
    const { stripe } = server.fresh();
    const { customer, price } = await setup(stripe);
    const a = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { plan: 'gold' } });
    const b = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.subscriptions.cancel(b.id);
    const gold = await stripe.subscriptions.search({ query: "metadata['plan']:'gold'" });
    assert.deepEqual(gold.data.map((s) => s.id), [a.id]);
    const canceled = await stripe.subscriptions.search({ query: "status:'canceled'" });
    assert.deepEqual(canceled.data.map((s) => s.id), [b.id]);
    await assert.rejects(stripe.subscriptions.search({ query: "currency:'usd'" }), /unsupported search field for resource `subscriptions`/);
  });
});
