import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let stripe: Stripe;
let customer: Stripe.Customer;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
  customer = await stripe.customers.create({ name: 'Items' });
});
after(() => server.close());

/** stripe@23 hands decimal strings back as Stripe.Decimal objects; compare their JSON. */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

const rejects = (p: Promise<unknown>, check: { status?: number; param?: string; code?: string; message?: RegExp | string }) =>
  assert.rejects(p, (e: any) => {
    if (check.status !== undefined) assert.equal(e.statusCode, check.status);
    if (check.param !== undefined) assert.equal(e.param, check.param);
    if (check.code !== undefined) assert.equal(e.code, check.code);
    if (typeof check.message === 'string') assert.equal(e.message, check.message);
    else if (check.message) assert.match(e.message, check.message);
    return true;
  });

describe('invoice items: create', () => {
  test('amount + currency gives the newest shape with Stripe defaults', async () => {
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 1099, currency: 'usd', description: 'T-shirt' });
    assert.match(ii.id, /^ii_[A-Za-z0-9]{24}$/);
    assert.equal(ii.object, 'invoiceitem');
    assert.equal(ii.amount, 1099);
    assert.equal(ii.currency, 'usd');
    assert.equal(ii.customer, customer.id);
    assert.equal(ii.description, 'T-shirt');
    assert.equal(ii.discountable, true);
    assert.deepEqual(ii.discounts, []);
    assert.equal(ii.invoice, null);
    assert.equal(ii.livemode, false);
    assert.deepEqual(ii.metadata, {});
    assert.equal(ii.parent, null);
    assert.deepEqual(ii.period, { start: ii.date, end: ii.date });
    assert.deepEqual(plain(ii.pricing), { type: 'price_details', unit_amount_decimal: '1099' });
    assert.equal(ii.proration, false);
    assert.equal(ii.quantity, 1);
    assert.equal(String(ii.quantity_decimal), '1');
    assert.deepEqual(ii.tax_rates, []);
    assert.equal(ii.test_clock, null);
    assert.equal(ii.net_amount, 1099);
    assert.ok(Math.abs(ii.date - Date.now() / 1000) < 60);
    for (const legacy of ['price', 'plan', 'unit_amount', 'subscription', 'subscription_item']) assert.ok(!(legacy in ii), legacy);
  });

  test('the first item sets the customer currency; later items may omit currency', async () => {
    const c = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: c.id, amount: 500, currency: 'eur' });
    assert.equal((await stripe.customers.retrieve(c.id) as Stripe.Customer).currency, 'eur');
    const ii = await stripe.invoiceItems.create({ customer: c.id, amount: 700 });
    assert.equal(ii.currency, 'eur');
    const fresh = await stripe.customers.create({});
    await rejects(stripe.invoiceItems.create({ customer: fresh.id, amount: 700 }), { status: 400, param: 'currency', code: 'parameter_missing' });
  });

  test('pricing[price] takes the price amount and currency', async () => {
    const product = await stripe.products.create({ name: 'Shirt' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1099, currency: 'usd' });
    const ii = await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, quantity: 3 });
    assert.equal(ii.amount, 3297);
    assert.equal(ii.quantity, 3);
    assert.deepEqual(plain(ii.pricing), {
      price_details: { price: price.id, product: product.id },
      type: 'price_details',
      unit_amount_decimal: '1099',
    });
    const expanded = await stripe.invoiceItems.retrieve(ii.id, { expand: ['pricing.price_details.price', 'customer'] });
    assert.equal((expanded.pricing!.price_details!.price as Stripe.Price).unit_amount, 1099);
    assert.equal((expanded.customer as Stripe.Customer).name, 'Items');
    await rejects(stripe.invoiceItems.create({ customer: customer.id, pricing: { price: 'price_missing' } }), {
      status: 400, param: 'pricing[price]', code: 'resource_missing', message: "No such price: 'price_missing'",
    });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, currency: 'eur' }), { param: 'currency' });
  });

  test('price_data creates a price inline', async () => {
    const product = await stripe.products.create({ name: 'Inline' });
    const ii = await stripe.invoiceItems.create({
      customer: customer.id,
      price_data: { currency: 'usd', product: product.id, unit_amount_decimal: '33.3333' as any },
      quantity: 3,
    });
    assert.equal(ii.amount, 100); // 99.9999 rounds to 100
    assert.match(String(ii.pricing!.price_details!.price), /^price_/);
    assert.equal(String(ii.pricing!.unit_amount_decimal), '33.3333');
    await rejects(stripe.invoiceItems.create({ customer: customer.id, price_data: { currency: 'usd', product: 'prod_nope', unit_amount: 5 } }), {
      param: 'price_data[product]', code: 'resource_missing',
    });
    await rejects(
      stripe.invoiceItems.create({ customer: customer.id, price_data: { currency: 'usd', product: product.id, unit_amount: 5, unit_amount_decimal: '5' as any } }),
      { message: 'You may only specify one of these parameters: price_data[unit_amount], price_data[unit_amount_decimal].' },
    );
  });

  test('unit_amount_decimal × quantity is exact and rounded half-up once', async () => {
    const cases: [string, number, number][] = [
      ['0.05', 30, 2], // 1.5 -> 2
      ['0.000000000001', 1, 0],
      ['12.5', 1, 13],
      ['-12.5', 1, -13],
      ['1099', 2, 2198],
      ['0.333333333333', 3, 1],
    ];
    for (const [unit, qty, expected] of cases) {
      const ii = await stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: unit as any, quantity: qty });
      assert.equal(ii.amount, expected, `${unit} x ${qty}`);
      assert.equal(String(ii.pricing!.unit_amount_decimal), unit);
    }
    await rejects(stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '1.0000000000001' as any }), {
      param: 'unit_amount_decimal',
    });
  });

  test('quantity_decimal sets the truncated quantity', async () => {
    const ii = await stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '100' as any, quantity_decimal: '2.5' as any });
    assert.equal(ii.amount, 250);
    assert.equal(ii.quantity, 2);
    assert.equal(String(ii.quantity_decimal), '2.5');
    await rejects(
      stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '1' as any, quantity: 1, quantity_decimal: '1' as any }),
      { message: 'You may only specify one of these parameters: quantity, quantity_decimal.' },
    );
  });

  test('zero-decimal currencies take amounts as whole units', async () => {
    const c = await stripe.customers.create({});
    const ii = await stripe.invoiceItems.create({ customer: c.id, currency: 'jpy', unit_amount_decimal: '100.5' as any, quantity: 1 });
    assert.equal(ii.amount, 101);
    assert.equal(ii.currency, 'jpy');
  });

  test('negative amounts are credits and not discountable by default', async () => {
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: -500, currency: 'usd' });
    assert.equal(ii.amount, -500);
    assert.equal(ii.discountable, false);
    const opted = await stripe.invoiceItems.create({ customer: customer.id, amount: -500, currency: 'usd', discountable: true });
    assert.equal(opted.discountable, true);
  });

  test('period: given, and end before start rejected', async () => {
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', period: { start: 1700000000, end: 1700003600 } });
    assert.deepEqual(ii.period, { start: 1700000000, end: 1700003600 });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', period: { start: 10, end: 5 } }), { param: 'period[end]' });
    const res = await server.http('POST', '/v1/invoiceitems', { body: `customer=${customer.id}&amount=1&currency=usd&period[start]=5` });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.message, 'Missing required param: period[end].');
  });

  test('tax rates are embedded whole; discounts become discount objects', async () => {
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 19, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
    const ii = await stripe.invoiceItems.create({
      customer: customer.id, amount: 1000, currency: 'usd', tax_rates: [rate.id], discounts: [{ coupon: coupon.id }],
    });
    assert.equal(ii.tax_rates![0].id, rate.id);
    assert.equal(ii.tax_rates![0].percentage, 19);
    assert.equal(ii.discounts!.length, 1);
    assert.match(String(ii.discounts![0]), /^di_/);
    assert.equal(ii.net_amount, 900);
    const expanded = await stripe.invoiceItems.retrieve(ii.id, { expand: ['discounts'] });
    const d = expanded.discounts![0] as Stripe.Discount;
    assert.equal(d.object, 'discount');
    assert.equal(d.invoice_item, ii.id);
    assert.deepEqual(d.source, { coupon: coupon.id, type: 'coupon' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', tax_rates: ['txr_nope'] }), {
      param: 'tax_rates[0]', code: 'resource_missing',
    });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', discounts: [{ coupon: 'NOPE' }] }), {
      param: 'discounts[0][coupon]', code: 'resource_missing',
    });
  });

  test('errors: missing customer, unknown customer, pricing conflicts, unknown invoice and subscription', async () => {
    await rejects(stripe.invoiceItems.create({ amount: 1, currency: 'usd' } as any), { status: 400, param: 'customer', message: 'Missing required param: customer.' });
    await rejects(stripe.invoiceItems.create({ customer: 'cus_nope', amount: 1, currency: 'usd' }), { status: 400, param: 'customer', message: "No such customer: 'cus_nope'" });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, currency: 'usd' }), { param: 'amount', code: 'parameter_missing' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', quantity: 2 }), {
      message: 'You may only specify one of these parameters: amount, quantity.',
    });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', unit_amount_decimal: '1' as any }), {
      message: 'You may only specify one of these parameters: amount, unit_amount_decimal.',
    });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', invoice: 'in_nope' }), { param: 'invoice', code: 'resource_missing' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', subscription: 'sub_nope' }), { param: 'subscription', code: 'resource_missing' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'xyz' }), { param: 'currency', message: /^Invalid currency: xyz\./ });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1.5 as any, currency: 'usd' }), { param: 'amount', message: 'Invalid integer: 1.5' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', discountable: 'yes' as any }), { param: 'discountable', message: 'Invalid boolean: yes' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', foo: 'bar' } as any), { param: 'foo', message: 'Received unknown parameter: foo' });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1e13, currency: 'usd' }), { param: 'amount' });
  });
});

