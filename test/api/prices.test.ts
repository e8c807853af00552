import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer, form } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { isStripeError } from '../../src/http/params.ts';
import { createInlinePrice, loadPrice, priceRef } from '../../src/resources/prices/service.ts';
import { before as versionBefore } from '../helpers/versioned.ts';

/** A licensed recurring price's `recurring` as the suite's version shows it: `aggregate_usage: null` before 2025-03-31.basil. */
const licensed = (r: { interval: string; interval_count: number; trial_period_days: number | null }) => ({
  ...(versionBefore('2025-03-31.basil') ? { aggregate_usage: null } : {}),
  ...r,
  meter: null,
  usage_type: 'licensed',
});

let server: TestServer;
let stripe: Stripe;
let product: Stripe.Product;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
  product = await stripe.products.create({ name: 'Catalog product' });
});
after(() => server.close());





describe('prices: create', () => {
  test('defaults: the full object on the wire', async () => {
    const res = await server.http('POST', '/v1/prices', { body: form({ product: product.id, currency: 'usd', unit_amount: '2000' }) });
    assert.equal(res.status, 200);
    const p = res.json;
    assert.match(p.id, /^price_[A-Za-z0-9]{24}$/);
    assert.deepEqual(p, {
      id: p.id,
      object: 'price',
      active: true,
      billing_scheme: 'per_unit',
      created: p.created,
      currency: 'usd',
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: product.id,
      recurring: null,
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: 'one_time',
      unit_amount: 2000,
      unit_amount_decimal: '2000',
    });
  });

  test('every param is stored and echoed', async () => {
    const key = `gold_${Date.now()}`;
    const p = await stripe.prices.create({
      product: product.id,
      currency: 'EUR',
      unit_amount: 999,
      active: false,
      billing_scheme: 'per_unit',
      lookup_key: key,
      metadata: { plan: 'gold' },
      nickname: 'Gold monthly',
      recurring: { interval: 'week', interval_count: 2, trial_period_days: 14, usage_type: 'licensed' },
      tax_behavior: 'inclusive',
    });
    assert.equal(p.currency, 'eur');
    assert.equal(p.active, false);
    assert.equal(p.lookup_key, key);
    assert.deepEqual(p.metadata, { plan: 'gold' });
    assert.equal(p.nickname, 'Gold monthly');
    assert.equal(p.type, 'recurring');
    assert.deepEqual(p.recurring, licensed({ interval: 'week', interval_count: 2, trial_period_days: 14 }));
    assert.equal(p.tax_behavior, 'inclusive');
    assert.equal(p.unit_amount, 999);
    assert.equal(String(p.unit_amount_decimal), '999');
    assert.deepEqual(await stripe.prices.retrieve(p.id), p);
  });

  test('unit_amount_decimal is echoed canonical; unit_amount only when whole', async () => {
    const cases: [string, string, number | null][] = [
      ['1234.5000', '1234.5', null],
      ['1200.000', '1200', 1200],
      ['0', '0', 0],
      ['007.25', '7.25', null],
      ['0.000000000001', '0.000000000001', null],
    ];
    for (const [input, echoed, whole] of cases) {
      const res = await server.http('POST', '/v1/prices', { body: form({ product: product.id, currency: 'usd', unit_amount_decimal: input }) });
      assert.equal(res.status, 200, input);
      assert.equal(res.json.unit_amount_decimal, echoed, input);
      assert.equal(res.json.unit_amount, whole, input);
    }
    for (const bad of ['1.0000000000001', '-5', '1e3', 'abc', '1.']) {
      const res = await server.http('POST', '/v1/prices', { body: form({ product: product.id, currency: 'usd', unit_amount_decimal: bad }) });
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.error.param, 'unit_amount_decimal', bad);
    }
  });

  test('amounts: exactly one of unit_amount and unit_amount_decimal, within bounds', async () => {
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, unit_amount_decimal: '1' as any }), {
      param: 'unit_amount',
      message: 'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
    });
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd' }), {
      param: 'unit_amount',
      message: 'Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.',
    });
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: -1 }), {
      param: 'unit_amount',
      message: 'Invalid non-negative integer',
    });
    await rejects(stripe.prices.create({ product: product.id, currency: 'jpy', unit_amount: 9999999999991 }), {
      param: 'unit_amount',
      message: "This value must be less than or equal to 999999999999 (it currently is '9999999999991').",
    });
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1.5 }), {
      param: 'unit_amount',
      code: 'parameter_invalid_integer',
      message: 'Invalid integer: 1.5',
    });
  });

  test('product or product_data, exactly one', async () => {
    await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 1 }), {
      param: 'product',
      message: 'You must specify either `product` or `product_data` when creating a price.',
    });
    await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 1, product: product.id, product_data: { name: 'x' } }), {
      param: 'product',
      message: 'You may only specify one of these parameters: product, product_data.',
    });
    await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 1, product: 'prod_nope' }), {
      param: 'product',
      code: 'resource_missing',
      message: "No such product: 'prod_nope'",
    });
  });

  test('product_data creates the product the price belongs to', async () => {
    const id = `prod_inline_${Date.now()}`;
    const p = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 300,
      product_data: { name: 'Inline', id, metadata: { a: 'b' }, unit_label: 'kg', statement_descriptor: 'INLINE', active: false, tax_code: 'txcd_10000000' },
    });
    assert.equal(p.product, id);
    const prod = await stripe.products.retrieve(id);
    assert.equal(prod.name, 'Inline');
    assert.deepEqual(prod.metadata, { a: 'b' });
    assert.equal(prod.unit_label, 'kg');
    assert.equal(prod.statement_descriptor, 'INLINE');
    assert.equal(prod.active, false);
    assert.equal(prod.tax_code, 'txcd_10000000');
    await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'again', id } }), {
      param: 'product_data[id]',
      code: 'resource_already_exists',
      message: 'Product already exists.',
    });
    await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { active: true } as any }), {
      param: 'product_data[name]',
      code: 'parameter_missing',
      message: 'Missing required param: product_data[name].',
    });
    await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'x', url: 'https://e.com' } as any }), {
      param: 'product_data[url]',
      code: 'parameter_unknown',
    });
  });

  test('a failed price creates no product', async () => {
    const { stripe: s } = server.fresh();
    await rejects(s.prices.create({ currency: 'usd', product_data: { name: 'x' } }), { param: 'unit_amount' });
    await rejects(s.prices.create({ currency: 'usd', unit_amount: 1, lookup_key: 'k', product_data: { name: 'y' } }).then(() =>
      s.prices.create({ currency: 'usd', unit_amount: 1, lookup_key: 'k', product_data: { name: 'z' } }),
    ), { param: 'lookup_key' });
    assert.deepEqual((await s.products.list()).data.map((p) => p.name), ['y']);
  });

  test('recurring: intervals, counts, usage type', async () => {
    for (const [interval, max] of [['day', 1095], ['week', 156], ['month', 36], ['year', 3]] as const) {
      const ok = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval, interval_count: max } });
      assert.equal(ok.recurring?.interval_count, max);
      await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval, interval_count: max + 1 } }), {
        param: 'recurring[interval_count]',
      });
    }
    const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month' } });
    assert.deepEqual(monthly.recurring, licensed({ interval: 'month', interval_count: 1, trial_period_days: null }));
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'fortnight' as any } }), {
      param: 'recurring[interval]',
      message: 'Invalid interval: must be one of day, week, month, or year',
    });
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval_count: 2 } as any }), {
      param: 'recurring[interval]',
      code: 'parameter_missing',
    });
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', interval_count: 0 } }), {
      param: 'recurring[interval_count]',
    });
    // Since 2025-03-31.basil a metered price needs a billing meter, which InvoiceKit does not have
    // (older versions may make them without one: see the aggregate_usage test).
    const latest = server.newest();
    await rejects(latest.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered' } }), {
      param: 'recurring[usage_type]',
      message: 'Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.',
    });
  });

  test('recurring.aggregate_usage: shown (null for licensed prices) before 2025-03-31.basil, gone since', async () => {
    const latest = server.newest();
    const p = await latest.prices.create({ product: product.id, currency: 'usd', unit_amount: 5, recurring: { interval: 'year' } });
    const want = { interval: 'year', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' };
    assert.deepEqual(p.recurring, want);
    const at = async (version: string) => (await server.http('GET', `/v1/prices/${p.id}`, { headers: { 'stripe-version': version } })).json;
    assert.deepEqual((await at('2025-03-31.basil')).recurring, want);
    assert.deepEqual((await at('2025-02-24.acacia')).recurring, { aggregate_usage: null, ...want });
    assert.deepEqual((await at('2023-08-16')).recurring, { aggregate_usage: null, ...want });
    // Before basil a metered price needs no meter and aggregates usage as it was told (`sum` by default).
    const old = server.stripe(undefined, { apiVersion: '2023-08-16' as any });
    const summed: any = await old.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered' } });
    assert.deepEqual(summed.recurring, { aggregate_usage: 'sum', interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'metered' });
    const max: any = await old.prices.create({
      product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered', aggregate_usage: 'max' },
    } as any);
    assert.equal(max.recurring.aggregate_usage, 'max');
    assert.deepEqual((await latest.prices.retrieve(max.id)).recurring, { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'metered' });
    await rejects(old.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', aggregate_usage: 'max' } } as any), {
      param: 'recurring[aggregate_usage]',
    });
    await rejects(old.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered', aggregate_usage: 'avg' } } as any), {
      param: 'recurring[aggregate_usage]',
    });
    await rejects(latest.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered', aggregate_usage: 'max' } } as any), {
      param: 'recurring[aggregate_usage]', code: 'parameter_unknown',
    });
    // One-time prices have no recurring to add it to.
    const once = await latest.prices.create({ product: product.id, currency: 'usd', unit_amount: 5 });
    assert.equal((await server.http('GET', `/v1/prices/${once.id}`, { headers: { 'stripe-version': '2023-08-16' } })).json.recurring, null);
  });

  test('tiered and custom amounts are refused clearly', async () => {
    await rejects(
      stripe.prices.create({ product: product.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', tiers: [{ up_to: 'inf', unit_amount: 5 }] }),
      { param: 'billing_scheme', message: 'Tiered pricing (`billing_scheme=tiered`) is not supported by InvoiceKit.' },
    );
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', tiers_mode: 'graduated', unit_amount: 1 }), { param: 'tiers_mode' });
    await rejects(stripe.prices.create({ product: product.id, currency: 'usd', custom_unit_amount: { enabled: true } }), {
      param: 'custom_unit_amount',
      message: '`custom_unit_amount` is not supported by InvoiceKit.',
    });
  });

  test('param validation: currency, missing, unknown, types, lookup_key length', async () => {
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1 } as any), {
      param: 'currency',
      code: 'parameter_missing',
      message: 'Missing required param: currency.',
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'zzz' }), {
      param: 'currency',
      message: /^Invalid currency: zzz\. Stripe currently supports these currencies: usd, aed, /,
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'usd', amount: 5 } as any), {
      param: 'amount',
      code: 'parameter_unknown',
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'usd', transform_quantity: { divide_by: 2, round: 'up' } }), {
      param: 'transform_quantity',
      code: 'parameter_unknown',
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'usd', active: 'no' as any }), {
      param: 'active',
      message: 'Invalid boolean: no',
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'usd', tax_behavior: 'both' as any }), {
      param: 'tax_behavior',
      message: 'Invalid tax_behavior: must be one of exclusive, inclusive, or unspecified',
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'usd', lookup_key: 'k'.repeat(201) }), {
      param: 'lookup_key',
    });
    await rejects(stripe.prices.create({ product: product.id, unit_amount: 1, currency: 'usd', metadata: { ['x'.repeat(41)]: 'v' } }), {
      param: 'metadata',
    });
  });
});

