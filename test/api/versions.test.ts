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
    for (const k of ['pricing', 'parent']) assert.ok(!(k in ii), k);
    // Added later without a breaking change: shown to the old client too.
    for (const k of ['quantity_decimal', 'net_amount', 'customer_account']) assert.ok(k in ii, k);
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

  test('invoice rendering: rendering (added without a breaking change) at every version, rendering_options until 2024-04-10', async () => {
    const key = server.newKey();
    const at = (v: string) => server.stripe(key, { apiVersion: v as any });
    const c = await at(LATEST).customers.create({});
    const inv = await at(LATEST).invoices.create({ customer: c.id, rendering: { amount_tax_display: 'exclude_tax' } });
    const shown = async (v: string) => (await server.http('GET', `/v1/invoices/${inv.id}`, { key, headers: { 'stripe-version': v } })).json;
    const old = await shown('2023-08-16');
    assert.deepEqual(old.rendering_options, { amount_tax_display: 'exclude_tax' });
    assert.equal(old.rendering.amount_tax_display, 'exclude_tax');
    const both = await shown('2023-10-16');
    assert.deepEqual(both.rendering_options, { amount_tax_display: 'exclude_tax' });
    assert.equal(both.rendering.amount_tax_display, 'exclude_tax');
    const newer = await shown('2024-04-10');
    assert.equal('rendering_options' in newer, false);
    assert.equal(newer.rendering.amount_tax_display, 'exclude_tax');
    // Parameters: the old name until 2024-04-10, the new one at every version, never both at once.
    const upd = (v: string, body: string) => server.http('POST', `/v1/invoices/${inv.id}`, { key, headers: { 'stripe-version': v }, body });
    assert.equal((await upd('2023-08-16', 'rendering_options[amount_tax_display]=include_inclusive_tax')).status, 200);
    assert.equal((await upd('2023-08-16', 'rendering[amount_tax_display]=exclude_tax')).status, 200);
    assert.equal((await upd('2023-10-16', 'rendering[amount_tax_display]=exclude_tax')).status, 200);
    assert.equal((await upd('2023-10-16', 'rendering_options[amount_tax_display]=exclude_tax')).status, 200);
    const twice = await upd('2023-10-16', 'rendering_options[amount_tax_display]=exclude_tax&rendering[amount_tax_display]=exclude_tax');
    assert.equal(twice.json.error.message, 'You may only specify one of these parameters: rendering_options, rendering.');
    assert.equal((await upd('2024-04-10', 'rendering_options[amount_tax_display]=exclude_tax')).json.error.code, 'parameter_unknown');
  });

  test('scheduled finalization and rendering templates (added without a breaking change): field and parameters at every version', async () => {
    const key = server.newKey();
    const c = await server.stripe(key, { apiVersion: LATEST as any }).customers.create({});
    const when = Math.floor(Date.now() / 1000) + 86_400;
    const create = (v: string, body: string) => server.http('POST', '/v1/invoices', { key, headers: { 'stripe-version': v }, body: `customer=${c.id}&${body}` });
    const made = await create('2024-06-20', `automatically_finalizes_at=${when}`);
    assert.equal(made.status, 200, made.text);
    assert.equal(made.json.automatically_finalizes_at, when);
    const seen = async (v: string) => (await server.http('GET', `/v1/invoices/${made.json.id}`, { key, headers: { 'stripe-version': v } })).json;
    assert.equal((await seen('2020-08-27')).automatically_finalizes_at, when);
    const template = await create('2023-08-16', 'rendering[template]=inrtem_x');
    assert.notEqual(template.json.error?.code, 'parameter_unknown', template.text);
    const customer = await server.http('POST', '/v1/customers', {
      key, headers: { 'stripe-version': '2023-08-16' }, body: 'invoice_settings[rendering_options][amount_tax_display]=exclude_tax&invoice_settings[rendering_options][template]=inrtem_x',
    });
    assert.notEqual(customer.json.error?.code, 'parameter_unknown', customer.text);
  });

  test('before 2022-08-01 customers show default_currency, their currency', async () => {
    const key = server.newKey();
    const oldest = server.stripe(key, { apiVersion: '2020-08-27' as any });
    const c: any = await oldest.customers.create({});
    assert.equal(c.default_currency, null);
    await oldest.invoiceItems.create({ customer: c.id, amount: 100, currency: 'eur' });
    assert.equal(((await oldest.customers.retrieve(c.id)) as any).default_currency, 'eur');
    const later: any = await server.stripe(key, { apiVersion: '2022-08-01' as any }).customers.retrieve(c.id);
    assert.equal(later.currency, 'eur');
    assert.equal('default_currency' in later, false);
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