describe('invoice items: retrieve, update, delete', () => {
  test('update recomputes amounts and applies metadata rules', async () => {
    const ii = await stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '250' as any, quantity: 2, metadata: { a: '1', b: '2' } });
    assert.equal(ii.amount, 500);
    const q = await stripe.invoiceItems.update(ii.id, { quantity: 4, metadata: { a: '' } });
    assert.equal(q.amount, 1000);
    assert.deepEqual(q.metadata, { b: '2' });
    const a = await stripe.invoiceItems.update(ii.id, { amount: 777, description: 'flat' });
    assert.equal(a.amount, 777);
    assert.equal(a.quantity, 1);
    assert.equal(String(a.pricing!.unit_amount_decimal), '777');
    assert.equal(a.description, 'flat');
    const p = await stripe.invoiceItems.update(ii.id, { period: { start: 1, end: 2 }, discountable: false, metadata: '' as any });
    assert.deepEqual(p.period, { start: 1, end: 2 });
    assert.equal(p.discountable, false);
    assert.deepEqual(p.metadata, {});
    assert.deepEqual(plain(await stripe.invoiceItems.retrieve(ii.id)), plain(p));
    await rejects(stripe.invoiceItems.update(ii.id, { amount: 1, quantity: 2 }), { message: 'You may only specify one of these parameters: amount, quantity.' });
    await rejects(stripe.invoiceItems.update(ii.id, { invoice: 'in_x' } as any), { param: 'invoice', code: 'parameter_unknown' });
  });

  test('tax_rates and discounts can be cleared with an empty value', async () => {
    const rate = await stripe.taxRates.create({ display_name: 'GST', percentage: 5, inclusive: true });
    const coupon = await stripe.coupons.create({ amount_off: 100, currency: 'usd' });
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd', tax_rates: [rate.id], discounts: [{ coupon: coupon.id }] });
    assert.equal(ii.net_amount, 900);
    const cleared = await stripe.invoiceItems.update(ii.id, { tax_rates: '' as any, discounts: '' as any });
    assert.deepEqual(cleared.tax_rates, []);
    assert.deepEqual(cleared.discounts, []);
    assert.equal(cleared.net_amount, 1000);
  });

  test('an item priced in another currency cannot replace its currency', async () => {
    const product = await stripe.products.create({ name: 'Euro' });
    const eur = await stripe.prices.create({ product: product.id, unit_amount: 100, currency: 'eur' });
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    await rejects(stripe.invoiceItems.update(ii.id, { pricing: { price: eur.id } }), { status: 400, param: 'pricing[price]' });
  });

  test('delete returns the stub; afterwards the item is a 404', async () => {
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    assert.deepEqual(await stripe.invoiceItems.del(ii.id), { id: ii.id, object: 'invoiceitem', deleted: true });
    await rejects(stripe.invoiceItems.retrieve(ii.id), { status: 404, param: 'id', code: 'resource_missing', message: `No such invoiceitem: '${ii.id}'` });
    await rejects(stripe.invoiceItems.del(ii.id), { status: 404 });
    await rejects(stripe.invoiceItems.update(ii.id, { amount: 1 }), { status: 404 });
  });
});

