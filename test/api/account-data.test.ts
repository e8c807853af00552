// The test helpers under /_invoicekit: reset the calling account, export it as JSON, import
// such a document into the same or another account. The round trip is exact on both engines
// (the PostgreSQL run uses TEST_DATABASE_URL).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** An account with one of most kinds of object: customers, a discount, prices, items, invoices in several states, an endpoint. */
async function fill(key: string): Promise<void> {
  // At the newest version whatever the run pins: the fixture, not the version, is under test.
  const stripe: Stripe = server.newest(key);
  const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jenny@example.com', metadata: { plan: 'gold' } });
  const other = await stripe.customers.create({ name: 'Other' });
  const product = await stripe.products.create({ name: 'Seat' });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1250, currency: 'usd' });
  const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
  const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
  await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, quantity: 2, tax_rates: [rate.id] } as any);
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', discounts: [{ coupon: coupon.id }] } as any);
  await stripe.invoices.finalizeInvoice(invoice.id);
  await stripe.invoiceItems.create({ customer: other.id, amount: 500, currency: 'usd' });
  const draft = await stripe.invoices.create({ customer: other.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 30 } as any);
  await stripe.invoices.finalizeInvoice(draft.id);
  await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['invoice.paid'] });
}

async function exported(key: string): Promise<any> {
  const res = await server.http('GET', '/_invoicekit/export', { key });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** What must be equal between two exports: everything but where and when they were made. */
const contents = (doc: any) => doc.tables;

test('export, reset and import round-trip an account exactly', async () => {
  const { key, stripe } = server.fresh();
  await fill(key);
  const first = await exported(key);
  assert.equal(first.object, 'invoicekit.account_export');
  assert.ok(first.tables.objects.length >= 10, `objects exported: ${first.tables.objects.length}`);
  assert.equal(first.tables.objects[0].data.object, 'customer', 'objects come in creation order, as JSON');
  assert.ok(!('events' in first.tables), 'events are history, not exported');
  const invoicesBefore = await server.newest(key).invoices.list({ limit: 10 });

  const reset = await server.http('POST', '/_invoicekit/reset', { key });
  assert.equal(reset.status, 200, reset.text);
  assert.ok(reset.json.deleted.objects >= 10);
  assert.equal((await stripe.customers.list()).data.length, 0);
  assert.equal((await stripe.events.list()).data.length, 0, 'reset deletes the account\'s events too');
  assert.deepEqual(contents(await exported(key)), Object.fromEntries(Object.keys(first.tables).map((t) => [t, []])));

  const imported = await server.http('POST', '/_invoicekit/import', { key, ...json(first) });
  assert.equal(imported.status, 200, imported.text);
  assert.deepEqual(contents(await exported(key)), contents(first));
  // Through the API, the objects are the same objects.
  assert.deepEqual(await server.newest(key).invoices.list({ limit: 10 }), invoicesBefore);

  // The imported account goes on working: numbering continues, items attach to its customers.
  const customer = (await stripe.customers.list({ email: 'jenny@example.com' })).data[0];
  await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
  const next = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' } as any);
  const finalized = await stripe.invoices.finalizeInvoice(next.id);
  assert.match(finalized.number ?? '', /-0002$/);
});

test('an export imports into another account, which then sees the same objects; the first is untouched', async () => {
  const a = server.fresh();
  await fill(a.key);
  const doc = await exported(a.key);
  const b = server.fresh();
  await b.stripe.customers.create({ name: 'replaced by the import' });
  const res = await server.http('POST', '/_invoicekit/import', { key: b.key, ...json(doc) });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(contents(await exported(b.key)), contents(doc));
  const names = (await b.stripe.customers.list()).data.map((c) => c.name).sort();
  assert.deepEqual(names, ['Jenny Rosen', 'Other']);
  await server.http('POST', '/_invoicekit/reset', { key: b.key });
  assert.deepEqual(contents(await exported(a.key)), contents(doc), 'resetting b leaves a alone');
});

test('an object given as JSON text in an import is stored as JSON.stringify writes it, and answered so', async () => {
  const a = server.fresh();
  const customer = await a.stripe.customers.create({ name: 'Spaced', metadata: { b: '1', a: '2' } });
  const doc = await exported(a.key);
  // Hand-edited: the object as text with spaces and newlines.
  for (const row of doc.tables.objects) row.data = JSON.stringify(row.data, null, 2);
  const b = server.fresh();
  const res = await server.http('POST', '/_invoicekit/import', { key: b.key, ...json(doc) });
  assert.equal(res.status, 200, res.text);
  const listed = await server.http('GET', '/v1/customers', { key: b.key, headers: { 'stripe-version': LATEST } });
  assert.equal(listed.text, JSON.stringify(listed.json), 'the list answered the file\'s spacing');
  assert.deepEqual(listed.json.data[0], JSON.parse(JSON.stringify(customer)));
  const broken = await exported(a.key);
  broken.tables.objects[0].data = '{"id": "cus_broken",';
  const refused = await server.http('POST', '/_invoicekit/import', { key: b.key, ...json(broken) });
  assert.equal(refused.status, 400, refused.text);
  assert.ok(refused.json.error.message.includes('nothing was changed'), refused.json.error.message);
});

test('the helpers need a key like the API, and a malformed import changes nothing', async () => {
  const { key, stripe } = server.fresh();
  await stripe.customers.create({ name: 'kept' });
  const noKey = await server.http('POST', '/_invoicekit/reset', { key: null });
  assert.equal(noKey.status, 401);
  assert.equal(noKey.json.error.type, 'invalid_request_error');
  const badKey = await server.http('GET', '/_invoicekit/export', { key: 'sk_live_123' });
  assert.equal(badKey.status, 401);

  const cases: [string, string][] = [
    ['{not json', 'not valid JSON'],
    [JSON.stringify({ object: 'customer' }), 'account export'],
    [JSON.stringify({ object: 'invoicekit.account_export', format: 99, tables: {} }), 'format'],
    [JSON.stringify({ object: 'invoicekit.account_export', format: 1, tables: { nope: [] } }), 'Unknown table'],
    [JSON.stringify({ object: 'invoicekit.account_export', format: 1, tables: { objects: [{ id: 'x', evil: 1 }] } }), 'Unknown column'],
    [JSON.stringify({ object: 'invoicekit.account_export', format: 1, tables: { objects: [{ id: 'cus_1' }] } }), 'nothing was changed'],
  ];
  for (const [body, message] of cases) {
    const res = await server.http('POST', '/_invoicekit/import', { key, body, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400, res.text);
    assert.ok(res.json.error.message.includes(message), `${res.json.error.message} should mention ${message}`);
  }
  assert.deepEqual((await stripe.customers.list()).data.map((c) => c.name), ['kept']);
  // The API itself still refuses JSON bodies, as Stripe does.
  const apiJson = await server.http('POST', '/v1/customers', { key, ...json({ name: 'x' }) });
  assert.equal(apiJson.status, 400);
});
