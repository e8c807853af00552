// The real-time renewal scheduler on two real server processes sharing one PostgreSQL: many
// subscriptions of customers without a test clock fall due at the same second while both
// processes run, and each is renewed exactly once. No clock is injected: the subscriptions get a
// `billing_cycle_anchor` a few seconds ahead (Stripe bills the short first period prorated and
// renews at the anchor), so their first renewal really happens in the next seconds, found by both
// processes' timer jobs polling at once.
// PostgreSQL only (TEST_DATABASE_URL=postgres://...): a SQLite file has one writer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createSchema, newKey, TEST_API_VERSION } from '../helpers/server.ts';
import { afterProcesses, until, listAll, NEEDS_PG, PG_URL, pool, startProcess } from '../helpers/processes.ts';

const skip = PG_URL ? false : NEEDS_PG;
const { running, drops } = afterProcesses();

const sdk = (base: string, key: string): Stripe => {
  const u = new URL(base);
  return new Stripe(key, {
    host: u.hostname,
    port: Number(u.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    ...(TEST_API_VERSION ? { apiVersion: TEST_API_VERSION as any } : {}),
  });
};

const SUBSCRIPTIONS = 24;
/** Seconds from now to the anchor: enough to create every subscription first on a loaded machine. */
const LEAD = 20;

const subscriptionOf = (i: any): string | null => i.parent?.subscription_details?.subscription ?? i.subscription ?? null;

describe('real-time renewals on two server processes sharing one PostgreSQL', { skip }, () => {
  test('subscriptions falling due while both processes run are renewed once each: one invoice, one invoice.created', async () => {
    const schema = await createSchema(PG_URL!);
    drops.push(schema.drop);
    const key = newKey();
    const [a, b] = await Promise.all([startProcess(schema.url), startProcess(schema.url)]);
    running.push(a, b);
    const [sa, sb] = [sdk(a.base, key), sdk(b.base, key)];
    const product = await sa.products.create({ name: 'Plan' });
    const price = await sa.prices.create({ product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } });
    const anchor = Math.floor(Date.now() / 1000) + LEAD;
    // Half made through each process.
    const subs = await pool(Array.from({ length: SUBSCRIPTIONS }, (_, i) => i), 4, async (i) => {
      const s = i % 2 ? sb : sa;
      const customer = await s.customers.create({ payment_method: 'pm_card_visa' });
      const [card] = (await s.customers.listPaymentMethods(customer.id)).data;
      await s.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
      return s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: anchor });
    });
    assert.ok(Math.floor(Date.now() / 1000) < anchor, `every subscription made before the anchor (raise LEAD on a slower machine)`);
    for (const sub of subs) assert.equal(sub.status, 'active');

    // Both processes keep running past the anchor; wait until every subscription has its renewal.
    const cycles = await until('every subscription renewed', async () => {
      const invoices = (await listAll(a.base, key, '/v1/invoices')).filter((i) => i.billing_reason === 'subscription_cycle');
      return invoices.length >= SUBSCRIPTIONS ? invoices : undefined;
    }, 90_000);
    // A few more polls of both jobs (each runs every second): a double would show by now.
    await new Promise((r) => setTimeout(r, 3000));
    const again = (await listAll(b.base, key, '/v1/invoices')).filter((i) => i.billing_reason === 'subscription_cycle');
    assert.equal(again.length, SUBSCRIPTIONS, 'one renewal invoice per subscription, no more');
    assert.deepEqual(new Set(again.map(subscriptionOf)), new Set(subs.map((s) => s.id)));
    assert.ok(cycles.every((i) => i.lines.data[0].period.start === anchor), 'each renewal bills the period from the anchor');
    for (const i of again) assert.equal(i.amount_due, 3000);

    const created = await listAll(a.base, key, '/v1/events?type=invoice.created');
    const renewalEvents = created.filter((e) => e.data.object.billing_reason === 'subscription_cycle');
    assert.equal(renewalEvents.length, SUBSCRIPTIONS, 'one invoice.created per renewal');
    assert.equal(new Set(renewalEvents.map((e) => e.data.object.id)).size, SUBSCRIPTIONS);

    for (const sub of subs) {
      const now = await sb.subscriptions.retrieve(sub.id);
      const start = (now as any).items.data[0].current_period_start ?? (now as any).current_period_start;
      assert.equal(start, anchor, `${sub.id} moved to the period from the anchor`);
    }
  });
});
