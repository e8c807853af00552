// Promotion codes: create (with `promotion[coupon]` since 2025-09-30.clover, with `coupon`
// before), retrieve, update, list; redeemed through discounts[][promotion_code] on invoices
// and invoice items (and a customer's promotion_code before basil), with Stripe's refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { CLOVER } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** Create params naming the coupon as the run's version does. */
const forCoupon = (coupon: string, extra: object = {}): any => (CLOVER ? { promotion: { type: 'coupon', coupon }, ...extra } : { coupon, ...extra });
/** The coupon id a promotion code shows, in either era. */
const couponOf = (p: any): string => (CLOVER ? (typeof p.promotion.coupon === 'string' ? p.promotion.coupon : p.promotion.coupon.id) : p.coupon.id);

const cannot = (because: string) => `This promotion code cannot be redeemed because ${because}.`;

describe('promotion codes', () => {
  let stripe: Stripe;
  let coupon: Stripe.Coupon;
  before(async () => {
    stripe = server.fresh().stripe;
    coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' });
  });

  test('create shows the object in the version\'s shape', async () => {
    const p: any = await stripe.promotionCodes.create(forCoupon(coupon.id, { code: 'FALL20', metadata: { campaign: 'fall' }, max_redemptions: 5 }));
    assert.match(p.id, /^promo_/);
    assert.equal(p.object, 'promotion_code');
    assert.equal(p.code, 'FALL20');
    assert.equal(p.active, true);
    assert.equal(p.customer, null);
    assert.equal(p.expires_at, null);
    assert.equal(p.livemode, false);
    assert.equal(p.max_redemptions, 5);
    assert.equal(p.times_redeemed, 0);
    assert.deepEqual(p.metadata, { campaign: 'fall' });
    assert.deepEqual(p.restrictions, { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null });
    if (CLOVER) {
      assert.deepEqual(p.promotion, { coupon: coupon.id, type: 'coupon' });
      assert.equal('coupon' in p, false);
    } else {
      // Before clover the coupon is embedded whole.
      assert.equal(p.coupon.object, 'coupon');
      assert.equal(p.coupon.id, coupon.id);
      assert.equal(p.coupon.percent_off, 20);
      assert.equal('promotion' in p, false);
    }
    assert.deepEqual(await stripe.promotionCodes.retrieve(p.id), p);
  });

  test('a code is generated when none is given', async () => {
    const p = await stripe.promotionCodes.create(forCoupon(coupon.id));
    assert.match(p.code, /^[A-Z0-9]{8}$/);
  });

  test('each version refuses the other\'s parameter; the coupon must exist', async () => {
    if (CLOVER) {
      await rejects(stripe.promotionCodes.create({ coupon: coupon.id } as any), { param: 'coupon', code: 'parameter_unknown' });
      await rejects(stripe.promotionCodes.create({} as any), { param: 'promotion', message: 'Missing required param: promotion.' });
      await rejects(stripe.promotionCodes.create(forCoupon('nope')), { param: 'promotion[coupon]', code: 'resource_missing' });
    } else {
      await rejects(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } } as any), { param: 'promotion', code: 'parameter_unknown' });
      await rejects(stripe.promotionCodes.create({} as any), { param: 'coupon', message: 'Missing required param: coupon.' });
      await rejects(stripe.promotionCodes.create(forCoupon('nope')), { param: 'coupon', code: 'resource_missing' });
    }
  });

  test('validation: codes, expiry, minimum amounts, uniqueness among active codes', async () => {
    await rejects(stripe.promotionCodes.create(forCoupon(coupon.id, { code: 'NO SPACES' })), { param: 'code' });
    await rejects(stripe.promotionCodes.create(forCoupon(coupon.id, { expires_at: Math.floor(Date.now() / 1000) - 10 })), { param: 'expires_at' });
    await rejects(stripe.promotionCodes.create(forCoupon(coupon.id, { restrictions: { minimum_amount: 1000 } })), {
      message: 'You must pass minimum_amount_currency when passing minimum_amount',
    });
    await rejects(stripe.promotionCodes.create(forCoupon(coupon.id, { customer: 'cus_missing' })), { param: 'customer', code: 'resource_missing' });
    await stripe.promotionCodes.create(forCoupon(coupon.id, { code: 'UNIQUE1' }));
    await rejects(stripe.promotionCodes.create(forCoupon(coupon.id, { code: 'unique1' })), { param: 'code' });
    // An inactive code does not hold its code, and may not be reactivated while another holds it.
    const off = await stripe.promotionCodes.create(forCoupon(coupon.id, { code: 'UNIQUE1', active: false }));
    await rejects(stripe.promotionCodes.update(off.id, { active: true }), { param: 'code' });
  });

  test('update: active, metadata, currency options; nothing else', async () => {
    const p = await stripe.promotionCodes.create(forCoupon(coupon.id, { restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' } }));
    const u = await stripe.promotionCodes.update(p.id, { active: false, metadata: { a: '1' }, restrictions: { currency_options: { eur: { minimum_amount: 900 } } } });
    assert.equal(u.active, false);
    assert.deepEqual(u.metadata, { a: '1' });
    assert.deepEqual(u.restrictions.currency_options, { eur: { minimum_amount: 900 } });
    await rejects(stripe.promotionCodes.update(p.id, { code: 'X' } as any), { param: 'code', code: 'parameter_unknown' });
    await rejects(stripe.promotionCodes.retrieve('promo_missing'), { status: 404, code: 'resource_missing' });
  });

  test('list by code (any case), active, coupon, customer', async () => {
    const s = server.fresh().stripe;
    const c1 = await s.coupons.create({ percent_off: 10, duration: 'once' });
    const c2 = await s.coupons.create({ amount_off: 100, currency: 'usd', duration: 'once' });
    const cus = await s.customers.create({});
    const a = await s.promotionCodes.create(forCoupon(c1.id, { code: 'ALPHA' }));
    const b = await s.promotionCodes.create(forCoupon(c2.id, { code: 'BETA', customer: cus.id }));
    const c = await s.promotionCodes.create(forCoupon(c2.id, { code: 'GAMMA', active: false }));
    const ids = (l: Stripe.ApiList<Stripe.PromotionCode>) => l.data.map((p) => p.id);
    assert.deepEqual(ids(await s.promotionCodes.list()), [c.id, b.id, a.id]);
    assert.deepEqual(ids(await s.promotionCodes.list({ code: 'alpha' })), [a.id]);
    assert.deepEqual(ids(await s.promotionCodes.list({ active: false })), [c.id]);
    assert.deepEqual(ids(await s.promotionCodes.list({ coupon: c2.id })), [c.id, b.id]);
    assert.deepEqual(ids(await s.promotionCodes.list({ customer: cus.id })), [b.id]);
    assert.equal(couponOf(b), c2.id);
  });

  test('events promotion_code.created and .updated', async () => {
    const p = await stripe.promotionCodes.create(forCoupon(coupon.id));
    await stripe.promotionCodes.update(p.id, { metadata: { k: 'v' } });
    const events = await stripe.events.list({ limit: 5 });
    const mine = events.data.filter((e) => (e.data.object as any).id === p.id).map((e) => e.type);
    assert.deepEqual(mine, ['promotion_code.updated', 'promotion_code.created']);
    const updated = events.data.find((e) => e.type === 'promotion_code.updated')!;
    assert.deepEqual(updated.data.previous_attributes, { metadata: { k: null } });
  });
});

describe('redeeming promotion codes', () => {
  let stripe: Stripe;
  let coupon: Stripe.Coupon;
  before(async () => {
    stripe = server.fresh().stripe;
    coupon = await stripe.coupons.create({ percent_off: 50, duration: 'once' });
  });

  test('on an invoice: the discount names the code and its coupon; times_redeemed counts', async () => {
    const cus = await stripe.customers.create({});
    const promo = await stripe.promotionCodes.create(forCoupon(coupon.id, { max_redemptions: 2 }));
    await stripe.invoiceItems.create({ customer: cus.id, amount: 1000, currency: 'usd' });
    const inv = await stripe.invoices.create({
      customer: cus.id,
      pending_invoice_items_behavior: 'include',
      discounts: [{ promotion_code: promo.id }],
      expand: ['discounts'],
    });
    const d = inv.discounts[0] as Stripe.Discount;
    assert.equal(d.promotion_code, promo.id);
    assert.equal(inv.total, 500);
    assert.equal((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed, 1);
    const expanded = await stripe.invoices.retrieve(inv.id, { expand: ['discounts.promotion_code'] });
    assert.equal(((expanded.discounts[0] as Stripe.Discount).promotion_code as Stripe.PromotionCode).id, promo.id);

    // On an invoice item too; then the code is used up.
    const item = await stripe.invoiceItems.create({ customer: cus.id, amount: 400, currency: 'usd', discounts: [{ promotion_code: promo.id }] });
    assert.equal(item.discounts!.length, 1);
    assert.equal((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed, 2);
    await rejects(stripe.invoiceItems.create({ customer: cus.id, amount: 400, currency: 'usd', discounts: [{ promotion_code: promo.id }] }), {
      param: 'discounts[0][promotion_code]',
      message: cannot('it has been used the maximum number of times'),
    });
  });

  test('inactive, expired, restricted to another customer, unknown', async () => {
    const cus = await stripe.customers.create({});
    const other = await stripe.customers.create({});
    const inactive = await stripe.promotionCodes.create(forCoupon(coupon.id, { active: false }));
    const theirs = await stripe.promotionCodes.create(forCoupon(coupon.id, { customer: other.id }));
    const soon = await stripe.promotionCodes.create(forCoupon(coupon.id, { expires_at: Math.floor(Date.now() / 1000) + 1 }));
    const redeem = (promotion_code: string) => stripe.invoices.create({ customer: cus.id, discounts: [{ promotion_code }] });
    await rejects(redeem(inactive.id), { param: 'discounts[0][promotion_code]', message: cannot('it is inactive') });
    await rejects(redeem(theirs.id), { param: 'discounts[0][promotion_code]', message: cannot('it is restricted to another customer') });
    await rejects(redeem('promo_missing'), { param: 'discounts[0][promotion_code]', code: 'resource_missing' });
    // Nothing was half-applied: no redemption counted.
    assert.equal((await stripe.promotionCodes.retrieve(theirs.id)).times_redeemed, 0);
    // The owner may use it.
    await stripe.invoices.create({ customer: other.id, discounts: [{ promotion_code: theirs.id }] });
    await new Promise((r) => setTimeout(r, 2100));
    await rejects(redeem(soon.id), { param: 'discounts[0][promotion_code]', message: cannot('it has expired') });
  });

  test('first_time_transaction refuses a customer who has paid before', async () => {
    const promo = await stripe.promotionCodes.create(forCoupon(coupon.id, { restrictions: { first_time_transaction: true } }));
    const cus = await stripe.customers.create({});
    await stripe.invoices.create({ customer: cus.id, discounts: [{ promotion_code: promo.id }] });
    await stripe.invoiceItems.create({ customer: cus.id, amount: 1000, currency: 'usd' });
    const paid = await stripe.invoices.create({ customer: cus.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(paid.id);
    await stripe.invoices.pay(paid.id, { paid_out_of_band: true });
    await rejects(stripe.invoices.create({ customer: cus.id, discounts: [{ promotion_code: promo.id }] }), {
      param: 'discounts[0][promotion_code]',
      message: cannot('the associated customer has prior transactions'),
    });
  });

  test('minimum_amount is checked against the invoice when it is finalized', async () => {
    const promo = await stripe.promotionCodes.create(forCoupon(coupon.id, { restrictions: { minimum_amount: 2000, minimum_amount_currency: 'usd' } }));
    const cus = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: cus.id, amount: 1500, currency: 'usd' });
    const inv = await stripe.invoices.create({ customer: cus.id, pending_invoice_items_behavior: 'include', discounts: [{ promotion_code: promo.id }] });
    await rejects(stripe.invoices.finalizeInvoice(inv.id), { message: cannot('the associated purchase does not meet the minimum amount requirement') });
    assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'draft');
    await stripe.invoiceItems.create({ customer: cus.id, amount: 600, currency: 'usd', invoice: inv.id });
    const fin = await stripe.invoices.finalizeInvoice(inv.id);
    assert.equal(fin.status, 'open');
    assert.equal(fin.total, 1050);
  });
});

describe('a customer\'s promotion_code (before 2025-03-31.basil)', () => {
  test('sets the customer\'s discount from the code, counted once', async () => {
    const key = server.newKey();
    const old = server.stripe(key, { apiVersion: '2023-08-16' as any });
    const coupon = await old.coupons.create({ percent_off: 10, duration: 'forever' });
    const promo: any = await old.promotionCodes.create({ coupon: coupon.id, code: 'WELCOME' } as any);
    const c: any = await old.customers.create({ promotion_code: promo.id } as any);
    assert.equal(c.discount.promotion_code, promo.id);
    assert.equal(c.discount.coupon.id, coupon.id);
    assert.equal((await old.promotionCodes.retrieve(promo.id)).times_redeemed, 1);
    const off = await old.promotionCodes.update(promo.id, { active: false });
    assert.equal(off.active, false);
    await rejects(old.customers.update(c.id, { promotion_code: promo.id } as any), { param: 'promotion_code', message: cannot('it is inactive') });
  });
});