describe('invoice items: list', () => {
  test('newest first with customer, created and pending filters, paging both ways', async () => {
    const s = server.stripe(server.newKey());
    const a = await s.customers.create({});
    const b = await s.customers.create({});
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await s.invoiceItems.create({ customer: i % 2 ? a.id : b.id, amount: 100 + i, currency: 'usd' })).id);
    const all = await s.invoiceItems.list();
    assert.deepEqual(all.data.map((x) => x.id), [...ids].reverse());
    assert.equal(all.url, '/v1/invoiceitems');
    const forA = await s.invoiceItems.list({ customer: a.id });
    assert.deepEqual(forA.data.map((x) => x.id), [ids[5], ids[3], ids[1]]);
    assert.equal((await s.invoiceItems.list({ pending: true })).data.length, 6);
    assert.equal((await s.invoiceItems.list({ pending: false })).data.length, 0);
    const first = await s.invoiceItems.retrieve(ids[0]);
    assert.equal((await s.invoiceItems.list({ created: { gte: first.date } })).data.length, 6);
    assert.equal((await s.invoiceItems.list({ created: { lt: first.date } })).data.length, 0);
    // The six creates may straddle a second boundary on a loaded machine.
    const sameSecond = all.data.filter((x) => x.date === first.date).length;
    assert.equal((await s.invoiceItems.list({ created: first.date })).data.length, sameSecond);
    const p1 = await s.invoiceItems.list({ limit: 4 });
    assert.equal(p1.has_more, true);
    const p2 = await s.invoiceItems.list({ limit: 4, starting_after: p1.data[3].id });
    assert.deepEqual(p2.data.map((x) => x.id), [ids[1], ids[0]]);
    assert.equal(p2.has_more, false);
    const back = await s.invoiceItems.list({ limit: 4, ending_before: p2.data[0].id });
    assert.deepEqual(back.data.map((x) => x.id), [ids[5], ids[4], ids[3], ids[2]]);
    const exp = await s.invoiceItems.list({ limit: 1, expand: ['data.customer'] });
    assert.equal((exp.data[0].customer as Stripe.Customer).object, 'customer');
    await rejects(s.invoiceItems.list({ limit: 101 }), { param: 'limit' });
    await rejects(s.invoiceItems.list({ starting_after: 'ii_nope' }), { param: 'starting_after', code: 'resource_missing' });
    await rejects(s.invoiceItems.list({ expand: ['customer'] }), { message: "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead." });
    assert.equal((await s.invoiceItems.list({ invoice: 'in_none' })).data.length, 0);
  });

  test('one account never sees another account\'s items', async () => {
    const other = server.stripe(server.newKey());
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    await rejects(other.invoiceItems.retrieve(ii.id), { status: 404 });
    assert.equal((await other.invoiceItems.list()).data.length, 0);
    await rejects(other.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd' }), { param: 'customer', code: 'resource_missing' });
  });
});
