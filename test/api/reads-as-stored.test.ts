// Lists and retrieves are answered from the objects' stored JSON text when nothing in the answer
// changes them (http/stored-answer.ts, versions/render.ts storedTextsShown), and parsed and rendered
// otherwise. Either way the answer is the same: a list's objects are what retrieving each one
// answers, and a retrieve is what the create answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** GET as the account of `key`, at `version`; the parsed body and its text. */
async function get(key: string, path: string, version: string): Promise<{ json: any; text: string }> {
  const res = await server.http('GET', path, { key, headers: { 'stripe-version': version } });
  assert.equal(res.status, 200, res.text);
  return { json: res.json, text: res.text };
}

async function itemsAccount(): Promise<{ key: string; ids: string[]; customer: string }> {
  const { key } = server.fresh();
  const stripe = server.newest(key);
  const customer = await stripe.customers.create({ name: 'Zoë "Quotes" \\ Back', metadata: { '10': 'ten', b: 'é ☃ \u2028' } });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 100 + i,
      currency: 'usd',
      description: `line ${i} "quoted" \u{1F600}`,
      metadata: { n: String(i), '2': 'numeric key' },
    });
    ids.push(item.id);
  }
  return { key, ids, customer: customer.id };
}

test('at the newest version a list of items is each item as retrieved, in list order, with the envelope Stripe sends', async () => {
  const { key, ids } = await itemsAccount();
  const page = await get(key, '/v1/invoiceitems?limit=2', LATEST);
  assert.deepEqual(Object.keys(page.json), ['object', 'data', 'has_more', 'url']);
  assert.equal(page.json.object, 'list');
  assert.equal(page.json.has_more, true);
  assert.equal(page.json.url, '/v1/invoiceitems');
  assert.deepEqual(page.json.data.map((o: any) => o.id), [ids[2], ids[1]]);
  for (const listed of page.json.data) assert.deepEqual(listed, (await get(key, `/v1/invoiceitems/${listed.id}`, LATEST)).json);
  // The text is what JSON.stringify makes of it: nothing left over from storage.
  assert.equal(page.text, JSON.stringify(page.json));
  const rest = await get(key, `/v1/invoiceitems?limit=2&starting_after=${ids[1]}`, LATEST);
  assert.deepEqual(rest.json.data.map((o: any) => o.id), [ids[0]]);
  assert.equal(rest.json.has_more, false);
});

test('at an older version a list is rendered as a retrieve is', async () => {
  const { key, ids } = await itemsAccount();
  const old = '2020-08-27';
  const page = await get(key, '/v1/invoiceitems', old);
  assert.deepEqual(page.json.data.map((o: any) => o.id), [...ids].reverse());
  for (const listed of page.json.data) assert.deepEqual(listed, (await get(key, `/v1/invoiceitems/${listed.id}`, old)).json);
  const newest = await get(key, '/v1/invoiceitems', LATEST);
  assert.notDeepEqual(page.json.data[0], newest.json.data[0], 'the two versions show an item alike: the version was not applied');
});

test('expand on a list expands each object', async () => {
  const { key, customer } = await itemsAccount();
  const page = await get(key, '/v1/invoiceitems?expand[]=data.customer', LATEST);
  assert.equal(page.json.data.length, 3);
  for (const item of page.json.data) {
    assert.equal(item.customer.id, customer);
    assert.equal(item.customer.object, 'customer');
  }
  const customers = await get(key, '/v1/customers', LATEST);
  assert.deepEqual(customers.json.data[0], (await get(key, `/v1/customers/${customer}`, LATEST)).json);
  assert.deepEqual(customers.json.data[0].metadata, { '10': 'ten', b: 'é ☃ \u2028' });
});

test('objects with stored-only fields are listed without them', async () => {
  const { key } = server.fresh();
  const stripe = server.newest(key);
  const created = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['invoice.paid'] });
  assert.match(created.secret ?? '', /^whsec_/);
  const page = await get(key, '/v1/webhook_endpoints', LATEST);
  assert.equal(page.json.data.length, 1);
  assert.equal(page.json.data[0].id, created.id);
  assert.equal('internal' in page.json.data[0], false);
  assert.equal('secret' in page.json.data[0], false);
  assert.doesNotMatch(page.text, /whsec_|"internal"/);
  assert.deepEqual(page.json.data[0], (await get(key, `/v1/webhook_endpoints/${created.id}`, LATEST)).json);
});

test('an empty list keeps the envelope', async () => {
  const { key } = server.fresh();
  const page = await get(key, '/v1/invoiceitems', LATEST);
  assert.equal(page.text, '{"object":"list","data":[],"has_more":false,"url":"/v1/invoiceitems"}');
});

test('a retrieve at the newest version is what the create answered; at an older version and with expand it is rendered', async () => {
  const { key } = server.fresh();
  const stripe = server.newest(key);
  const customer = await stripe.customers.create({ name: 'Retrieved' });
  const created = await server.http('POST', '/v1/invoiceitems', {
    key,
    headers: { 'stripe-version': LATEST },
    body: new URLSearchParams({ customer: customer.id, amount: '250', currency: 'eur', description: 'a "quoted" \u2028 line', 'metadata[3]': 'three', 'metadata[a]': 'A' }).toString(),
  });
  assert.equal(created.status, 200, created.text);
  const got = await get(key, `/v1/invoiceitems/${created.json.id}`, LATEST);
  assert.equal(got.text, created.text);
  const old = await get(key, `/v1/invoiceitems/${created.json.id}`, '2020-08-27');
  assert.notDeepEqual(old.json, got.json, 'the old version was not applied');
  const expanded = await get(key, `/v1/invoiceitems/${created.json.id}?expand[]=customer`, LATEST);
  assert.equal(expanded.json.customer.id, customer.id);
  assert.equal(expanded.json.customer.object, 'customer');
  const product = await stripe.products.create({ name: 'Gone soon' });
  assert.deepEqual((await get(key, `/v1/products/${product.id}`, LATEST)).json, JSON.parse(JSON.stringify(product)));
  await stripe.products.del(product.id);
  const missing = await server.http('GET', `/v1/products/${product.id}`, { key, headers: { 'stripe-version': LATEST } });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'resource_missing');
});

test('a customer retrieve is what the create answered, and a deleted customer answers its stub; a test clock likewise', async () => {
  const { key } = server.fresh();
  const created = await server.http('POST', '/v1/customers', { key, headers: { 'stripe-version': LATEST }, body: 'name=Stored&metadata[k]=v' });
  assert.equal(created.status, 200, created.text);
  assert.equal((await get(key, `/v1/customers/${created.json.id}`, LATEST)).text, created.text);
  const deleted = await server.http('DELETE', `/v1/customers/${created.json.id}`, { key, headers: { 'stripe-version': LATEST } });
  assert.equal(deleted.status, 200, deleted.text);
  assert.deepEqual((await get(key, `/v1/customers/${created.json.id}`, LATEST)).json, { id: created.json.id, object: 'customer', deleted: true });
  const missing = await server.http('GET', '/v1/customers/cus_missing', { key, headers: { 'stripe-version': LATEST } });
  assert.equal(missing.status, 404);
  const clock = await server.http('POST', '/v1/test_helpers/test_clocks', { key, headers: { 'stripe-version': LATEST }, body: `frozen_time=${Math.floor(Date.now() / 1000)}&name=Stored` });
  assert.equal(clock.status, 200, clock.text);
  assert.equal((await get(key, `/v1/test_helpers/test_clocks/${clock.json.id}`, LATEST)).text, clock.text);
});
