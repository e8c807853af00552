import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer, form } from '../helpers/server.ts';
import { rejects } from '../helpers/assertions.ts';
import { LATEST } from '../../src/versions/registry.ts';
import { loadTaxRate, taxRateRef } from '../../src/resources/tax-rates/service.ts';
import { before as versionBefore } from '../helpers/versioned.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());


const vat = { display_name: 'VAT', inclusive: false, percentage: 19 };



describe('tax rates: create', () => {
  test('defaults: the full object on the wire, percentage a JSON number', async () => {
    const res = await server.http('POST', '/v1/tax_rates', { body: form({ display_name: 'VAT', inclusive: 'false', percentage: '19.5' }) });
    assert.equal(res.status, 200);
    const r = res.json;
    assert.match(r.id, /^txr_[A-Za-z0-9]{24}$/);
    assert.match(res.text, /"percentage":19\.5[,}]/);
    const common = {
      id: r.id,
      object: 'tax_rate',
      active: true,
      country: null,
      created: r.created,
      description: null,
      display_name: 'VAT',
      effective_percentage: null,
      inclusive: false,
      jurisdiction: null,
      jurisdiction_level: null,
      livemode: false,
      metadata: {},
      percentage: 19.5,
      state: null,
      tax_type: null,
    };
    // flat_amount and rate_type, added in 2024-10-28.acacia without a breaking change: shown at every version.
    assert.deepEqual(r, { ...common, flat_amount: null, rate_type: 'percentage' });
  });

  test('flat_amount and rate_type: shown at every version, never a create param', async () => {
    const latest = server.newest();
    const r = await latest.taxRates.create({ display_name: 'VAT', inclusive: false, percentage: 19.5 });
    assert.equal(r.flat_amount, null);
    assert.equal(r.rate_type, 'percentage');
    assert.deepEqual(await latest.taxRates.retrieve(r.id), r);
    const raw = await server.http('GET', `/v1/tax_rates/${r.id}`, { headers: { 'stripe-version': LATEST } });
    assert.equal(raw.json.flat_amount, null);
    assert.equal(raw.json.rate_type, 'percentage');
    // The same tax rate to a client pinned before Stripe added them: an addition without a breaking change shows at every version.
    const old = await server.http('GET', `/v1/tax_rates/${r.id}`, { headers: { 'stripe-version': '2024-09-30.acacia' } });
    assert.equal(old.status, 200);
    assert.deepEqual(old.json, raw.json);
    for (const param of ['rate_type=percentage', 'flat_amount[amount]=100&flat_amount[currency]=usd']) {
      const res = await server.http('POST', '/v1/tax_rates', { body: `display_name=x&inclusive=false&percentage=1&${param}`, headers: { 'stripe-version': LATEST } });
      assert.equal(res.status, 400, param);
      assert.equal(res.json.error.code, 'parameter_unknown', param);
      assert.equal(res.json.error.param, param.split(/[=[]/)[0], param);
    }
  });

  test('every param is stored and echoed', async () => {
    const r = await stripe.taxRates.create({
      display_name: 'Umsatzsteuer',
      inclusive: true,
      percentage: 7.1234,
      active: false,
      country: 'DE',
      description: 'VAT Germany (reduced)',
      jurisdiction: 'DE',
      metadata: { code: 'reduced' },
      state: 'BY',
      tax_type: 'vat',
    });
    assert.equal(r.display_name, 'Umsatzsteuer');
    assert.equal(r.inclusive, true);
    assert.equal(r.percentage, 7.1234);
    assert.equal(r.active, false);
    assert.equal(r.country, 'DE');
    assert.equal(r.description, 'VAT Germany (reduced)');
    assert.equal(r.jurisdiction, 'DE');
    assert.deepEqual(r.metadata, { code: 'reduced' });
    assert.equal(r.state, 'BY');
    assert.equal(r.tax_type, 'vat');
    assert.deepEqual(await stripe.taxRates.retrieve(r.id), r);
    for (const t of ['admissions_tax', 'get_fund', 'nhil', 'sales_tax', 'utility_users_tax'] as const)
      assert.equal((await stripe.taxRates.create({ ...vat, tax_type: t })).tax_type, t);
  });

  test('percentage: 0 to 100, at most 4 decimals, a number', async () => {
    for (const ok of [0, 100, 12.3456, 0.0001]) assert.equal((await stripe.taxRates.create({ ...vat, percentage: ok })).percentage, ok);
    const zero = await server.http('POST', '/v1/tax_rates', { body: form({ display_name: 'x', inclusive: 'true', percentage: '5.5000' }) });
    assert.equal(zero.json.percentage, 5.5);
    for (const bad of [100.0001, -1, 101]) await rejects(stripe.taxRates.create({ ...vat, percentage: bad }), { param: 'percentage' });
    await rejects(stripe.taxRates.create({ ...vat, percentage: 12.34567 }), {
      param: 'percentage',
      message: 'Invalid percentage: 12.34567 has more than 4 decimal places.',
    });
    const text = await server.http('POST', '/v1/tax_rates', { body: form({ display_name: 'x', inclusive: 'true', percentage: 'ten' }) });
    assert.equal(text.status, 400);
    assert.equal(text.json.error.param, 'percentage');
  });

  test('required params, unknown params, types, limits', async () => {
    await rejects(stripe.taxRates.create({ inclusive: false, percentage: 1 } as any), {
      param: 'display_name',
      code: 'parameter_missing',
      message: 'Missing required param: display_name.',
    });
    await rejects(stripe.taxRates.create({ display_name: 'x', percentage: 1 } as any), { param: 'inclusive', code: 'parameter_missing' });
    await rejects(stripe.taxRates.create({ display_name: 'x', inclusive: true } as any), { param: 'percentage', code: 'parameter_missing' });
    await rejects(stripe.taxRates.create({ ...vat, display_name: '' }), { param: 'display_name', code: 'parameter_invalid_empty' });
    await rejects(stripe.taxRates.create({ ...vat, display_name: 'x'.repeat(51) }), {
      param: 'display_name',
      message: 'Invalid string: xxxxxxxxxx...xxxxxxxxxx; must be at most 50 characters',
    });
    await rejects(stripe.taxRates.create({ ...vat, jurisdiction: 'j'.repeat(51) }), { param: 'jurisdiction' });
    await rejects(stripe.taxRates.create({ ...vat, inclusive: 'yes' as any }), { param: 'inclusive', message: 'Invalid boolean: yes' });
    await rejects(stripe.taxRates.create({ ...vat, tax_type: 'income_tax' as any }), { param: 'tax_type', message: /^Invalid tax_type: must be one of admissions_tax, / });
    await rejects(stripe.taxRates.create({ ...vat, rate_type: 'percentage' } as any), { param: 'rate_type', code: 'parameter_unknown' });
    await rejects(stripe.taxRates.create({ ...vat, metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), {
      param: 'metadata',
    });
  });
});

describe('tax rates: retrieve, update', () => {
  test('update changes descriptive fields; percentage and inclusive are fixed', async () => {
    const r = await stripe.taxRates.create({ ...vat, description: 'd', country: 'DE', metadata: { a: '1', b: '2' } });
    const u = await stripe.taxRates.update(r.id, {
      active: false,
      display_name: 'MwSt',
      country: 'AT',
      description: 'Austria',
      jurisdiction: 'AT',
      state: 'W',
      tax_type: 'vat',
      metadata: { a: '', c: '3' },
    });
    assert.equal(u.active, false);
    assert.equal(u.display_name, 'MwSt');
    assert.equal(u.country, 'AT');
    assert.equal(u.description, 'Austria');
    assert.equal(u.jurisdiction, 'AT');
    assert.equal(u.state, 'W');
    assert.deepEqual(u.metadata, { b: '2', c: '3' });
    assert.equal(u.percentage, 19);
    assert.deepEqual(await stripe.taxRates.retrieve(r.id), u);
    for (const param of ['percentage', 'inclusive']) {
      const res = await server.http('POST', `/v1/tax_rates/${r.id}`, { body: `${param}=1` });
      assert.equal(res.status, 400);
      assert.equal(res.json.error.code, 'parameter_unknown');
      assert.equal(res.json.error.param, param);
    }
    const cleared = await server.http('POST', `/v1/tax_rates/${r.id}`, { body: 'description=&metadata=' });
    assert.equal(cleared.json.description, null);
    assert.deepEqual(cleared.json.metadata, {});
    await rejects(stripe.taxRates.update(r.id, { display_name: '' }), { param: 'display_name', code: 'parameter_invalid_empty' });
  });

  test('unknown tax rate is a 404 naming id; there is no DELETE', async () => {
    const res = await server.http('GET', '/v1/tax_rates/txr_nope');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, {
      error: {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such tax_rate: 'txr_nope'",
        param: 'id',
        type: 'invalid_request_error',
      },
    });
    await rejects(stripe.taxRates.update('txr_nope', { active: false }), { status: 404, param: 'id' });
    const r = await stripe.taxRates.create(vat);
    const del = await server.http('DELETE', `/v1/tax_rates/${r.id}`);
    assert.equal(del.status, 404);
    assert.match(del.json.error.message, /^Unrecognized request URL \(DELETE: /);
  });

  test('taxRateRef and loadTaxRate, for the resources that reference tax rates', async () => {
    // The service functions work in the newest shape, so compare with a client at the newest version.
    const key = server.newKey();
    const s = server.stripe(key, { apiVersion: LATEST as any });
    const r = await s.taxRates.create({ ...vat, active: false });
    assert.equal((await server.asAccount(key, (ctx) => taxRateRef(ctx, r.id, 'tax_rates[0]'))).id, r.id);
    assert.deepEqual(await server.asAccount(key, (ctx) => loadTaxRate(ctx, r.id)), r);
    assert.equal(await server.asAccount(key, (ctx) => loadTaxRate(ctx, 'txr_nope')), undefined);
    await server.asAccount(key, (ctx) => taxRateRef(ctx, 'txr_nope', 'tax_rates[1]')).then(
      () => assert.fail('expected an error'),
      (e) => {
        assert.equal(e.status, 400);
        assert.equal(e.param, 'tax_rates[1]');
        assert.equal(e.code, 'resource_missing');
        assert.equal(e.message, "No such tax_rate: 'txr_nope'");
      },
    );
  });
});

describe('tax rates: list', () => {
  test('newest first, paging, filters active, inclusive, created', async () => {
    const { stripe: s } = server.fresh();
    const a = await s.taxRates.create({ display_name: 'a', inclusive: false, percentage: 1 });
    const b = await s.taxRates.create({ display_name: 'b', inclusive: true, percentage: 2 });
    const c = await s.taxRates.create({ display_name: 'c', inclusive: true, percentage: 3, active: false });
    const ids = (l: Stripe.ApiList<Stripe.TaxRate>) => l.data.map((r) => r.id);
    const all = await s.taxRates.list();
    assert.deepEqual(ids(all), [c.id, b.id, a.id]);
    assert.equal(all.url, '/v1/tax_rates');
    assert.deepEqual(ids(await s.taxRates.list({ active: true })), [b.id, a.id]);
    assert.deepEqual(ids(await s.taxRates.list({ active: false })), [c.id]);
    assert.deepEqual(ids(await s.taxRates.list({ inclusive: true })), [c.id, b.id]);
    assert.deepEqual(ids(await s.taxRates.list({ inclusive: false })), [a.id]);
    assert.deepEqual(ids(await s.taxRates.list({ inclusive: true, active: true })), [b.id]);
    assert.deepEqual(ids(await s.taxRates.list({ created: { gte: a.created } })), [c.id, b.id, a.id]);
    assert.deepEqual(ids(await s.taxRates.list({ created: { lt: a.created } })), []);
    const p1 = await s.taxRates.list({ limit: 2 });
    assert.equal(p1.has_more, true);
    assert.deepEqual(ids(await s.taxRates.list({ limit: 2, starting_after: p1.data[1].id })), [a.id]);
    assert.deepEqual(ids(await s.taxRates.list({ ending_before: a.id })), [c.id, b.id]);
    const seen: string[] = [];
    for await (const r of s.taxRates.list({ limit: 1 })) seen.push(r.id);
    assert.deepEqual(seen, [c.id, b.id, a.id]);
    await rejects(s.taxRates.list({ inclusive: 'yes' as any }), { param: 'inclusive' });
    await rejects(s.taxRates.list({ ending_before: 'txr_nope' }), { param: 'ending_before', code: 'resource_missing' });
  });
});