describe('prices: lookup keys', () => {
  test('a key has one holder, active or not; transfer_lookup_key moves it', async () => {
    const { stripe: s } = server.fresh();
    const prod = await s.products.create({ name: 'p' });
    const holder = await s.prices.create({ product: prod.id, currency: 'usd', unit_amount: 1, lookup_key: 'std' });
    await s.prices.update(holder.id, { active: false });
    await rejects(s.prices.create({ product: prod.id, currency: 'usd', unit_amount: 2, lookup_key: 'std' }), {
      param: 'lookup_key',
      message: `A price (\`${holder.id}\`) already uses that lookup key.`,
    });
    const next = await s.prices.create({ product: prod.id, currency: 'usd', unit_amount: 2, lookup_key: 'std', transfer_lookup_key: true });
    assert.equal(next.lookup_key, 'std');
    const old = await s.prices.retrieve(holder.id);
    assert.equal(old.lookup_key, null);
    assert.equal(old.active, false);

    const third = await s.prices.create({ product: prod.id, currency: 'usd', unit_amount: 3 });
    await rejects(s.prices.update(third.id, { lookup_key: 'std' }), { param: 'lookup_key', message: `A price (\`${next.id}\`) already uses that lookup key.` });
    const moved = await s.prices.update(third.id, { lookup_key: 'std', transfer_lookup_key: true });
    assert.equal(moved.lookup_key, 'std');
    assert.equal((await s.prices.retrieve(next.id)).lookup_key, null);
    // Re-sending one's own key is no conflict; an empty value clears it.
    assert.equal((await s.prices.update(third.id, { lookup_key: 'std' })).lookup_key, 'std');
    // Accounts are namespaces: the same key is free in another account, whose lookups miss this price.
    const other = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, lookup_key: 'std' });
    assert.equal(other.lookup_key, 'std');
    assert.equal((await server.http('GET', `/v1/prices/${third.id}`)).status, 404);
  });

  test('an empty lookup_key on update clears it', async () => {
    const p = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, lookup_key: `clear_${Date.now()}` });
    const res = await server.http('POST', `/v1/prices/${p.id}`, { body: 'lookup_key=' });
    assert.equal(res.status, 200);
    assert.equal(res.json.lookup_key, null);
  });
});

