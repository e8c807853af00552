import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());

describe('customers', () => {
  test('create returns the full object with Stripe defaults', async () => {
    const c = await stripe.customers.create({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { plan: 'pro' } });
    assert.match(c.id, /^cus_[A-Za-z0-9]{14}$/);
    assert.equal(c.object, 'customer');
    assert.equal(c.email, 'jenny@example.com');
    assert.equal(c.name, 'Jenny Rosen');
    assert.equal(c.balance, 0);
    assert.equal(c.currency, null);
    assert.equal(c.livemode, false);
    assert.deepEqual(c.metadata, { plan: 'pro' });
    assert.match(c.invoice_prefix!, /^[0-9A-F]{7}$/);
    assert.equal(c.next_invoice_sequence, 1);
    assert.equal(c.tax_exempt, 'none');
    assert.deepEqual(c.invoice_settings, { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null });
  });

  test('retrieve, update with metadata unset rules, delete', async () => {
    const c = await stripe.customers.create({ metadata: { a: '1', b: '2' }, balance: -500, invoice_prefix: 'JENNY' + Date.now().toString().slice(-4) });
    assert.equal(c.balance, -500);
    const got = await stripe.customers.retrieve(c.id);
    assert.deepEqual(got, c);
    const u = await stripe.customers.update(c.id, { metadata: { a: '', c: '3' }, name: 'New', address: { city: 'Berlin' } });
    assert.deepEqual(u.metadata, { b: '2', c: '3' });
    assert.equal(u.name, 'New');
    assert.equal(u.address?.city, 'Berlin');
    assert.equal(u.address?.line1, null);
    const cleared = await stripe.customers.update(c.id, { metadata: '' as any });
    assert.deepEqual(cleared.metadata, {});
    const d = await stripe.customers.del(c.id);
    assert.deepEqual(d, { id: c.id, object: 'customer', deleted: true });
    const after = await stripe.customers.retrieve(c.id);
    assert.equal((after as Stripe.DeletedCustomer).deleted, true);
    await assert.rejects(stripe.customers.update(c.id, { name: 'x' }), (e: any) => e.statusCode === 404 && e.code === 'resource_missing');
  });

  test('invoice_prefix must be unique and well-formed', async () => {
    const prefix = 'P' + Math.floor(Math.random() * 1e9);
    await stripe.customers.create({ invoice_prefix: prefix });
    await assert.rejects(stripe.customers.create({ invoice_prefix: prefix }), (e: any) => e.param === 'invoice_prefix');
    await assert.rejects(stripe.customers.create({ invoice_prefix: 'lower' }), (e: any) => e.param === 'invoice_prefix' && e.statusCode === 400);
  });

  test('list: newest first, paging both ways, email filter', async () => {
    const s2 = server.stripe(server.newKey());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s2.customers.create({ email: i % 2 ? 'odd@example.com' : 'even@example.com' })).id);
    const all = await s2.customers.list({ limit: 10 });
    assert.deepEqual(all.data.map((c) => c.id), [...ids].reverse());
    assert.equal(all.has_more, false);
    assert.equal(all.url, '/v1/customers');
    const p1 = await s2.customers.list({ limit: 2 });
    assert.equal(p1.has_more, true);
    const p2 = await s2.customers.list({ limit: 2, starting_after: p1.data[1].id });
    assert.deepEqual(p2.data.map((c) => c.id), [ids[2], ids[1]]);
    const back = await s2.customers.list({ limit: 2, ending_before: p2.data[0].id });
    assert.deepEqual(back.data.map((c) => c.id), [ids[4], ids[3]]);
    const odd = await s2.customers.list({ email: 'odd@example.com' });
    assert.deepEqual(odd.data.map((c) => c.id), [ids[3], ids[1]]);
    const seen: string[] = [];
    for await (const c of s2.customers.list({ limit: 2 })) seen.push(c.id);
    assert.deepEqual(seen, [...ids].reverse());
  });

  test('unknown customer is a 404 resource_missing naming id', async () => {
    const res = await server.http('GET', '/v1/customers/cus_nope');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such customer: 'cus_nope'",
        param: 'id',
        type: 'invalid_request_error',
      },
    });
  });
});
