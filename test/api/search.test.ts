// Search: GET /v1/{customers,invoices,prices,products}/search through the SDK's
// search() and its auto-pagination; the query language's operators; errors.
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

const ids = (r: { data: { id?: string }[] }) => r.data.map((o) => o.id);

describe('customer search', () => {
  let stripe: Stripe;
  const c: Record<string, Stripe.Customer> = {};
  before(async () => {
    stripe = server.fresh().stripe;
    c.amy = await stripe.customers.create({ email: 'amy@rocketrides.io', name: 'Amy Rider', phone: '+15551234', metadata: { plan: 'pro', tier: 'Gold' } });
    c.bob = await stripe.customers.create({ email: 'bob@example.com', name: 'Bob One Two Three Four', metadata: { plan: 'basic' } });
    c.cat = await stripe.customers.create({ email: 'cat@rocketrides.io', name: 'Cat' });
    c.gone = await stripe.customers.create({ email: 'gone@rocketrides.io', name: 'Gone' });
    await stripe.customers.del(c.gone.id);
  });

  test('exact match is case-insensitive; the envelope is a search_result', async () => {
    const r = await stripe.customers.search({ query: 'email:"AMY@rocketrides.io"' });
    assert.equal(r.object, 'search_result');
    assert.equal((r as any).url, '/v1/customers/search');
    assert.equal(r.has_more, false);
    assert.equal(r.next_page, null);
    assert.ok(!('total_count' in r));
    assert.deepEqual(ids(r), [c.amy.id]);
    assert.equal(r.data[0].email, 'amy@rocketrides.io');
  });

  test('strings match by whole words in order; ~ by substring', async () => {
    assert.deepEqual(ids(await stripe.customers.search({ query: `name:"one two three"` })), [c.bob.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `name:"two one"` })), []);
    assert.deepEqual(ids(await stripe.customers.search({ query: `name:"bob one tw"` })), []);
    assert.deepEqual(ids(await stripe.customers.search({ query: `email~"rocketrides"` })), [c.cat.id, c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `name~'IDE'` })), [c.amy.id]);
    // A word found twice in one value finds its object once.
    const s = server.fresh().stripe;
    const twice = await s.customers.create({ name: 'Bob  bob' });
    assert.deepEqual(ids(await s.customers.search({ query: `name:"BOB"` })), [twice.id]);
    assert.deepEqual(ids(await s.customers.search({ query: `name:"bob bob"` })), [twice.id]);
    assert.deepEqual(ids(await s.customers.search({ query: `name:"bo"` })), []);
  });

  test('metadata, negation, null, AND, OR', async () => {
    assert.deepEqual(ids(await stripe.customers.search({ query: `metadata['plan']:'pro'` })), [c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `metadata["tier"]:"gold"` })), [c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `-metadata['plan']:null` })), [c.bob.id, c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `metadata['plan']:null` })), [c.cat.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `-email:"amy@rocketrides.io"` })), [c.cat.id, c.bob.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `email~"rocketrides" AND -name:"cat"` })), [c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `email~"rocketrides" metadata['plan']:'pro'` })), [c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `name:"cat" OR metadata['plan']:'basic'` })), [c.cat.id, c.bob.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `phone:null` })), [c.cat.id, c.bob.id]);
  });

  test('created compares as a number; deleted customers are never found', async () => {
    const all = await stripe.customers.search({ query: `created>0` });
    assert.deepEqual(ids(all), [c.cat.id, c.bob.id, c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `created<=${c.amy.created - 1}` })), []);
    assert.deepEqual(ids(await stripe.customers.search({ query: `created:${c.amy.created} AND email~"amy"` })), [c.amy.id]);
    assert.deepEqual(ids(await stripe.customers.search({ query: `email:"gone@rocketrides.io"` })), []);
  });

  test('updates are searchable at once', async () => {
    const s = server.fresh().stripe;
    const x = await s.customers.create({ email: 'old@example.com' });
    await s.customers.update(x.id, { email: 'new@example.com', metadata: { k: 'v' } });
    assert.deepEqual(ids(await s.customers.search({ query: `email:"old@example.com"` })), []);
    assert.deepEqual(ids(await s.customers.search({ query: `email:"new@example.com" AND metadata['k']:'v'` })), [x.id]);
  });

  test('another account sees nothing', async () => {
    const other = server.fresh().stripe;
    assert.deepEqual(ids(await other.customers.search({ query: `email~"rocketrides"` })), []);
  });

  test('errors as Stripe words them', async () => {
    await rejects(stripe.customers.search({} as any), { param: 'query', message: 'Missing required param: query.' });
    const unparsable = 'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.';
    for (const query of ['asdf', 'email:amy', 'email:"x" AND name:"y" OR phone:"z"', 'email:"unterminated'])
      await rejects(stripe.customers.search({ query }), { param: 'query', message: unparsable });
    await rejects(stripe.customers.search({ query: 'foo:"bar"' }), {
      param: 'query',
      message: 'Field `foo` is an unsupported search field for resource `customers`.',
    });
    await rejects(stripe.customers.search({ query: 'email>"a"' }), { param: 'query', message: 'Field `email` does not support the `>` operator.' });
    await rejects(stripe.customers.search({ query: 'email~"ab"' }), { param: 'query', message: /at least 3 characters/ });
    await rejects(stripe.customers.search({ query: 'created~"123"' }), { param: 'query' });
    await rejects(stripe.customers.search({ query: 'created>"soon"' }), { param: 'query' });
    await rejects(stripe.customers.search({ query: 'email:"a"', limit: 101 }), { param: 'limit' });
    await rejects(stripe.customers.search({ query: 'email:"a"', page: 'nope' }), { param: 'page' });
  });
});

