import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer, form } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { couponRef, loadCoupon, redeemCoupon } from '../../src/resources/coupons/service.ts';
import { CLOVER } from '../helpers/versioned.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());


const now = () => Math.floor(Date.now() / 1000);
const uid = (prefix: string) => `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;



describe('coupons: create', () => {
  test('defaults: generated id, duration once, the full object on the wire', async () => {
    const res = await server.http('POST', '/v1/coupons', { body: form({ percent_off: '25.5' }) });
    assert.equal(res.status, 200);
    const c = res.json;
    assert.match(c.id, /^[A-Z0-9]{8}$/);
    assert.deepEqual(c, {
      id: c.id,
      object: 'coupon',
      amount_off: null,
      created: c.created,
      currency: null,
      duration: 'once',
      duration_in_months: null,
      livemode: false,
      max_redemptions: null,
      metadata: {},
      name: null,
      percent_off: 25.5,
      redeem_by: null,
      times_redeemed: 0,
      valid: true,
    });
    assert.match(res.text, /"percent_off":25\.5[,}]/);
  });

  test('every param is stored and echoed', async () => {
    const prod = await stripe.products.create({ name: 'p' });
    const id = uid('SUMMER');
    const redeemBy = now() + 86400;
    const c = await stripe.coupons.create({
      id,
      amount_off: 500,
      currency: 'USD',
      currency_options: { eur: { amount_off: 450 } },
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 10,
      metadata: { campaign: 'summer' },
      name: '5 off for 3 months',
      redeem_by: redeemBy,
      applies_to: { products: [prod.id] },
    });
    assert.deepEqual(c, {
      id,
      object: 'coupon',
      amount_off: 500,
      applies_to: { products: [prod.id] },
      created: c.created,
      currency: 'usd',
      currency_options: { eur: { amount_off: 450 } },
      duration: 'repeating',
      duration_in_months: 3,
      livemode: false,
      max_redemptions: 10,
      metadata: { campaign: 'summer' },
      name: '5 off for 3 months',
      percent_off: null,
      redeem_by: redeemBy,
      times_redeemed: 0,
      valid: true,
    });
    assert.deepEqual(await stripe.coupons.retrieve(id), c);
    assert.equal((await stripe.coupons.create({ percent_off: 100, duration: 'forever' })).duration, 'forever');
  });

  test('exactly one of amount_off and percent_off; amount_off needs currency', async () => {
    await rejects(stripe.coupons.create({ amount_off: 5, percent_off: 5, currency: 'usd' }), {
      param: 'amount_off',
      message: 'You may only specify one of these parameters: amount_off, percent_off.',
    });
    await rejects(stripe.coupons.create({ duration: 'once' }), {
      param: 'amount_off',
      code: 'parameter_missing',
      message: 'You must specify one of these parameters: amount_off, percent_off.',
    });
    await rejects(stripe.coupons.create({ amount_off: 5 }), { param: 'currency', code: 'parameter_missing', message: 'Missing required param: currency.' });
    await rejects(stripe.coupons.create({ amount_off: 0, currency: 'usd' }), { param: 'amount_off' });
    await rejects(stripe.coupons.create({ amount_off: 5, currency: 'xyz' }), { param: 'currency', message: /^Invalid currency: xyz\./ });
  });

  test('percent_off: above 0, at most 100, at most 2 decimals', async () => {
    for (const ok of [0.01, 12.34, 100]) assert.equal((await stripe.coupons.create({ percent_off: ok })).percent_off, ok);
    for (const bad of [0, -5, 100.01]) await rejects(stripe.coupons.create({ percent_off: bad }), { param: 'percent_off' });
    await rejects(stripe.coupons.create({ percent_off: 12.345 }), {
      param: 'percent_off',
      message: 'Invalid percent_off: 12.345 has more than 2 decimal places.',
    });
  });

  test('duration and duration_in_months go together', async () => {
    await rejects(stripe.coupons.create({ percent_off: 5, duration: 'repeating' }), {
      param: 'duration_in_months',
      code: 'parameter_missing',
      message: 'Missing required param: duration_in_months.',
    });
    await rejects(stripe.coupons.create({ percent_off: 5, duration_in_months: 3 }), { param: 'duration_in_months' });
    await rejects(stripe.coupons.create({ percent_off: 5, duration: 'forever', duration_in_months: 3 }), { param: 'duration_in_months' });
    await rejects(stripe.coupons.create({ percent_off: 5, duration: 'repeating', duration_in_months: 0 }), { param: 'duration_in_months' });
    await rejects(stripe.coupons.create({ percent_off: 5, duration: 'weekly' as any }), {
      param: 'duration',
      message: 'Invalid duration: must be one of forever, once, or repeating',
    });
  });

  test('redeem_by must be in the future, at most 5 years ahead', async () => {
    await rejects(stripe.coupons.create({ percent_off: 5, redeem_by: now() - 10 }), {
      param: 'redeem_by',
      message: 'Invalid timestamp: must be an integer Unix timestamp in the future.',
    });
    await rejects(stripe.coupons.create({ percent_off: 5, redeem_by: now() + 6 * 366 * 86400 }), { param: 'redeem_by' });
    await rejects(stripe.coupons.create({ percent_off: 5, redeem_by: 'tomorrow' as any }), { param: 'redeem_by', code: 'parameter_invalid_integer' });
  });

  test('custom ids are unique: "Coupon already exists."', async () => {
    const id = uid('DUP');
    await stripe.coupons.create({ id, percent_off: 5 });
    const res = await server.http('POST', '/v1/coupons', { body: form({ id, percent_off: '5' }) });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_already_exists',
        doc_url: 'https://stripe.com/docs/error-codes/resource-already-exists',
        message: 'Coupon already exists.',
        param: 'id',
        type: 'invalid_request_error',
      },
    });
  });

  test('other validation: name, max_redemptions, applies_to, currency_options, unknown params, metadata', async () => {
    await rejects(stripe.coupons.create({ percent_off: 5, name: 'n'.repeat(41) }), { param: 'name', message: /must be at most 40 characters$/ });
    await rejects(stripe.coupons.create({ percent_off: 5, max_redemptions: 0 }), { param: 'max_redemptions' });
    await rejects(stripe.coupons.create({ percent_off: 5, applies_to: { products: ['prod_nope'] } }), {
      param: 'applies_to[products][0]',
      code: 'resource_missing',
      message: "No such product: 'prod_nope'",
    });
    await rejects(stripe.coupons.create({ percent_off: 5, currency_options: { eur: { amount_off: 5 } } }), { param: 'currency_options' });
    await rejects(stripe.coupons.create({ amount_off: 5, currency: 'usd', currency_options: { zzz: { amount_off: 5 } } }), {
      param: 'currency_options[zzz]',
      code: 'parameter_unknown',
    });
    await rejects(stripe.coupons.create({ percent_off: 5, valid: true } as any), { param: 'valid', code: 'parameter_unknown' });
    await rejects(stripe.coupons.create({ percent_off: 'half' as any }), { param: 'percent_off' });
    await rejects(stripe.coupons.create({ percent_off: 5, metadata: { k: 'v'.repeat(501) } }), { param: 'metadata' });
    await rejects(stripe.coupons.create({ percent_off: 5, id: '' }), { param: 'id', code: 'parameter_invalid_empty' });
  });
});

describe('coupons: retrieve, update, delete', () => {
  test('update: name, metadata, currency_options only', async () => {
    const c = await stripe.coupons.create({ amount_off: 100, currency: 'usd', name: 'old', metadata: { a: '1', b: '2' }, currency_options: { eur: { amount_off: 90 } } });
    const u = await stripe.coupons.update(c.id, { name: 'new', metadata: { a: '', c: '3' }, currency_options: { gbp: { amount_off: 80 } } });
    assert.equal(u.name, 'new');
    assert.deepEqual(u.metadata, { b: '2', c: '3' });
    assert.deepEqual(u.currency_options, { eur: { amount_off: 90 }, gbp: { amount_off: 80 } });
    assert.equal(u.amount_off, 100);
    assert.deepEqual(await stripe.coupons.retrieve(c.id), u);
    const cleared = await server.http('POST', `/v1/coupons/${c.id}`, { body: 'name=&metadata=' });
    assert.equal(cleared.json.name, null);
    assert.deepEqual(cleared.json.metadata, {});
    for (const param of ['percent_off', 'amount_off', 'duration', 'currency', 'redeem_by', 'max_redemptions']) {
      const res = await server.http('POST', `/v1/coupons/${c.id}`, { body: `${param}=1` });
      assert.equal(res.status, 400);
      assert.equal(res.json.error.code, 'parameter_unknown', param);
    }
    const pct = await stripe.coupons.create({ percent_off: 10 });
    await rejects(stripe.coupons.update(pct.id, { currency_options: { eur: { amount_off: 5 } } }), { param: 'currency_options' });
  });

  test('delete: stub answer, then 404, id stays taken', async () => {
    const { stripe: s } = server.fresh();
    const c = await s.coupons.create({ id: 'GONE', percent_off: 5 });
    assert.deepEqual(await s.coupons.del(c.id), { id: 'GONE', object: 'coupon', deleted: true });
    for (const call of [() => s.coupons.retrieve('GONE'), () => s.coupons.update('GONE', { name: 'x' }), () => s.coupons.del('GONE')])
      await rejects(call(), { status: 404, param: 'id', code: 'resource_missing', message: "No such coupon: 'GONE'" });
    assert.deepEqual((await s.coupons.list()).data, []);
    await rejects(s.coupons.create({ id: 'GONE', percent_off: 5 }), { code: 'resource_already_exists' });
  });

  test('unknown coupon is a 404 naming id', async () => {
    const res = await server.http('GET', '/v1/coupons/NOPE');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such coupon: 'NOPE'",
        param: 'id',
        type: 'invalid_request_error',
      },
    });
  });
});

describe('coupons: valid, references, redemptions', () => {
  test('valid follows redeem_by and max_redemptions', async () => {
    const { key, stripe: s } = server.fresh();
    const redeemBy = now() + 3600;
    const c = await s.coupons.create({ percent_off: 5, redeem_by: redeemBy, max_redemptions: 2 });
    assert.equal(c.valid, true);
    // As of a later clock, the same coupon is expired.
    assert.equal((await server.asAccount(key, (ctx) => couponRef(ctx, c.id), redeemBy + 1)).valid, false);
    assert.equal((await server.asAccount(key, (ctx) => couponRef(ctx, c.id), redeemBy)).valid, true);
    const once = await server.asAccount(key, (ctx) => redeemCoupon(ctx, c.id));
    assert.equal(once.times_redeemed, 1);
    assert.equal(once.valid, true);
    await server.asAccount(key, (ctx) => redeemCoupon(ctx, c.id));
    const used = await s.coupons.retrieve(c.id);
    assert.equal(used.times_redeemed, 2);
    assert.equal(used.valid, false);
    assert.equal((await s.coupons.list()).data[0].valid, false);
  });

  test('couponRef names the param; loadCoupon keeps a deleted coupon\'s terms for existing discounts', async () => {
    const { key, stripe: s } = server.fresh();
    const c = await s.coupons.create({ amount_off: 300, currency: 'eur' });
    assert.equal((await server.asAccount(key, (ctx) => couponRef(ctx, c.id, 'discounts[0][coupon]'))).amount_off, 300);
    await s.coupons.del(c.id);
    await server.asAccount(key, (ctx) => couponRef(ctx, c.id, 'discounts[0][coupon]')).then(
      () => assert.fail('expected an error'),
      (e) => {
        assert.equal(e.status, 400);
        assert.equal(e.param, 'discounts[0][coupon]');
        assert.equal(e.message, `No such coupon: '${c.id}'`);
      },
    );
    const kept = await server.asAccount(key, (ctx) => loadCoupon(ctx, c.id));
    assert.equal(kept?.amount_off, 300);
    assert.equal(kept?.currency, 'eur');
    assert.equal(kept?.valid, false);
    assert.equal(await server.asAccount(key, (ctx) => loadCoupon(ctx, 'NOPE')), undefined);
  });
});

describe('coupons: list', () => {
  test('newest first, paging both ways, created filter', async () => {
    const { stripe: s } = server.fresh();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await s.coupons.create({ percent_off: i + 1 })).id);
    const all = await s.coupons.list();
    assert.deepEqual(all.data.map((c) => c.id), [...ids].reverse());
    assert.equal(all.url, '/v1/coupons');
    const p1 = await s.coupons.list({ limit: 3 });
    assert.equal(p1.has_more, true);
    assert.deepEqual((await s.coupons.list({ limit: 3, starting_after: p1.data[2].id })).data.map((c) => c.id), [ids[0]]);
    assert.deepEqual((await s.coupons.list({ limit: 2, ending_before: ids[1] })).data.map((c) => c.id), [ids[3], ids[2]]);
    const first = (await s.coupons.retrieve(ids[0])).created;
    assert.equal((await s.coupons.list({ created: { gte: first } })).data.length, 4);
    assert.equal((await s.coupons.list({ created: { gt: first + 3600 } })).data.length, 0);
    await rejects(s.coupons.list({ active: true } as any), { param: 'active', code: 'parameter_unknown' });
  });
});

describe('coupons: times_redeemed through the API', () => {
  test('each discount made from the coupon counts (invoice, invoice item, promotion code); max_redemptions refuses the next', async () => {
    const { stripe: s } = server.fresh();
    const c = await s.coupons.create({ percent_off: 5, max_redemptions: 3 });
    const customer = await s.customers.create({});
    await s.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd', discounts: [{ coupon: c.id }] });
    await s.invoices.create({ customer: customer.id, discounts: [{ coupon: c.id }] });
    assert.equal((await s.coupons.retrieve(c.id)).times_redeemed, 2);
    const promo: any = await s.promotionCodes.create(
      (CLOVER ? { promotion: { type: 'coupon', coupon: c.id } } : { coupon: c.id }) as any,
    );
    await s.invoices.create({ customer: customer.id, discounts: [{ promotion_code: promo.id }] });
    const used = await s.coupons.retrieve(c.id);
    assert.equal(used.times_redeemed, 3);
    assert.equal(used.valid, false);
    assert.equal((await s.promotionCodes.retrieve(promo.id)).times_redeemed, 1);
    await rejects(s.invoices.create({ customer: customer.id, discounts: [{ coupon: c.id }] }), {
      status: 400, code: 'coupon_expired', param: 'discounts[0][coupon]', message: `Coupon expired: ${c.id}`,
    });
    assert.equal((await s.coupons.retrieve(c.id)).times_redeemed, 3, 'a refused redemption counts nothing');
    // Counting redemptions is not an update of the coupon or the code.
    assert.equal((await s.events.list({ type: 'coupon.updated' })).data.length, 0);
    assert.equal((await s.events.list({ type: 'promotion_code.updated' })).data.length, 0);
  });
});