describe('prices: retrieve and update', () => {
  test('update: active, nickname, metadata; other fields are not update params', async () => {
    const p = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, metadata: { a: '1', b: '2' }, nickname: 'n' });
    const u = await stripe.prices.update(p.id, { active: false, nickname: 'renamed', metadata: { a: '', c: '3' } });
    assert.equal(u.active, false);
    assert.equal(u.nickname, 'renamed');
    assert.deepEqual(u.metadata, { b: '2', c: '3' });
    assert.equal(u.unit_amount, 1);
    const res = await server.http('POST', `/v1/prices/${p.id}`, { body: 'metadata=&nickname=' });
    assert.deepEqual(res.json.metadata, {});
    assert.equal(res.json.nickname, null);
    for (const param of ['unit_amount', 'currency', 'recurring', 'product']) {
      const bad = await server.http('POST', `/v1/prices/${p.id}`, { body: `${param}=1` });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.code, 'parameter_unknown', param);
      assert.equal(bad.json.error.param, param);
    }
  });

  test('tax_behavior: unspecified can become inclusive/exclusive, which then cannot change', async () => {
    const p = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1 });
    assert.equal(p.tax_behavior, 'unspecified');
    const u = await stripe.prices.update(p.id, { tax_behavior: 'exclusive' });
    assert.equal(u.tax_behavior, 'exclusive');
    assert.equal((await stripe.prices.update(p.id, { tax_behavior: 'exclusive' })).tax_behavior, 'exclusive');
    await rejects(stripe.prices.update(p.id, { tax_behavior: 'inclusive' }), { param: 'tax_behavior' });
    await rejects(stripe.prices.update(p.id, { tax_behavior: 'unspecified' }), { param: 'tax_behavior' });
  });

  test('unknown price is a 404 naming id; there is no DELETE', async () => {
    const res = await server.http('GET', '/v1/prices/price_nope');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such price: 'price_nope'",
        param: 'id',
        type: 'invalid_request_error',
      },
    });
    await rejects(stripe.prices.update('price_nope', { nickname: 'x' }), { status: 404, param: 'id', code: 'resource_missing' });
    const p = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1 });
    const del = await server.http('DELETE', `/v1/prices/${p.id}`);
    assert.equal(del.status, 404);
    assert.match(del.json.error.message, /^Unrecognized request URL \(DELETE: \/v1\/prices\/price_/);
  });

  test('expand product, including on lists', async () => {
    const p = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1 });
    const e = await stripe.prices.retrieve(p.id, { expand: ['product'] });
    assert.equal((e.product as Stripe.Product).name, 'Catalog product');
    const l = await stripe.prices.list({ product: product.id, limit: 1, expand: ['data.product'] });
    assert.equal((l.data[0].product as Stripe.Product).id, product.id);
    await rejects(stripe.prices.retrieve(p.id, { expand: ['currency'] }), { param: 'expand', message: 'This property cannot be expanded (currency).' });
  });
});

