import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer, form } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { before as versionBefore, marketingFeaturesOf, marketingFeaturesParam } from '../helpers/versioned.ts';

/** The marketing features parameter's name at the suite's version (`features` before 2024-04-10). */
const FEATURES = versionBefore('2024-04-10') ? 'features' : 'marketing_features';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());



/** Asserts a rejected SDK call's status, param, code and (when given) exact message. */

describe('products: create', () => {
  test('defaults: the full object in the shape of the client\'s version', async () => {
    const p = await stripe.products.create({ name: 'T-shirt' });
    assert.match(p.id, /^prod_[A-Za-z0-9]{14}$/);
    assert.deepEqual(p, {
      id: p.id,
      object: 'product',
      active: true,
      created: p.created,
      default_price: null,
      description: null,
      images: [],
      livemode: false,
      // Renamed marketing_features in 2024-04-10.
      ...(versionBefore('2024-04-10') ? { features: [] } : { marketing_features: [] }),
      metadata: {},
      name: 'T-shirt',
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      tax_details: null,
      type: 'service',
      unit_label: null,
      updated: p.created,
      url: null,
    });
    assert.ok(Math.abs(p.created - Date.now() / 1000) < 60);
  });

  test('every param is stored and echoed', async () => {
    const id = `prod_custom_${Date.now()}`;
    const p = await stripe.products.create({
      name: 'Gold plan',
      id,
      active: false,
      description: 'The gold plan',
      images: ['https://example.com/a.png', 'https://example.com/b.png'],
      ...marketingFeaturesParam([{ name: 'Unlimited seats' }, { name: 'SSO' }]),
      metadata: { tier: 'gold', order: '1' },
      package_dimensions: { height: 1.5, length: 2, weight: 3.25, width: 4 },
      shippable: true,
      statement_descriptor: 'GOLD PLAN',
      tax_code: 'txcd_10103001',
      unit_label: 'seat',
      url: 'https://example.com/gold',
    });
    assert.equal(p.id, id);
    assert.equal(p.active, false);
    assert.equal(p.description, 'The gold plan');
    assert.deepEqual(p.images, ['https://example.com/a.png', 'https://example.com/b.png']);
    assert.deepEqual(marketingFeaturesOf(p), [{ name: 'Unlimited seats' }, { name: 'SSO' }]);
    assert.equal(versionBefore('2024-04-10') ? 'marketing_features' in p : 'features' in p, false);
    assert.deepEqual(p.metadata, { tier: 'gold', order: '1' });
    assert.deepEqual(p.package_dimensions, { height: 1.5, length: 2, weight: 3.25, width: 4 });
    assert.equal(p.shippable, true);
    assert.equal(p.statement_descriptor, 'GOLD PLAN');
    assert.equal(p.tax_code, 'txcd_10103001');
    assert.deepEqual(p.tax_details, { performance_location: null, tax_code: 'txcd_10103001' });
    assert.equal(p.unit_label, 'seat');
    assert.equal(p.url, 'https://example.com/gold');
    assert.deepEqual(await stripe.products.retrieve(id), p);
  });

  test('marketing_features: named so from 2024-04-10, features before; each version refuses the other name', async () => {
    const latest = server.newest();
    const p = await latest.products.create({ name: 'Gold', marketing_features: [{ name: 'SSO' }, { name: 'Audit log' }] });
    assert.deepEqual(p.marketing_features, [{ name: 'SSO' }, { name: 'Audit log' }]);
    assert.equal('features' in p, false);
    await rejects(latest.products.create({ name: 'x', features: [{ name: 'SSO' }] } as any), { param: 'features', code: 'parameter_unknown' });
    await rejects(latest.products.update(p.id, { features: '' } as any), { param: 'features', code: 'parameter_unknown' });
    // The first version with the new name, and the last one without it.
    const atRename = await server.http('GET', `/v1/products/${p.id}`, { headers: { 'stripe-version': '2024-04-10' } });
    assert.deepEqual(atRename.json.marketing_features, [{ name: 'SSO' }, { name: 'Audit log' }]);
    assert.equal('features' in atRename.json, false);
    const old = { 'stripe-version': '2023-10-16' };
    const shown = await server.http('GET', `/v1/products/${p.id}`, { headers: old });
    assert.deepEqual(shown.json.features, [{ name: 'SSO' }, { name: 'Audit log' }]);
    assert.equal('marketing_features' in shown.json, false);
    const refused = await server.http('POST', '/v1/products', { body: 'name=x&marketing_features[0][name]=SSO', headers: old });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.code, 'parameter_unknown');
    assert.equal(refused.json.error.param, 'marketing_features');
    const updated = await server.http('POST', `/v1/products/${p.id}`, { body: 'features[0][name]=Support', headers: old });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.json.features, [{ name: 'Support' }]);
    assert.deepEqual((await latest.products.retrieve(p.id)).marketing_features, [{ name: 'Support' }]);
  });

  test('type=good is accepted, but unit_label and statement_descriptor are service-only', async () => {
    const p = await stripe.products.create({ name: 'Mug', type: 'good' });
    assert.equal(p.type, 'good');
    await rejects(stripe.products.create({ name: 'Mug', type: 'good', unit_label: 'mug' }), { param: 'unit_label' });
    await rejects(stripe.products.create({ name: 'Mug', type: 'good', statement_descriptor: 'MUG' }), { param: 'statement_descriptor' });
    await rejects(stripe.products.create({ name: 'Mug', type: 'thing' as any }), {
      param: 'type',
      message: 'Invalid type: must be one of good or service',
    });
  });

  test('tax_details sets the tax code; a bad tax code or a tax location is resource_missing', async () => {
    const p = await stripe.products.create({ name: 'Ebook', tax_details: { tax_code: 'txcd_10302000' } });
    assert.equal(p.tax_code, 'txcd_10302000');
    assert.deepEqual(p.tax_details, { performance_location: null, tax_code: 'txcd_10302000' });
    await rejects(stripe.products.create({ name: 'x', tax_code: 'food' }), {
      param: 'tax_code',
      code: 'resource_missing',
      message: "No such tax_code: 'food'",
    });
    await rejects(stripe.products.create({ name: 'x', tax_details: { performance_location: 'taxloc_1' } }), {
      param: 'tax_details[performance_location]',
      code: 'resource_missing',
    });
    await rejects(stripe.products.create({ name: 'x', tax_code: 'txcd_10302000', tax_details: { tax_code: 'txcd_10302000' } }), {
      message: 'You may only specify one of these parameters: tax_code, tax_details.',
    });
  });

  test('default_price_data creates a price and makes it the default', async () => {
    const p = await stripe.products.create({
      name: 'Pro',
      default_price_data: { currency: 'EUR', unit_amount: 1500, recurring: { interval: 'month', interval_count: 3 }, tax_behavior: 'exclusive', metadata: { k: 'v' } },
    });
    assert.match(p.default_price as string, /^price_[A-Za-z0-9]{24}$/);
    const price = await stripe.prices.retrieve(p.default_price as string);
    assert.equal(price.product, p.id);
    assert.equal(price.active, true);
    assert.equal(price.currency, 'eur');
    assert.equal(price.unit_amount, 1500);
    assert.equal(price.type, 'recurring');
    assert.deepEqual(price.recurring, {
      // Licensed recurring prices show aggregate_usage: null before 2025-03-31.basil.
      ...(versionBefore('2025-03-31.basil') ? { aggregate_usage: null } : {}),
      interval: 'month',
      interval_count: 3,
      meter: null,
      trial_period_days: null,
      usage_type: 'licensed',
    });
    assert.equal(price.tax_behavior, 'exclusive');
    assert.deepEqual(price.metadata, { k: 'v' });
    const expanded = await stripe.products.retrieve(p.id, { expand: ['default_price'] });
    assert.equal((expanded.default_price as Stripe.Price).id, price.id);
    assert.equal((expanded.default_price as Stripe.Price).object, 'price');

    const res = await server.http('POST', '/v1/products', {
      body: form({ name: 'Metered', 'default_price_data[currency]': 'usd', 'default_price_data[unit_amount_decimal]': '0.2500' }),
    });
    assert.equal(res.status, 200);
    const decimal = await server.http('GET', `/v1/prices/${res.json.default_price}`);
    assert.equal(decimal.json.unit_amount_decimal, '0.25');
    assert.equal(decimal.json.unit_amount, null);
  });

  test('default_price_data errors name its params, and nothing is created', async () => {
    const { stripe: s } = server.fresh();
    await rejects(s.products.create({ name: 'x', default_price_data: { unit_amount: 1 } as any }), {
      param: 'default_price_data[currency]',
      code: 'parameter_missing',
      message: 'Missing required param: default_price_data[currency].',
    });
    await rejects(s.products.create({ name: 'x', default_price_data: { currency: 'usd' } }), {
      param: 'default_price_data[unit_amount]',
      message: 'Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.',
    });
    await rejects(s.products.create({ name: 'x', default_price_data: { currency: 'usd', unit_amount: 1, unit_amount_decimal: '1' as any } }), {
      param: 'default_price_data[unit_amount]',
      message: 'You may only specify one of these parameters: default_price_data[unit_amount], default_price_data[unit_amount_decimal].',
    });
    await rejects(s.products.create({ name: 'x', default_price_data: { currency: 'usd', unit_amount: 1, recurring: { interval: 'year', interval_count: 4 } } }), {
      param: 'default_price_data[recurring][interval_count]',
    });
    assert.deepEqual((await s.products.list()).data, []);
  });

  test('custom ids must be unique: "Product already exists."', async () => {
    const id = `prod_dup_${Date.now()}`;
    await stripe.products.create({ name: 'a', id });
    const res = await server.http('POST', '/v1/products', { body: form({ name: 'b', id }) });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_already_exists',
        doc_url: 'https://stripe.com/docs/error-codes/resource-already-exists',
        message: 'Product already exists.',
        param: 'id',
        type: 'invalid_request_error',
      },
    });
  });

  test('param validation: missing, unknown, wrong type, limits', async () => {
    await rejects(stripe.products.create({} as any), { param: 'name', code: 'parameter_missing', message: 'Missing required param: name.' });
    await rejects(stripe.products.create({ name: 'x', colour: 'red' } as any), {
      param: 'colour',
      code: 'parameter_unknown',
      message: 'Received unknown parameter: colour',
    });
    await rejects(stripe.products.create({ name: 'x', active: 'yes' as any }), { param: 'active', message: 'Invalid boolean: yes' });
    await rejects(stripe.products.create({ name: '' }), { param: 'name', code: 'parameter_invalid_empty' });
    await rejects(stripe.products.create({ name: 'x', images: Array.from({ length: 9 }, (_, i) => `https://e.com/${i}`) }), {
      param: 'images',
      message: 'Invalid array: must have at most 8 elements',
    });
    await rejects(stripe.products.create({ name: 'x', statement_descriptor: 'A'.repeat(23) }), { param: 'statement_descriptor' });
    await rejects(stripe.products.create({ name: 'x', statement_descriptor: 'BAD<NAME>' }), { param: 'statement_descriptor' });
    await rejects(stripe.products.create({ name: 'x', statement_descriptor: '12345' }), {
      param: 'statement_descriptor',
      message: 'Invalid statement_descriptor: it must contain at least one letter',
    });
    await rejects(stripe.products.create({ name: 'x', unit_label: 'a'.repeat(13) }), { param: 'unit_label' });
    await rejects(stripe.products.create({ name: 'x', package_dimensions: { height: 1.555, length: 1, weight: 1, width: 1 } }), {
      param: 'package_dimensions[height]',
    });
    await rejects(stripe.products.create({ name: 'x', package_dimensions: { height: 1, length: 1, weight: 1 } as any }), {
      param: 'package_dimensions[width]',
      code: 'parameter_missing',
    });
    await rejects(stripe.products.create({ name: 'x', id: '' }), { param: 'id', code: 'parameter_invalid_empty' });
    // Errors inside the marketing features name the parameter as the client's version spells it.
    const feature = await server.http('POST', '/v1/products', { body: `name=x&${FEATURES}[0][name]=` });
    assert.equal(feature.status, 400);
    assert.equal(feature.json.error.param, `${FEATURES}[0][name]`);
    assert.equal(feature.json.error.code, 'parameter_invalid_empty');
    const typo = await server.http('POST', '/v1/products', { body: `name=x&${FEATURES}[0][title]=a` });
    assert.equal(typo.status, 400);
    assert.equal(typo.json.error.param, `${FEATURES}[0][title]`);
    assert.equal(typo.json.error.code, 'parameter_unknown');
  });

  test('metadata rules', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await rejects(stripe.products.create({ name: 'x', metadata: many }), {
      param: 'metadata',
      message: "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information.",
    });
    await rejects(stripe.products.create({ name: 'x', metadata: { ['k'.repeat(41)]: 'v' } }), { param: 'metadata', message: /must be a string under 40 characters/ });
    await rejects(stripe.products.create({ name: 'x', metadata: { k: 'v'.repeat(501) } }), { param: 'metadata', message: /under 500 characters/ });
    const res = await server.http('POST', '/v1/products', { body: 'name=x&metadata[k][0]=a' });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.param, 'metadata');
    assert.match(res.json.error.message, /^Invalid value type: .* must be a string$/);
  });
});

