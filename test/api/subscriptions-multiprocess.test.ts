// The renewal scheduler on two server processes sharing one PostgreSQL renews each subscription
// exactly once per period. Two ways a period end is reached:
// - real time: subscriptions of customers without a test clock, whose renewal timers two stores
//   (two processes' connection pools) fire at once with the clock put past the period end (a
//   server process's own clock cannot be moved, and a month cannot be waited for);
// - a test clock: many customers on one clock, advanced while two server processes both drive it.
// Then every subscription has one `subscription_cycle` invoice per period, no more, no fewer.
// PostgreSQL only (TEST_DATABASE_URL=postgres://...): a SQLite file has one writer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchema, newKey } from '../helpers/server.ts';
import { afterProcesses, until, listAll, NEEDS_PG, ok, PG_URL, pool, startProcess } from '../helpers/processes.ts';
import { openStore } from '../../src/store/db.ts';
import { workEnv } from '../../src/app.ts';
import { DEFAULTS } from '../../src/config.ts';
import { fireDueTimers } from '../../src/work/timers.ts';

const skip = PG_URL ? false : NEEDS_PG;
const { running, drops } = afterProcesses();

/** A schema of its own: firing every due real-time timer must touch only this file's. */
async function database(): Promise<string> {
  const schema = await createSchema(PG_URL!);
  drops.push(schema.drop);
  return schema.url;
}

/** A monthly price of `amount` cents. */
async function monthly(base: string, key: string, amount: number): Promise<string> {
  const product = await ok(base, key, 'POST', '/v1/products', 'name=Plan');
  const price = await ok(base, key, 'POST', '/v1/prices', `product=${product.id}&currency=usd&unit_amount=${amount}&recurring[interval]=month`);
  return price.id;
}

/** A customer (on `clock` if given) whose default payment method is a card that pays. */
async function payingCustomer(base: string, key: string, clock?: string): Promise<string> {
  const c = await ok(base, key, 'POST', '/v1/customers', `payment_method=pm_card_visa${clock ? `&test_clock=${clock}` : ''}`);
  const pms = await ok(base, key, 'GET', `/v1/customers/${c.id}/payment_methods`);
  await ok(base, key, 'POST', `/v1/customers/${c.id}`, `invoice_settings[default_payment_method]=${pms.data[0].id}`);
  return c.id;
}

/** Each subscription's renewal invoices: exactly one per period, for the periods expected. */
/** The end of a subscription's current period (on its items since 2025-03-31, on itself before). */
const periodEnd = (sub: any): number => sub.items.data[0].current_period_end ?? sub.current_period_end;
const periodStart = (sub: any): number => sub.items.data[0].current_period_start ?? sub.current_period_start;

async function assertRenewedOnce(base: string, key: string, subs: any[], periods: number): Promise<void> {
  for (const sub of subs) {
    const invoices = await listAll(base, key, `/v1/invoices?customer=${sub.customer}`);
    assert.ok(invoices.every((i) => (i.parent?.subscription_details?.subscription ?? i.subscription) === sub.id), JSON.stringify(invoices[0]).slice(0, 3000));
    const cycles = invoices.filter((i) => i.billing_reason === 'subscription_cycle');
    assert.equal(cycles.length, periods, `${sub.id}: ${cycles.length} renewal invoices for ${periods} periods`);
    const starts = cycles.map((i) => i.lines.data[0].period.start).sort((a: number, b: number) => a - b);
    assert.equal(new Set(starts).size, periods, `${sub.id}: one invoice per period`);
    assert.equal(starts[0], periodEnd(sub), `${sub.id}: the first renewal bills the period after the first`);
    const now = await ok(base, key, 'GET', `/v1/subscriptions/${sub.id}`);
    assert.equal(now.status, 'active');
    assert.equal(periodStart(now), starts[starts.length - 1]);
  }
}

describe('the renewal scheduler on two processes sharing one PostgreSQL', { skip }, () => {
  test('real-time subscriptions falling due: two processes firing the renewal timers at once renew each once per period', async () => {
    const url = await database();
    const key = newKey();
    const a = await startProcess(url);
    running.push(a);
    const price = await monthly(a.base, key, 1500);
    const subs = await pool(Array.from({ length: 12 }, (_, i) => i), 4, async () => {
      const customer = await payingCustomer(a.base, key);
      return ok(a.base, key, 'POST', '/v1/subscriptions', `customer=${customer}&items[0][price]=${price}`);
    });
    const [one, two] = [await openStore(url), await openStore(url)];
    try {
      const envOf = (s: typeof one) => workEnv(s, { apiVersion: DEFAULTS.apiVersion });
      // Two periods: the clock put past each period end in turn, both stores firing at once.
      const ends = [Math.max(...subs.map(periodEnd)) + 1];
      ends.push(ends[0] + 32 * 86_400);
      // And two hours on: the second renewals' drafts are finalized and charged (an hour after they are made).
      for (const end of [...ends, ends[1] + 7200]) {
        const clock = { now: () => end };
        await Promise.all([fireDueTimers(envOf(one), clock), fireDueTimers(envOf(two), clock)]);
      }
    } finally {
      await one.close();
      await two.close();
    }
    await assertRenewedOnce(a.base, key, subs, 2);
    const charges = await listAll(a.base, key, '/v1/charges');
    assert.equal(charges.length, subs.length * 3, 'the first invoices and two renewals each, charged once');
  });

  test('test-clock subscriptions: an advance over three months driven by two processes at once renews each once per month', async () => {
    const url = await database();
    const key = newKey();
    const a = await startProcess(url);
    running.push(a);
    const T0 = 1_900_000_000;
    const clock = await ok(a.base, key, 'POST', '/v1/test_helpers/test_clocks', `frozen_time=${T0}`);
    const prices = await Promise.all([monthly(a.base, key, 1000), monthly(a.base, key, 2500)]);
    const subs = await pool(Array.from({ length: 8 }, (_, i) => i), 4, async (i) => {
      const customer = await payingCustomer(a.base, key, clock.id);
      return ok(a.base, key, 'POST', '/v1/subscriptions', `customer=${customer}&items[0][price]=${prices[i % 2]}`);
    });
    // Three renewals each (Stripe allows two intervals per advance: two advances).
    const targets = [T0 + 60 * 86_400, T0 + 100 * 86_400];
    for (const [n, target] of targets.entries()) {
      await ok(a.base, key, 'POST', `/v1/test_helpers/test_clocks/${clock.id}/advance`, `frozen_time=${target}`);
      // A second process starting now finds the clock advancing and drives it too (its resume job runs at start).
      const b = await startProcess(url);
      running.push(b);
      const ready = await until('the clock to be ready', async () => {
        const c = await ok(b.base, key, 'GET', `/v1/test_helpers/test_clocks/${clock.id}`);
        return c.status === 'ready' ? c : undefined;
      }, 60_000);
      assert.equal(ready.frozen_time, target, `advance ${n + 1}`);
      b.child.kill('SIGTERM');
      await b.exited;
    }
    await assertRenewedOnce(a.base, key, subs, 3);
    assert.equal((await listAll(a.base, key, '/v1/events?type=test_helpers.test_clock.ready')).length, 2);
  });
});