describe('pagination', () => {
  let stripe: Stripe;
  const made: string[] = [];
  before(async () => {
    stripe = server.fresh().stripe;
    for (let i = 0; i < 7; i++) made.unshift((await stripe.customers.create({ email: `p${i}@example.com`, metadata: { batch: 'a' } })).id);
  });

  test('pages follow next_page, newest first, and total_count when expanded', async () => {
    const first = await stripe.customers.search({ query: `metadata['batch']:'a'`, limit: 3, expand: ['total_count'] });
    assert.equal(first.total_count, 7);
    assert.deepEqual(ids(first), made.slice(0, 3));
    assert.equal(first.has_more, true);
    assert.equal(typeof first.next_page, 'string');
    const second = await stripe.customers.search({ query: `metadata['batch']:'a'`, limit: 3, page: first.next_page! });
    assert.deepEqual(ids(second), made.slice(3, 6));
    const third = await stripe.customers.search({ query: `metadata['batch']:'a'`, limit: 3, page: second.next_page! });
    assert.deepEqual(ids(third), made.slice(6));
    assert.equal(third.has_more, false);
    assert.equal(third.next_page, null);
  });

  test('the SDK auto-paginates', async () => {
    const seen: string[] = [];
    for await (const c of stripe.customers.search({ query: `metadata['batch']:'a'`, limit: 2 })) seen.push(c.id);
    assert.deepEqual(seen, made);
    const all = await stripe.customers.search({ query: `email~"example"`, limit: 3 }).autoPagingToArray({ limit: 100 });
    assert.deepEqual(all.map((c) => c.id), made);
  });

  test('expand[] reaches the found objects', async () => {
    const s = server.fresh().stripe;
    const prod = await s.products.create({ name: 'Expandable' });
    const price = await s.prices.create({ product: prod.id, unit_amount: 100, currency: 'usd' });
    const r = await s.prices.search({ query: `product:"${prod.id}"`, expand: ['data.product'] });
    assert.deepEqual(ids(r), [price.id]);
    assert.equal((r.data[0].product as Stripe.Product).name, 'Expandable');
  });
});

describe('invoice search', () => {
  let stripe: Stripe;
  const inv: Record<string, Stripe.Invoice> = {};
  let cus: Stripe.Customer;
  before(async () => {
    stripe = server.fresh().stripe;
    cus = await stripe.customers.create({ name: 'Invoiced' });
    const other = await stripe.customers.create({ name: 'Other' });
    await stripe.invoiceItems.create({ customer: cus.id, amount: 5000, currency: 'usd' });
    inv.big = await stripe.invoices.create({ customer: cus.id, pending_invoice_items_behavior: 'include', metadata: { order: 'A-1' } });
    inv.big = await stripe.invoices.finalizeInvoice(inv.big.id);
    await stripe.invoiceItems.create({ customer: other.id, amount: 700, currency: 'eur' });
    inv.small = await stripe.invoices.create({ customer: other.id, pending_invoice_items_behavior: 'include', currency: 'eur' });
    inv.draft = await stripe.invoices.create({ customer: cus.id });
  });

  test('status, customer, currency, total, number, metadata', async () => {
    assert.deepEqual(ids(await stripe.invoices.search({ query: `status:"open"` })), [inv.big.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `customer:"${cus.id}"` })), [inv.draft.id, inv.big.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `currency:"eur"` })), [inv.small.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `total>1000` })), [inv.big.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `total<1000 AND total>=700` })), [inv.small.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `number:"${inv.big.number}"` })), [inv.big.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `number:null` })), [inv.draft.id, inv.small.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `metadata['order']:'a-1'` })), [inv.big.id]);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `subscription:null AND status:"draft"` })), [inv.draft.id, inv.small.id]);
  });

  test('found invoices come with their lines; a status change is searchable at once', async () => {
    const r = await stripe.invoices.search({ query: `status:"open"` });
    assert.equal(r.data[0].lines.object, 'list');
    assert.equal(r.data[0].lines.data.length, 1);
    await stripe.invoices.voidInvoice(inv.big.id);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `status:"open"` })), []);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `status:"void"` })), [inv.big.id]);
    await stripe.invoices.del(inv.draft.id);
    assert.deepEqual(ids(await stripe.invoices.search({ query: `customer:"${cus.id}"` })), [inv.big.id]);
  });

  test('fields of other resources are refused', async () => {
    await rejects(stripe.invoices.search({ query: 'email:"a@b.c"' }), {
      message: 'Field `email` is an unsupported search field for resource `invoices`.',
    });
  });
});