describe('products: retrieve, update, delete', () => {
  test('update changes fields and unsets the emptyable ones', async () => {
    const p = await stripe.products.create({
      name: 'Old',
      description: 'd',
      images: ['https://e.com/1'],
      ...marketingFeaturesParam([{ name: 'f' }]),
      metadata: { a: '1', b: '2' },
      package_dimensions: { height: 1, length: 1, weight: 1, width: 1 },
      tax_code: 'txcd_10000000',
      unit_label: 'u',
      url: 'https://e.com',
    });
    const u = await stripe.products.update(p.id, {
      name: 'New',
      active: false,
      shippable: false,
      statement_descriptor: 'NEW NAME',
      metadata: { a: '', c: '3' },
    });
    assert.equal(u.name, 'New');
    assert.equal(u.active, false);
    assert.equal(u.shippable, false);
    assert.equal(u.statement_descriptor, 'NEW NAME');
    assert.deepEqual(u.metadata, { b: '2', c: '3' });
    assert.ok(u.updated >= p.updated);
    assert.equal(u.created, p.created);

    const res = await server.http('POST', `/v1/products/${p.id}`, {
      body: `description=&images=&${FEATURES}=&package_dimensions=&tax_code=&unit_label=&url=&metadata=`,
    });
    assert.equal(res.status, 200);
    const cleared = res.json;
    assert.equal(cleared.description, null);
    assert.deepEqual(cleared.images, []);
    assert.deepEqual(marketingFeaturesOf(p), [{ name: 'f' }]);
    assert.deepEqual(marketingFeaturesOf(cleared), []);
    assert.equal(cleared.package_dimensions, null);
    assert.equal(cleared.tax_code, null);
    assert.equal(cleared.tax_details, null);
    assert.equal(cleared.unit_label, null);
    assert.equal(cleared.url, null);
    assert.deepEqual(cleared.metadata, {});
    assert.deepEqual(await stripe.products.retrieve(p.id), cleared);
  });

  test('update: name cannot be emptied, type and id are not update params', async () => {
    const p = await stripe.products.create({ name: 'x' });
    await rejects(stripe.products.update(p.id, { name: '' }), { param: 'name', code: 'parameter_invalid_empty' });
    await rejects(stripe.products.update(p.id, { type: 'good' } as any), { param: 'type', code: 'parameter_unknown' });
    await rejects(stripe.products.update(p.id, { id: 'other' } as any), { param: 'id', code: 'parameter_unknown' });
  });

  test('update default_price: must exist and belong to the product', async () => {
    const p = await stripe.products.create({ name: 'x' });
    const mine = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 5 });
    const other = await stripe.prices.create({ product_data: { name: 'other' }, currency: 'usd', unit_amount: 5 });
    const u = await stripe.products.update(p.id, { default_price: mine.id });
    assert.equal(u.default_price, mine.id);
    await rejects(stripe.products.update(p.id, { default_price: other.id }), { param: 'default_price' });
    await rejects(stripe.products.update(p.id, { default_price: 'price_nope' }), {
      param: 'default_price',
      code: 'resource_missing',
      message: "No such price: 'price_nope'",
    });
  });

  test('delete: stub answer, then 404 everywhere, and out of lists', async () => {
    const { stripe: s } = server.fresh();
    const p = await s.products.create({ name: 'gone' });
    const d = await s.products.del(p.id);
    assert.deepEqual(d, { id: p.id, object: 'product', deleted: true });
    for (const call of [() => s.products.retrieve(p.id), () => s.products.update(p.id, { name: 'x' }), () => s.products.del(p.id)])
      await rejects(call(), { status: 404, param: 'id', code: 'resource_missing', message: `No such product: '${p.id}'` });
    assert.deepEqual((await s.products.list()).data, []);
    // The id stays taken, as for every object.
    await rejects(s.products.create({ name: 'again', id: p.id }), { code: 'resource_already_exists' });
    // A price can no longer point at it.
    await rejects(s.prices.create({ product: p.id, currency: 'usd', unit_amount: 1 }), {
      param: 'product',
      code: 'resource_missing',
      message: `No such product: '${p.id}'`,
    });
  });

  test('a product with prices cannot be deleted', async () => {
    const p = await stripe.products.create({ name: 'priced' });
    const price = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100 });
    await stripe.prices.update(price.id, { active: false });
    const res = await server.http('DELETE', `/v1/products/${p.id}`);
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, {
      error: { message: 'This product cannot be deleted because it has one or more user-created prices.', type: 'invalid_request_error' },
    });
    assert.equal((await stripe.products.retrieve(p.id)).id, p.id);
  });

  test('unknown product is a 404 resource_missing naming id', async () => {
    const res = await server.http('GET', '/v1/products/prod_nope');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such product: 'prod_nope'",
        param: 'id',
        type: 'invalid_request_error',
      },
    });
    const unknown = await server.http('GET', '/v1/products/prod_nope?foo=1');
    assert.equal(unknown.json.error.param, 'foo');
  });
});

