import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const OLD = '2023-08-16';

describe('API versions on the wire', () => {
  test('every version in the range is accepted and echoed; unknown ones are rejected', async () => {
    for (const v of ['2020-08-27', '2022-11-15', '2024-09-30.acacia', '2025-03-31.basil', '2026-10-28.endive']) {
      const res = await server.http('GET', '/v1/customers', { headers: { 'stripe-version': v } });
      assert.equal(res.status, 200, v);
      assert.equal(res.headers.get('stripe-version'), v);
    }
    for (const v of ['2019-2-19', '2025-03-31', 'latest', '2020-08-26']) {
      const res = await server.http('GET', '/v1/customers', { headers: { 'stripe-version': v } });
      assert.equal(res.status, 400, v);
      assert.equal(res.json.error.message, `Invalid Stripe API version: ${v}`);
    }
  });

  test('an old client gets the old invoice item shape and may send old parameters', async () => {
    const old = server.stripe(server.newKey(), { apiVersion: OLD as any });
    const c = await old.customers.create({});
    const product = await old.products.create({ name: 'Old shirt' });
    const price = await old.prices.create({ product: product.id, unit_amount: 1099, currency: 'usd' });
    const ii: any = await old.invoiceItems.create({ customer: c.id, price: price.id } as any);
    assert.equal(ii.amount, 1099);
    assert.equal(ii.price.id, price.id);
    assert.equal(ii.price.object, 'price');
    assert.equal(ii.unit_amount, 1099);
    assert.equal(ii.unit_amount_decimal, '1099');
    assert.equal(ii.plan, null);
    assert.equal(ii.subscription, null);
    for (const k of ['pricing', 'parent', 'quantity_decimal', 'net_amount', 'customer_account']) assert.ok(!(k in ii), k);
    const byUnit: any = await old.invoiceItems.create({ customer: c.id, unit_amount: 250, quantity: 2, currency: 'usd' } as any);
    assert.equal(byUnit.amount, 500);
    assert.equal(byUnit.unit_amount, 250);
    assert.equal(byUnit.price, null);
    const res = await server.http('POST', '/v1/invoiceitems', {
      key: (old as any)._api.auth?.slice(7) ?? undefined,
      headers: { 'stripe-version': OLD },
      body: `customer=${c.id}&pricing[price]=${price.id}`,
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.message, 'Received unknown parameter: pricing');
  });

  test('the newest client never sees old fields and may not send old parameters', async () => {
    const s = server.stripe(server.newKey(), { apiVersion: LATEST as any });
    const c = await s.customers.create({});
    await assert.rejects(s.invoiceItems.create({ customer: c.id, unit_amount: 5, currency: 'usd' } as any), (e: any) => e.param === 'unit_amount');
    const ii = await s.invoiceItems.create({ customer: c.id, amount: 5, currency: 'usd' });
    assert.ok(!('price' in ii) && !('unit_amount' in ii));
  });

  test('before 2022-08-01 new invoices include pending items, and require them', async () => {
    const key = server.newKey();
    const old = server.stripe(key, { apiVersion: '2020-08-27' as any });
    const c = await old.customers.create({});
    await assert.rejects(old.invoices.create({ customer: c.id }), (e: any) => e.code === 'invoice_no_customer_line_items');
    await old.invoiceItems.create({ customer: c.id, amount: 700, currency: 'usd' });
    const inv: any = await old.invoices.create({ customer: c.id });
    assert.equal(inv.lines.data.length, 1);
    assert.equal(inv.lines.total_count, 1);
    assert.equal(inv.lines.data[0].type, 'invoiceitem');
    assert.equal(inv.paid, false);
    assert.equal(inv.total_tax_amounts.length, 0);
    const fresh = server.stripe(key);
    const c2 = await fresh.customers.create({});
    await fresh.invoiceItems.create({ customer: c2.id, amount: 700, currency: 'usd' });
    const newest = await fresh.invoices.create({ customer: c2.id });
    assert.equal(newest.lines.data.length, 0);
  });
});
