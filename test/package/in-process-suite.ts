// The body of the two package test files (in-process-a/-b.test.ts): the package entry as a
// user's node:test suite would use it, one in-memory server per file and a fresh key per test.
// node:test runs both files at once, each in its own process, under the same key: neither
// sees the other's data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { startInvoiceKit, type InvoiceKit } from 'invoicekit';

/** Registers the file's tests; `MINE` names the file in the objects it makes. */
export function inProcessSuite(MINE: string): void {
  const SHARED_KEY = 'sk_test_same_key_in_both_files';

  let kit: InvoiceKit;
  before(async () => {
    kit = await startInvoiceKit({ port: 0, database: ':memory:' });
  });
  after(() => kit.close());

  const fresh = () => new Stripe(`sk_test_${randomBytes(8).toString('hex')}`, kit.stripeOptions);

  test('startInvoiceKit serves the API on a free port, reachable through stripeOptions and url', async () => {
    assert.ok(kit.port > 0);
    assert.equal(kit.url, `http://127.0.0.1:${kit.port}`);
    assert.deepEqual(kit.stripeOptions, { host: '127.0.0.1', port: kit.port, protocol: 'http' });
    const health = await fetch(`${kit.url}/healthz`);
    assert.equal(health.status, 200);
    const customer = await fresh().customers.create({ name: 'Jenny Rosen' });
    assert.match(customer.id, /^cus_/);
  });

  test('a fresh key per test is a fresh account', async () => {
    const a = fresh();
    const b = fresh();
    await a.customers.create({ name: 'only in a' });
    assert.equal((await a.customers.list()).data.length, 1);
    assert.equal((await b.customers.list()).data.length, 0);
  });

  test('servers in parallel files are isolated, even under the same key', async () => {
    const stripe = new Stripe(SHARED_KEY, kit.stripeOptions);
    for (let i = 0; i < 5; i++) await stripe.customers.create({ name: MINE });
    const names = new Set((await stripe.customers.list({ limit: 100 })).data.map((c) => c.name));
    assert.deepEqual([...names], [MINE]);
  });

  test('reset(key) empties one account, reset() every account', async () => {
    const key = `sk_test_${randomBytes(8).toString('hex')}`;
    const stripe = new Stripe(key, kit.stripeOptions);
    const other = fresh();
    await stripe.products.create({ name: 'Seat' });
    await other.products.create({ name: 'Other seat' });
    await kit.reset(key);
    assert.equal((await stripe.products.list()).data.length, 0);
    assert.equal((await other.products.list()).data.length, 1);
    await kit.reset();
    assert.equal((await other.products.list()).data.length, 0);
  });
}