describe('products: list', () => {
  test('newest first, paging both ways, auto-pagination', async () => {
    const { stripe: s } = server.fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.products.create({ name: `p${i}` })).id);
    const all = await s.products.list();
    assert.deepEqual(all.data.map((p) => p.id), [...ids].reverse());
    assert.equal(all.has_more, false);
    assert.equal(all.url, '/v1/products');
    const p1 = await s.products.list({ limit: 2 });
    assert.equal(p1.has_more, true);
    const p2 = await s.products.list({ limit: 2, starting_after: p1.data[1].id });
    assert.deepEqual(p2.data.map((p) => p.id), [ids[2], ids[1]]);
    const back = await s.products.list({ limit: 2, ending_before: p2.data[0].id });
    assert.deepEqual(back.data.map((p) => p.id), [ids[4], ids[3]]);
    const seen: string[] = [];
    for await (const p of s.products.list({ limit: 2 })) seen.push(p.id);
    assert.deepEqual(seen, [...ids].reverse());
    await rejects(s.products.list({ starting_after: 'prod_nope' }), { param: 'starting_after', code: 'resource_missing' });
    await rejects(s.products.list({ limit: 101 }), { param: 'limit' });
  });

  test('filters: active, shippable, type, url, ids, created', async () => {
    const { stripe: s } = server.fresh();
    const a = await s.products.create({ name: 'a', shippable: true, url: 'https://e.com/a' });
    const b = await s.products.create({ name: 'b', active: false, type: 'good' });
    const c = await s.products.create({ name: 'c', shippable: false, url: 'https://e.com/a' });
    const d = await s.products.create({ name: 'd', shippable: true, type: 'good' });
    const ids = (l: Stripe.ApiList<Stripe.Product>) => l.data.map((p) => p.id);
    assert.deepEqual(ids(await s.products.list({ active: true })), [d.id, c.id, a.id]);
    assert.deepEqual(ids(await s.products.list({ active: false })), [b.id]);
    assert.deepEqual(ids(await s.products.list({ shippable: true })), [d.id, a.id]);
    assert.deepEqual(ids(await s.products.list({ shippable: false })), [c.id]);
    assert.deepEqual(ids(await s.products.list({ type: 'good' })), [d.id, b.id]);
    assert.deepEqual(ids(await s.products.list({ url: 'https://e.com/a' })), [c.id, a.id]);
    assert.deepEqual(ids(await s.products.list({ ids: [a.id, d.id, 'prod_nope'] })), [d.id, a.id]);
    assert.deepEqual(ids(await s.products.list({ shippable: true, type: 'good' })), [d.id]);
    // The four need not share one second on a loaded machine.
    const sameSecond = [d, c, b, a].filter((p) => p.created === a.created).map((p) => p.id);
    assert.deepEqual(ids(await s.products.list({ created: a.created })), sameSecond);
    assert.deepEqual(ids(await s.products.list({ created: { gt: a.created + 1000 } })), []);
    assert.deepEqual(ids(await s.products.list({ created: { gte: a.created, lte: d.created } })), [d.id, c.id, b.id, a.id]);
    await rejects(s.products.list({ ids: [a.id], starting_after: a.id }), {
      message: 'You may only specify one of these parameters: ids, starting_after.',
    });
    await rejects(s.products.list({ shippable: 'x' as any }), { param: 'shippable', message: 'Invalid boolean: x' });
    await rejects(s.products.list({ created: { after: 1 } as any }), { param: 'created[after]', code: 'parameter_unknown' });
  });

  test('filtered pages keep has_more and both cursors right', async () => {
    const { stripe: s } = server.fresh();
    const ship: string[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await s.products.create({ name: `p${i}`, shippable: i % 2 === 0 });
      if (i % 2 === 0) ship.push(p.id);
    }
    const want = [...ship].reverse(); // 4 shippable, newest first
    const p1 = await s.products.list({ shippable: true, limit: 3 });
    assert.deepEqual(p1.data.map((p) => p.id), want.slice(0, 3));
    assert.equal(p1.has_more, true);
    const p2 = await s.products.list({ shippable: true, limit: 3, starting_after: p1.data[2].id });
    assert.deepEqual(p2.data.map((p) => p.id), want.slice(3));
    assert.equal(p2.has_more, false);
    const back = await s.products.list({ shippable: true, limit: 2, ending_before: want[3] });
    assert.deepEqual(back.data.map((p) => p.id), want.slice(1, 3));
    assert.equal(back.has_more, true);
    const seen: string[] = [];
    for await (const p of s.products.list({ shippable: true, limit: 1 })) seen.push(p.id);
    assert.deepEqual(seen, want);
  });

  test('expand on lists: data.default_price', async () => {
    const { stripe: s } = server.fresh();
    const p = await s.products.create({ name: 'x', default_price_data: { currency: 'usd', unit_amount: 7 } });
    const l = await s.products.list({ expand: ['data.default_price'] });
    assert.equal((l.data[0].default_price as Stripe.Price).unit_amount, 7);
    assert.equal((l.data[0].default_price as Stripe.Price).product, p.id);
    await rejects(s.products.list({ expand: ['default_price'] }), {
      param: 'expand',
      message: "This property cannot be expanded (default_price). You may want to try expanding 'data.default_price' instead.",
    });
  });
});