describe('prices: list', () => {
  test('active prices by default, newest first, paging', async () => {
    const { stripe: s } = server.fresh();
    const prod = await s.products.create({ name: 'p' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await s.prices.create({ product: prod.id, currency: 'usd', unit_amount: i })).id);
    const inactive = await s.prices.create({ product: prod.id, currency: 'usd', unit_amount: 9, active: false });
    const all = await s.prices.list();
    assert.deepEqual(all.data.map((p) => p.id), [...ids].reverse());
    assert.equal(all.url, '/v1/prices');
    assert.deepEqual((await s.prices.list({ active: true })).data.map((p) => p.id), [...ids].reverse());
    assert.deepEqual((await s.prices.list({ active: false })).data.map((p) => p.id), [inactive.id]);
    const p1 = await s.prices.list({ limit: 3 });
    assert.equal(p1.has_more, true);
    const p2 = await s.prices.list({ limit: 3, starting_after: p1.data[2].id });
    assert.deepEqual(p2.data.map((p) => p.id), [ids[0]]);
    assert.equal(p2.has_more, false);
    const back = await s.prices.list({ limit: 3, ending_before: ids[0] });
    assert.deepEqual(back.data.map((p) => p.id), [ids[3], ids[2], ids[1]]);
    await rejects(s.prices.list({ starting_after: ids[0], ending_before: ids[1] }), {
      message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
    });
  });

  test('filters: currency, product, type, lookup_keys, recurring, created', async () => {
    const { stripe: s } = server.fresh();
    const a = await s.products.create({ name: 'a' });
    const b = await s.products.create({ name: 'b' });
    const usdOnce = await s.prices.create({ product: a.id, currency: 'usd', unit_amount: 1, lookup_key: 'one' });
    const eurMonth = await s.prices.create({ product: a.id, currency: 'eur', unit_amount: 2, recurring: { interval: 'month' }, lookup_key: 'two' });
    const usdYear = await s.prices.create({ product: b.id, currency: 'usd', unit_amount: 3, recurring: { interval: 'year' } });
    const ids = (l: Stripe.ApiList<Stripe.Price>) => l.data.map((p) => p.id);
    assert.deepEqual(ids(await s.prices.list({ currency: 'usd' })), [usdYear.id, usdOnce.id]);
    assert.deepEqual(ids(await s.prices.list({ currency: 'EUR' })), [eurMonth.id]);
    assert.deepEqual(ids(await s.prices.list({ product: a.id })), [eurMonth.id, usdOnce.id]);
    assert.deepEqual(ids(await s.prices.list({ type: 'one_time' })), [usdOnce.id]);
    assert.deepEqual(ids(await s.prices.list({ type: 'recurring' })), [usdYear.id, eurMonth.id]);
    assert.deepEqual(ids(await s.prices.list({ lookup_keys: ['two', 'one', 'nope'] })), [eurMonth.id, usdOnce.id]);
    assert.deepEqual(ids(await s.prices.list({ recurring: { interval: 'month' } })), [eurMonth.id]);
    assert.deepEqual(ids(await s.prices.list({ recurring: { usage_type: 'licensed' } })), [usdYear.id, eurMonth.id]);
    assert.deepEqual(ids(await s.prices.list({ product: b.id, type: 'recurring', currency: 'usd' })), [usdYear.id]);
    assert.deepEqual(ids(await s.prices.list({ created: { lt: usdOnce.created } })), []);
    // `created` equal to a second: the newest price made in that second (the three may straddle one).
    const sameSecond = [usdYear, eurMonth, usdOnce].filter((p) => p.created === usdOnce.created);
    assert.deepEqual(ids(await s.prices.list({ created: usdOnce.created, limit: 1 })), [sameSecond[0].id]);
    await rejects(s.prices.list({ product: 'prod_nope' }), { param: 'product', code: 'resource_missing', message: "No such product: 'prod_nope'" });
    await rejects(s.prices.list({ lookup_keys: Array.from({ length: 11 }, (_, i) => `k${i}`) }), { param: 'lookup_keys' });
    await rejects(s.prices.list({ type: 'monthly' as any }), { param: 'type' });
    await rejects(s.prices.list({ recurring: { meter: 'm' } as any }), { param: 'recurring[meter]', code: 'parameter_unknown' });
  });
});

