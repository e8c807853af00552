// A customer's discount: set with `coupon` by clients before 2025-03-31.basil (the parameter
// is gone since), inherited by new invoices, removed with DELETE /v1/customers/:id/discount.
// The old-version half speaks 2023-08-16 whatever version the rest of the run uses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { LATEST } from '../../src/versions/registry.ts';

const OLD = '2023-08-16';
let server: TestServer;
let old: Stripe;
let newest: Stripe;
before(async () => {
  server = await startServer();
  const key = server.newKey();
  old = server.stripe(key, { apiVersion: OLD as any });
  newest = server.stripe(key, { apiVersion: LATEST as any });
});
after(() => server.close());

const withCoupon = (coupon: string, extra: object = {}) => ({ coupon, ...extra }) as any;

describe('customer coupon (before 2025-03-31.basil)', () => {
  test('coupon sets the discount; new invoices inherit it unless discounts is given', async () => {
    const coupon = await old.coupons.create({ percent_off: 25, duration: 'forever' });
    const c: any = await old.customers.create(withCoupon(coupon.id, { name: 'Loyal' }));
    assert.equal(c.discount.object, 'discount');
    assert.equal(c.discount.coupon.id, coupon.id);
    assert.equal(c.discount.customer, c.id);
    assert.equal(c.discount.end, null);
    assert.equal('source' in c.discount, false);
    await old.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const inv: any = await old.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.deepEqual(inv.discounts, [c.discount.id]);
    assert.equal(inv.discount.id, c.discount.id);
    assert.equal(inv.total, 750);
    assert.deepEqual(inv.total_discount_amounts, [{ amount: 250, discount: c.discount.id }]);
    // A forever coupon outlives finalization.
    await old.invoices.finalizeInvoice(inv.id);
    assert.equal(((await old.customers.retrieve(c.id)) as any).discount.id, c.discount.id);
    // discounts="" opts out of inheriting.
    await old.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const plain: any = await old.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', discounts: '' as any });
    assert.deepEqual(plain.discounts, []);
    assert.equal(plain.discount, null);
    assert.equal(plain.total, 1000);
  });

  test('a once coupon covers the one invoice it is finalized on', async () => {
    const coupon = await old.coupons.create({ amount_off: 300, currency: 'usd', duration: 'once' });
    const c: any = await old.customers.create(withCoupon(coupon.id));
    await old.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const first = await old.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.equal((await old.invoices.finalizeInvoice(first.id)).total, 700);
    assert.equal(((await old.customers.retrieve(c.id)) as any).discount, null);
    await old.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
    const second = await old.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    assert.deepEqual(second.discounts, []);
    assert.equal(second.total, 1000);
  });

  test('a repeating coupon ends after its months', async () => {
    const coupon = await old.coupons.create({ percent_off: 10, duration: 'repeating', duration_in_months: 3 });
    const c: any = await old.customers.create(withCoupon(coupon.id));
    const start = new Date(c.discount.start * 1000);
    const end = new Date(c.discount.end * 1000);
    assert.equal((end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth(), 3);
    assert.ok(end.getUTCDate() <= start.getUTCDate());
  });

  test('update replaces or, empty, removes the discount; errors name the old params', async () => {
    const a = await old.coupons.create({ percent_off: 5 });
    const b = await old.coupons.create({ percent_off: 7 });
    const c: any = await old.customers.create({});
    assert.equal(c.discount, null);
    const withA: any = await old.customers.update(c.id, withCoupon(a.id));
    assert.equal(withA.discount.coupon.id, a.id);
    const withB: any = await old.customers.update(c.id, withCoupon(b.id));
    assert.equal(withB.discount.coupon.id, b.id);
    assert.notEqual(withB.discount.id, withA.discount.id);
    assert.equal(((await old.customers.update(c.id, withCoupon(''))) as any).discount, null);
    await rejects(old.customers.update(c.id, withCoupon('nope')), { param: 'coupon', code: 'resource_missing', message: "No such coupon: 'nope'" });
    await rejects(old.customers.create({ promotion_code: 'promo_nope' } as any), { param: 'promotion_code', code: 'resource_missing' });
    await rejects(old.customers.create({ coupon: a.id, promotion_code: 'promo_x' } as any), {
      param: 'coupon', message: 'You may only specify one of these parameters: coupon, promotion_code.',
    });
    // The refused requests changed nothing.
    assert.equal(((await old.customers.retrieve(c.id)) as any).discount, null);
  });

  test('invoice previews take coupon as their discount', async () => {
    const coupon = await old.coupons.create({ percent_off: 50 });
    const c = await old.customers.create({});
    await old.invoiceItems.create({ customer: c.id, amount: 800, currency: 'usd' });
    const preview: any = await old.invoices.createPreview({ customer: c.id, coupon: coupon.id } as any);
    assert.equal(preview.total, 400);
    assert.equal(preview.discount.coupon.id, coupon.id);
    await rejects(old.invoices.createPreview({ customer: c.id, coupon: coupon.id, discounts: [{ coupon: coupon.id }] } as any), {
      param: 'coupon', message: 'You may only specify one of these parameters: coupon, discounts.',
    });
  });
});

describe('customer discount events', () => {
  test('customer.discount.created, .updated and .deleted, each after customer.created/updated', async () => {
    const key = server.newKey();
    const client = server.stripe(key, { apiVersion: OLD as any });
    const a = await client.coupons.create({ percent_off: 5 });
    const b = await client.coupons.create({ percent_off: 6 });
    const typesOf = async (res: { lastResponse: { requestId: string } }) =>
      (await client.events.list({ limit: 100 })).data.filter((e) => e.request?.id === res.lastResponse.requestId).reverse();
    const c: any = await client.customers.create(withCoupon(a.id));
    const created = await typesOf(c);
    assert.deepEqual(created.map((e) => e.type), ['customer.created', 'customer.discount.created']);
    assert.equal((created[1].data.object as any).id, c.discount.id);
    const switched: any = await client.customers.update(c.id, withCoupon(b.id));
    const updated = await typesOf(switched);
    assert.deepEqual(updated.map((e) => e.type), ['customer.updated', 'customer.discount.updated']);
    assert.equal((updated[1].data.object as any).id, switched.discount.id);
    assert.equal((updated[1].data.previous_attributes as any).id, c.discount.id);
    const removed = await client.customers.deleteDiscount(c.id);
    const deleted = (await client.events.list({ limit: 100 })).data.filter((e) => e.request?.id === removed.lastResponse.requestId).reverse();
    assert.deepEqual(deleted.map((e) => e.type), ['customer.updated', 'customer.discount.deleted']);
    assert.equal((deleted[1].data.object as any).id, switched.discount.id);
  });
});

describe('customer discount at the newest version', () => {
  test('coupon is an unknown parameter; the discount shows and DELETE removes it', async () => {
    const coupon = await old.coupons.create({ percent_off: 20 });
    await rejects(newest.customers.create({ coupon: coupon.id } as any), { param: 'coupon', code: 'parameter_unknown' });
    await rejects(newest.customers.create({ promotion_code: 'promo_x' } as any), { param: 'promotion_code', code: 'parameter_unknown' });
    await rejects(newest.invoices.createPreview({ coupon: coupon.id } as any), { param: 'coupon', code: 'parameter_unknown' });
    const set: any = await old.customers.create(withCoupon(coupon.id));
    const c = (await newest.customers.retrieve(set.id)) as Stripe.Customer;
    assert.equal(c.discount!.id, set.discount.id);
    assert.deepEqual(c.discount!.source, { coupon: coupon.id, type: 'coupon' });
    const removed = await newest.customers.deleteDiscount(c.id);
    assert.equal(removed.id, set.discount.id);
    assert.equal(removed.deleted, true);
    assert.equal(((await newest.customers.retrieve(c.id)) as Stripe.Customer).discount, null);
    await rejects(newest.customers.deleteDiscount(c.id), { status: 404, code: 'resource_missing' });
    await rejects(newest.customers.deleteDiscount('cus_nope'), { status: 404, code: 'resource_missing' });
  });

  test('an old client deletes the discount in its own shape', async () => {
    const coupon = await old.coupons.create({ percent_off: 20 });
    const c: any = await old.customers.create(withCoupon(coupon.id));
    const removed: any = await old.customers.deleteDiscount(c.id);
    assert.equal(removed.deleted, true);
    assert.equal(removed.coupon.id, coupon.id);
    assert.equal('source' in removed, false);
  });
});