describe('price and product search', () => {
  let stripe: Stripe;
  let shirt: Stripe.Product;
  let mug: Stripe.Product;
  let monthly: Stripe.Price;
  let once: Stripe.Price;
  before(async () => {
    stripe = server.fresh().stripe;
    shirt = await stripe.products.create({ name: 'Blue T-shirt', description: 'Soft cotton shirt', url: 'https://example.com/shirt', metadata: { sku: 'TS-1' } });
    mug = await stripe.products.create({ name: 'Mug', active: false });
    monthly = await stripe.prices.create({ product: shirt.id, unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'shirt_monthly' });
    once = await stripe.prices.create({ product: mug.id, unit_amount: 900, currency: 'eur', metadata: { sale: 'yes' } });
    // A price made from price_data is never found.
    const c = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: c.id, price_data: { product: mug.id, unit_amount: 1, currency: 'eur' } } as any);
  });

  test('prices by active, currency, lookup_key, product, type, metadata', async () => {
    assert.deepEqual(ids(await stripe.prices.search({ query: `active:"true"` })), [once.id, monthly.id]);
    assert.deepEqual(ids(await stripe.prices.search({ query: `currency:"eur"` })), [once.id]);
    assert.deepEqual(ids(await stripe.prices.search({ query: `lookup_key:"shirt_monthly"` })), [monthly.id]);
    assert.deepEqual(ids(await stripe.prices.search({ query: `lookup_key~"shirt"` })), [monthly.id]);
    assert.deepEqual(ids(await stripe.prices.search({ query: `product:"${mug.id}"` })), [once.id]);
    assert.deepEqual(ids(await stripe.prices.search({ query: `type:"recurring"` })), [monthly.id]);
    assert.deepEqual(ids(await stripe.prices.search({ query: `type:"one_time" OR metadata['sale']:'yes'` })), [once.id]);
    await stripe.prices.update(monthly.id, { active: false });
    assert.deepEqual(ids(await stripe.prices.search({ query: `active:"false"` })), [monthly.id]);
  });

  test('products by active, name, description, url, shippable, metadata', async () => {
    assert.deepEqual(ids(await stripe.products.search({ query: `active:"true"` })), [shirt.id]);
    assert.deepEqual(ids(await stripe.products.search({ query: `active:"false"` })), [mug.id]);
    assert.deepEqual(ids(await stripe.products.search({ query: `name:"t-shirt"` })), [shirt.id]);
    assert.deepEqual(ids(await stripe.products.search({ query: `description~"cotton"` })), [shirt.id]);
    assert.deepEqual(ids(await stripe.products.search({ query: `url:"https://example.com/shirt"` })), [shirt.id]);
    assert.deepEqual(ids(await stripe.products.search({ query: `url:null` })), [mug.id]);
    assert.deepEqual(ids(await stripe.products.search({ query: `metadata["sku"]:"ts-1"` })), [shirt.id]);
    const lamp = await stripe.products.create({ name: 'Lamp', active: false });
    assert.deepEqual(ids(await stripe.products.search({ query: `active:"false"` })), [lamp.id, mug.id]);
    await stripe.products.del(lamp.id);
    assert.deepEqual(ids(await stripe.products.search({ query: `active:"false"` })), [mug.id]);
  });
});

describe('routing', () => {
  test('GET /v1/customers/search is the search, not a customer called search', async () => {
    const key = server.newKey();
    const res = await server.http('GET', '/v1/customers/search?query=email%3A%22x%40y.z%22', { key });
    assert.equal(res.status, 200);
    assert.equal(res.json.object, 'search_result');
    const post = await server.http('POST', '/v1/customers/search', { key, body: 'name=x' });
    assert.equal(post.status, 404);
  });
});