describe('prices: createInlinePrice (price_data)', () => {
  test('makes a real, inactive, unlisted price', async () => {
    const { key, stripe: s } = server.fresh();
    const prod = await s.products.create({ name: 'p' });
    const price = await server.asAccount(key, (ctx) =>
      createInlinePrice(ctx, { currency: 'usd', product: prod.id, unit_amount_decimal: '12.50', tax_behavior: 'inclusive' }, 'price_data'),
    );
    assert.equal(price.active, false);
    assert.equal(price.unit_amount_decimal, '12.5');
    assert.equal(price.unit_amount, null);
    assert.equal(price.tax_behavior, 'inclusive');
    assert.equal(price.product, prod.id);
    assert.equal(price.type, 'one_time');
    assert.equal((await s.prices.retrieve(price.id)).active, false);
    assert.deepEqual((await s.prices.list()).data, []);
    assert.deepEqual((await s.prices.list({ active: false })).data, []);
    // Inline prices are not "user-created": they do not block deleting the product.
    assert.deepEqual(await s.products.del(prod.id), { id: prod.id, object: 'product', deleted: true });
    const expanded = await s.prices.retrieve(price.id, { expand: ['product'] });
    assert.deepEqual(expanded.product, { id: prod.id, object: 'product', deleted: true });
    // Updating it keeps it out of lists.
    await s.prices.update(price.id, { active: true, nickname: 'x' });
    assert.deepEqual((await s.prices.list()).data, []);
    assert.equal((await server.asAccount(key, (ctx) => priceRef(ctx, price.id, 'pricing[price]'))).id, price.id);
    assert.equal(((await server.asAccount(key, (ctx) => loadPrice(ctx, price.id))) as { id: string }).id, price.id);
  });

  test('errors name params under the prefix', async () => {
    const { key, stripe: s } = server.fresh();
    const prod = await s.products.create({ name: 'p' });
    const attempt = (data: Parameters<typeof createInlinePrice>[1]) =>
      server.asAccount(key, (ctx) => createInlinePrice(ctx, data, 'price_data')).then(
        () => assert.fail('expected an error'),
        (e) => {
          assert.ok(isStripeError(e));
          return e;
        },
      );
    let e = await attempt({ currency: 'usd', product: 'prod_nope', unit_amount: 1 });
    assert.equal(e.param, 'price_data[product]');
    assert.equal(e.code, 'resource_missing');
    assert.equal(e.message, "No such product: 'prod_nope'");
    e = await attempt({ currency: 'usd', product: prod.id, unit_amount: 1, unit_amount_decimal: '1' });
    assert.equal(e.message, 'You may only specify one of these parameters: price_data[unit_amount], price_data[unit_amount_decimal].');
    e = await attempt({ currency: 'usd', product: prod.id });
    assert.equal(e.param, 'price_data[unit_amount]');
    e = await attempt({ currency: 'zzz', product: prod.id, unit_amount: 1 });
    assert.equal(e.param, 'price_data[currency]');
    e = await attempt({ currency: 'usd', product: prod.id, unit_amount_decimal: '-1' });
    assert.equal(e.param, 'price_data[unit_amount_decimal]');
    await server.asAccount(key, (ctx) => priceRef(ctx, 'price_nope', 'pricing[price]')).then(
      () => assert.fail('expected an error'),
      (err) => {
        assert.equal(err.param, 'pricing[price]');
        assert.equal(err.status, 400);
        assert.equal(err.message, "No such price: 'price_nope'");
      },
    );
  });
});
