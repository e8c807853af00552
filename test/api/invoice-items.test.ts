import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { plain } from '../helpers/invoices.ts';
import { rejects } from '../helpers/assertions.ts';
import { BASIL, CLOVER, before as versionBefore, byPrice, couponOf, priceOf, unitAmountDecimalOf } from '../helpers/versioned.ts';

let server: TestServer;
let stripe: Stripe;
let customer: Stripe.Customer;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
  customer = await stripe.customers.create({ name: 'Items' });
});
after(() => server.close());

/** The same account as `stripe`, at 2023-08-16: newer params are unknown to it. */
const OLD_VERSION = '2023-08-16';
const old = () => server.stripe(undefined, { apiVersion: OLD_VERSION as any });
/** The name of the parameter pricing an item with a Price at the suite's version. */
const PRICE_PARAM = BASIL ? 'pricing[price]' : 'price';
/**
 * Fields an invoice item has at every version from 2023-08-16 until basil, and no others: the 2023-08-16 schema's,
 * and those Stripe added since without a breaking change (customer_account, net_amount, proration_details, quantity_decimal).
 */
const PRE_BASIL_ITEM_FIELDS = [
  'amount', 'currency', 'customer', 'customer_account', 'date', 'description', 'discountable', 'discounts', 'id', 'invoice', 'livemode', 'metadata',
  'net_amount', 'object', 'period', 'plan', 'price', 'proration', 'proration_details', 'quantity', 'quantity_decimal', 'subscription', 'tax_rates',
  'test_clock', 'unit_amount', 'unit_amount_decimal',
];
const unknownParam = (param: string) => ({ status: 400, param, code: 'parameter_unknown', message: `Received unknown parameter: ${param}` });


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
    assert.deepEqual(ii.period, { start: ii.date, end: ii.date });
    assert.equal(ii.proration, false);
    assert.equal(ii.quantity, 1);
    assert.deepEqual(ii.tax_rates, []);
    assert.equal(ii.test_clock, null);
    assert.ok(Math.abs(ii.date - Date.now() / 1000) < 60);
    const item = ii as any;
    if (BASIL) {
      assert.equal(ii.parent, null);
      assert.deepEqual(plain(ii.pricing), { type: 'price_details', unit_amount_decimal: '1099' });
      for (const legacy of ['price', 'plan', 'unit_amount', 'unit_amount_decimal', 'subscription', 'subscription_item']) assert.ok(!(legacy in ii), legacy);
    } else {
      // Before basil: priced by amount, so no Price and no plan; the unit amount is the amount.
      assert.equal(item.price, null);
      assert.equal(item.plan, null);
      assert.equal(item.subscription, null);
      assert.equal(item.unit_amount, 1099);
      assert.equal(String(item.unit_amount_decimal), '1099');
      assert.deepEqual(Object.keys(plain(ii)).sort(), PRE_BASIL_ITEM_FIELDS);
    }
    // Fields Stripe added without a breaking change show at every version.
    assert.equal(item.net_amount, 1099);
    assert.deepEqual(plain(item.proration_details), { credited_items: null, discount_amounts: [] });
    assert.equal(item.customer_account, null);
    assert.equal(String(item.quantity_decimal), '1');
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

  test('pricing[price] (price before basil) takes the price amount and currency', async () => {
    const product = await stripe.products.create({ name: 'Shirt' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1099, currency: 'usd' });
    const ii = await stripe.invoiceItems.create({ customer: customer.id, ...byPrice(price.id), quantity: 3 });
    assert.equal(ii.amount, 3297);
    assert.equal(ii.quantity, 3);
    assert.equal(ii.currency, 'usd');
    assert.equal(priceOf(ii), price.id);
    if (BASIL) {
      assert.deepEqual(plain(ii.pricing), {
        price_details: { price: price.id, product: product.id },
        type: 'price_details',
        unit_amount_decimal: '1099',
      });
      const expanded = await stripe.invoiceItems.retrieve(ii.id, { expand: ['pricing.price_details.price', 'customer'] });
      assert.equal((expanded.pricing!.price_details!.price as Stripe.Price).unit_amount, 1099);
      assert.equal((expanded.customer as Stripe.Customer).name, 'Items');
    } else {
      // Before basil the Price is embedded whole.
      const item = ii as any;
      assert.equal(item.price.object, 'price');
      assert.equal(item.price.id, price.id);
      assert.equal(item.price.product, product.id);
      assert.equal(item.price.unit_amount, 1099);
      assert.equal(item.price.currency, 'usd');
      assert.equal(item.plan, null);
      assert.equal(item.unit_amount, 1099);
      assert.equal(String(item.unit_amount_decimal), '1099');
      const expanded = (await stripe.invoiceItems.retrieve(ii.id, { expand: ['customer'] })) as any;
      assert.equal(expanded.price.unit_amount, 1099);
      assert.equal((expanded.customer as Stripe.Customer).name, 'Items');
      // pricing is a basil parameter: unknown here.
      await rejects(stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id } }), unknownParam('pricing'));
    }
    await rejects(stripe.invoiceItems.create({ customer: customer.id, ...byPrice('price_missing') }), {
      status: 400, param: PRICE_PARAM, code: 'resource_missing', message: "No such price: 'price_missing'",
    });
    await rejects(stripe.invoiceItems.create({ customer: customer.id, ...byPrice(price.id), currency: 'eur' }), { param: 'currency' });
  });

  test('price_data creates a price inline', async () => {
    const product = await stripe.products.create({ name: 'Inline' });
    const ii = await stripe.invoiceItems.create({
      customer: customer.id,
      price_data: { currency: 'usd', product: product.id, unit_amount_decimal: '33.3333' as any },
      quantity: 3,
    });
    assert.equal(ii.amount, 100); // 99.9999 rounds to 100
    assert.match(String(priceOf(ii)), /^price_/);
    assert.equal(unitAmountDecimalOf(ii), '33.3333');
    if (!BASIL) {
      const item = ii as any;
      assert.equal(item.unit_amount, null, 'not a whole number of cents');
      assert.equal(item.price.product, product.id);
      assert.equal(String(item.price.unit_amount_decimal), '33.3333');
    }
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
      assert.equal(unitAmountDecimalOf(ii), unit);
      if (!BASIL) assert.equal((ii as any).unit_amount, /^-?\d+$/.test(unit) ? Number(unit) : null, unit);
    }
    if (!BASIL) {
      // Before basil unit_amount (whole cents) may price an item too.
      const byUnit = await stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount: 250, quantity: 2 } as any);
      assert.equal(byUnit.amount, 500);
      assert.equal((byUnit as any).unit_amount, 250);
      assert.equal(unitAmountDecimalOf(byUnit), '250');
    }
    await rejects(stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '1.0000000000001' as any }), {
      param: 'unit_amount_decimal',
    });
  });

  test('quantity_decimal sets the truncated quantity, at every version (Stripe added it without a breaking change)', async () => {
    const s = server.newest();
    const ii = await s.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '100' as any, quantity_decimal: '2.5' as any });
    assert.equal(ii.amount, 250);
    assert.equal(ii.quantity, 2);
    assert.equal(String(ii.quantity_decimal), '2.5');
    await rejects(
      s.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '1' as any, quantity: 1, quantity_decimal: '1' as any }),
      { message: 'You may only specify one of these parameters: quantity, quantity_decimal.' },
    );
    // An older client sees the field and may send the parameter too.
    const o = old();
    const seen: any = await o.invoiceItems.retrieve(ii.id);
    assert.equal(seen.quantity, 2);
    assert.equal(String(seen.quantity_decimal), '2.5');
    const made: any = await o.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '100' as any, quantity_decimal: '1.5' as any });
    assert.equal(made.amount, 150);
    const updated: any = await o.invoiceItems.update(ii.id, { quantity_decimal: '3' as any });
    assert.equal(updated.amount, 300);
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
    assert.equal((await server.newest().invoiceItems.retrieve(ii.id)).net_amount, 900, 'net_amount: after the item\'s own discounts');
    const expanded = await stripe.invoiceItems.retrieve(ii.id, { expand: ['discounts'] });
    const d = expanded.discounts![0] as Stripe.Discount;
    assert.equal(d.object, 'discount');
    assert.equal(d.invoice_item, ii.id);
    assert.equal(couponOf(d), coupon.id);
    if (CLOVER) {
      assert.deepEqual(d.source, { coupon: coupon.id, type: 'coupon' });
      assert.ok(!('coupon' in d));
    } else {
      // Before clover the coupon is embedded whole and there is no source.
      const embedded = (d as any).coupon;
      assert.equal(embedded.object, 'coupon');
      assert.equal(embedded.id, coupon.id);
      assert.equal(embedded.percent_off, 10);
      assert.equal(embedded.duration, 'once');
      assert.ok(!('source' in d));
    }
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
    if (!BASIL) {
      await rejects(stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', unit_amount: 1 } as any), {
        message: 'You may only specify one of these parameters: amount, unit_amount.',
      });
      await rejects(stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount: 1, unit_amount_decimal: '1' } as any), {
        message: 'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
      });
    }
    // customer_account arrived with 2025-12-15.clover without a breaking change: every version may send it.
    for (const client of [server.newest(), old()])
      await rejects(client.invoiceItems.create({ customer: customer.id, customer_account: 'acct_nope', amount: 1, currency: 'usd' } as any), {
        status: 400, message: 'You may only specify one of these parameters: customer, customer_account.',
      });
    // Stripe's hint for a parameter renamed at basil, to a newer client.
    await rejects(server.newest().invoiceItems.create({ customer: customer.id, price: 'price_x', currency: 'usd' } as any), {
      status: 400, param: 'price', code: 'parameter_unknown', message: 'Received unknown parameter: price. Did you mean pricing?',
    });
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
    assert.equal(unitAmountDecimalOf(a), '777');
    if (!BASIL) assert.equal((a as any).unit_amount, 777);
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
    assert.deepEqual(ii.tax_rates!.map((r) => r.id), [rate.id]);
    assert.equal(ii.discounts!.length, 1);
    const newest = server.newest();
    assert.equal((await newest.invoiceItems.retrieve(ii.id)).net_amount, 900);
    const cleared = await stripe.invoiceItems.update(ii.id, { tax_rates: '' as any, discounts: '' as any });
    assert.deepEqual(cleared.tax_rates, []);
    assert.deepEqual(cleared.discounts, []);
    assert.equal(cleared.net_amount, 1000);
    assert.equal((await newest.invoiceItems.retrieve(ii.id)).net_amount, 1000);
  });

  test('an item priced in another currency cannot replace its currency', async () => {
    const product = await stripe.products.create({ name: 'Euro' });
    const eur = await stripe.prices.create({ product: product.id, unit_amount: 100, currency: 'eur' });
    const ii = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    await rejects(stripe.invoiceItems.update(ii.id, byPrice(eur.id)), { status: 400, param: PRICE_PARAM });
    assert.equal((await stripe.invoiceItems.retrieve(ii.id)).currency, 'usd');
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
