// What clients other than the newest stripe-node send and see: booleans as older
// SDKs spell them, Stripe's hints for unknown parameters, fields Stripe added
// without a breaking change at every older version, and the account's default
// API version for requests without a Stripe-Version header. Every request here
// names its version (or deliberately none), so the pinned run checks the same.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { CHANGES } from '../../src/versions/changes/index.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

interface Raw {
  status: number;
  json: any;
  version: string | null;
}

/** Raw HTTP as the account of `key`, at `version` (null: no Stripe-Version header at all). */
async function call(key: string, method: string, path: string, version: string | null, body?: Record<string, string>): Promise<Raw> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (version !== null) headers['stripe-version'] = version;
  if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(server.base + path, { method, headers, body: body ? new URLSearchParams(body).toString() : undefined });
  return { status: res.status, json: await res.json(), version: res.headers.get('stripe-version') };
}

const at = (path: string, o: any): unknown => path.split('.').reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), o);

describe('booleans in any case', () => {
  test('True/FALSE are booleans on create params, list filters and actions; junk is not', async () => {
    const key = server.newKey();
    const rate = await call(key, 'POST', '/v1/tax_rates', LATEST, { display_name: 'VAT', percentage: '20', inclusive: 'True' });
    assert.equal(rate.status, 200);
    assert.equal(rate.json.inclusive, true);
    const off = await call(key, 'POST', '/v1/tax_rates', LATEST, { display_name: 'VAT', percentage: '20', inclusive: 'FALSE' });
    assert.equal(off.json.inclusive, false);
    const c = (await call(key, 'POST', '/v1/customers', LATEST, { name: 'Bools' })).json;
    await call(key, 'POST', '/v1/invoiceitems', LATEST, { customer: c.id, amount: '500', currency: 'usd' });
    const pending = await call(key, 'GET', `/v1/invoiceitems?customer=${c.id}&pending=True`, LATEST);
    assert.equal(pending.status, 200);
    assert.equal(pending.json.data.length, 1);
    const inv = (await call(key, 'POST', '/v1/invoices', LATEST, { customer: c.id, pending_invoice_items_behavior: 'include', auto_advance: 'False' })).json;
    assert.equal(inv.auto_advance, false);
    await call(key, 'POST', `/v1/invoices/${inv.id}/finalize`, LATEST);
    const paid = await call(key, 'POST', `/v1/invoices/${inv.id}/pay`, LATEST, { paid_out_of_band: 'TRUE' });
    assert.equal(paid.status, 200);
    assert.equal(paid.json.status, 'paid');
    for (const junk of ['1', 'yes', 'Tru'])
      assert.deepEqual(
        (await call(key, 'POST', '/v1/tax_rates', LATEST, { display_name: 'VAT', percentage: '20', inclusive: junk })).json.error,
        { message: `Invalid boolean: ${junk}`, param: 'inclusive', type: 'invalid_request_error' },
      );
  });
});

describe("Stripe's hints for unknown parameters", () => {
  test('a parameter renamed at basil, a misspelling, the path parameter, and none when nothing is close', async () => {
    const key = server.newKey();
    const c = (await call(key, 'POST', '/v1/customers', LATEST, {})).json;
    const hint = async (method: string, path: string, version: string, body: Record<string, string>) =>
      (await call(key, method, path, version, body)).json.error;
    assert.deepEqual(await hint('POST', '/v1/invoiceitems', '2025-03-31.basil', { customer: c.id, currency: 'usd', price: 'price_x' }), {
      code: 'parameter_unknown',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
      message: 'Received unknown parameter: price. Did you mean pricing?',
      param: 'price',
      type: 'invalid_request_error',
    });
    assert.equal((await hint('POST', '/v1/customers', LATEST, { nmae: 'x' })).message, 'Received unknown parameter: nmae. Did you mean name?');
    assert.equal((await hint('POST', '/v1/customers', LATEST, { 'address[postalCode]': 'x' })).message, 'Received unknown parameter: address[postalCode]. Did you mean postal_code?');
    // stripe/stripe-node#2105, at that version: `invoice` on an invoice item's update.
    const ii = (await call(key, 'POST', '/v1/invoiceitems', LATEST, { customer: c.id, amount: '100', currency: 'usd' })).json;
    const onUpdate = await hint('POST', `/v1/invoiceitems/${ii.id}`, '2022-08-01', { invoice: 'in_123' });
    assert.equal(onUpdate.message, 'Received unknown parameter: invoice. Did you mean invoiceitem?');
    assert.equal(onUpdate.param, 'invoice');
    assert.equal((await hint('POST', '/v1/customers', LATEST, { zzzz: 'x' })).message, 'Received unknown parameter: zzzz');
  });
});

/**
 * For every change module: a field Stripe added after that module's version without a breaking change
 * (stripe-node CHANGELOG, docs.stripe.com/changelog), present in what a client of an older version gets.
 */
interface Additive {
  change: string;
  older: string;
  /** What to read (after the setup below), and the fields that must be there. */
  read: (s: Setup) => [string, string, Record<string, string>?];
  pick?: (json: any) => any;
  fields: string[];
}
interface Setup {
  customer: string;
  creditNote: string;
  item: string;
  invoice: string;
  price: string;
  product: string;
  promotionCode: string;
  paymentIntent: string;
  subscription: string;
}

const ADDITIVE: Additive[] = [
  // payment_method_configuration_details on PaymentIntent: stripe-node 13.6.0 (2023-09-14).
  { change: 'Charges no longer include `refunds`; PaymentIntents lose `charges`', older: '2022-08-01', read: (s) => ['GET', `/v1/payment_intents/${s.paymentIntent}`], fields: ['payment_method_configuration_details'] },
  // Nothing InvoiceKit shows on a Charge or PaymentIntent was added after basil (presentment_details came with
  // basil itself and is not implemented): the read at the older version must still answer, with no field to check.
  { change: 'Charges and PaymentIntents lose `invoice`', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/payment_intents/${s.paymentIntent}`], fields: [] },
  // customer_account on PromotionCode: stripe-node 20.1.0 (2025-12-15.clover).
  { change: 'Promotion codes name their coupon under `promotion`', older: '2025-08-27.basil', read: (s) => ['GET', `/v1/promotion_codes/${s.promotionCode}`], fields: ['customer_account'] },
  // customer_account on Discount: stripe-node 20.1.0 (2025-12-15.clover).
  { change: 'Discounts name their coupon under `source`', older: '2025-08-27.basil', read: (s) => ['GET', `/v1/customers/${s.customer}`], pick: (j) => j.discount, fields: ['customer_account'] },
  // net_amount, proration_details: 19.0.0; quantity_decimal: 2026-03-25.dahlia (not breaking); customer_account: 20.1.0.
  { change: 'Invoice items are priced through `pricing`', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/invoiceitems/${s.item}`], fields: ['net_amount', 'proration_details', 'quantity_decimal', 'customer_account'] },
  // subtotal: 20.1.0; invoice; quantity_decimal.
  { change: 'Invoice line items describe their origin in `parent`', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/invoices/${s.invoice}/lines`], pick: (j) => j.data[0], fields: ['invoice', 'subtotal', 'quantity_decimal'] },
  // customer_account: 20.1.0; automatic_tax.provider: 18.1.0; total_pretax_credit_amounts (acacia, not part of basil's entry).
  { change: 'Invoices lose payment and subscription fields; taxes become `total_taxes`', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/invoices/${s.invoice}`], fields: ['customer_account', 'automatic_tax.provider', 'total_pretax_credit_amounts'] },
  // Price.recurring.meter came in acacia without a breaking change (basil only made it required for metered prices).
  { change: 'Recurring prices lose `aggregate_usage`; metered prices need a meter', older: '2023-08-16', read: (s) => ['GET', `/v1/prices/${s.price}`], fields: ['recurring.meter'] },
  // The preview of an old client's customer alone: customer_account (20.1.0) and automatic_tax.provider (18.1.0).
  { change: 'Customers and previews lose the `coupon` parameter', older: '2025-02-24.acacia', read: (s) => ['POST', '/v1/invoices/create_preview', { customer: s.customer }], fields: ['customer_account', 'automatic_tax.provider'] },
  { change: 'The upcoming invoice endpoints are removed', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/invoices/upcoming?customer=${s.customer}`], fields: ['customer_account', 'automatic_tax.provider'] },
  // subscription_details on the upcoming endpoints: stripe-node 15.3.0 (2024-04-18), no breaking change.
  { change: 'Upcoming invoice previews lose the flat `subscription_*` parameters', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/invoices/upcoming?subscription=${s.subscription}&subscription_details[proration_behavior]=none`], fields: ['customer_account', 'automatic_tax.provider'] },
  // The preview of a subscription at the last version before the object anchor (and every field since).
  { change: "A preview's `subscription_details.billing_cycle_anchor` becomes an object", older: '2026-08-26.dahlia', read: (s) => ['POST', '/v1/invoices/create_preview', { subscription: s.subscription, 'subscription_details[billing_cycle_anchor]': 'unchanged' }], fields: ['customer_account', 'automatic_tax.provider'] },
  { change: 'Invoice previews name what to preview', older: '2025-02-24.acacia', read: (s) => ['POST', '/v1/invoices/create_preview', { customer: s.customer }], fields: ['total_pretax_credit_amounts'] },
  // automatically_finalizes_at: 16.12.0 (2024-09); rendering.template: 16.11.0.
  { change: 'Invoices lose `rendering_options` for `rendering`; product `features` becomes `marketing_features`', older: '2023-10-16', read: (s) => ['GET', `/v1/invoices/${s.invoice}`], fields: ['automatically_finalizes_at', 'rendering.template'] },
  // Product tax_details came after 2023-08-16 without a breaking change.
  { change: 'Products lose `attributes`, `caption` and `deactivate_on`', older: '2022-11-15', read: (s) => ['GET', `/v1/products/${s.product}`], fields: ['tax_details'] },
  // rendering: stripe-node 13.8.0 (September 2023).
  { change: 'New invoices exclude pending invoice items by default', older: '2020-08-27', read: (s) => ['GET', `/v1/invoices/${s.invoice}`], fields: ['rendering', 'automatically_finalizes_at'] },
  // Subscription customer_account: stripe-node 20.1.0 (2025-12-15.clover); billing_mode: 2025-06-30.basil (not breaking).
  { change: 'Subscription periods move to subscription items', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/subscriptions/${s.subscription}`], fields: ['customer_account', 'billing_mode.type'] },
  { change: 'Subscriptions lose `coupon`, `promotion_code` and `discount`', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/subscriptions/${s.subscription}`], fields: ['customer_account', 'billing_mode.type'] },
  // Only a request rule changed: what a subscription shows at 2025-06-30.basil is unchanged (customer_account: 20.1.0).
  { change: 'Flexible subscriptions may mix billing intervals', older: '2025-06-30.basil', read: (s) => ['GET', `/v1/subscriptions/${s.subscription}`], fields: ['customer_account', 'billing_mode.type'] },
  // Only a request rule changed (cancel_at's words): the subscription at 2025-06-30.basil shows what it showed.
  { change: '`cancel_at` takes `min_period_end` and `max_period_end`', older: '2025-06-30.basil', read: (s) => ['GET', `/v1/subscriptions/${s.subscription}`], fields: ['customer_account', 'billing_mode.type'] },
  { change: 'New subscriptions use flexible billing mode by default', older: '2025-08-27.basil', read: (s) => ['GET', `/v1/subscriptions/${s.subscription}`], fields: ['customer_account'] },
  // invoice_settings.rendering_options.template: 16.11.0 (2024-09-12).
  // pre/post_payment_amount: stripe-node 18.2.0 (2025-05-28.basil); customer_account: 20.1.0; pretax_credit_amounts (acacia).
  { change: 'Credit notes link `refunds`; their taxes become `total_taxes` and `taxes`', older: '2025-02-24.acacia', read: (s) => ['GET', `/v1/credit_notes/${s.creditNote}`], fields: ['pre_payment_amount', 'post_payment_amount', 'customer_account', 'pretax_credit_amounts'] },
  { change: 'Customers lose `default_currency`', older: '2020-08-27', read: (s) => ['GET', `/v1/customers/${s.customer}`], fields: ['invoice_settings.rendering_options.template'] },
];

describe('fields Stripe added without a breaking change, at older versions', () => {
  test('every change module has its check', () => {
    assert.deepEqual(ADDITIVE.map((a) => a.change).sort(), CHANGES.map((c) => c.title).sort());
    for (const a of ADDITIVE) assert.ok(a.older < CHANGES.find((c) => c.title === a.change)!.version, a.change);
  });

  test('each is present at a version older than the module that rewrites its object', async () => {
    const key = server.newKey();
    const post = async (path: string, body: Record<string, string>, version = LATEST) => {
      const r = await call(key, 'POST', path, version, body);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return r.json;
    };
    const product = await post('/v1/products', { name: 'Seat' });
    const price = await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: '1000', 'recurring[interval]': 'month' });
    const coupon = await post('/v1/coupons', { percent_off: '10' });
    const customer = await post('/v1/customers', { name: 'Old', 'invoice_settings[rendering_options][amount_tax_display]': 'exclude_tax' });
    await post(`/v1/customers/${customer.id}`, { coupon: coupon.id }, '2025-02-24.acacia');
    const item = await post('/v1/invoiceitems', { customer: customer.id, amount: '1000', currency: 'usd' });
    const invoice = await post('/v1/invoices', { customer: customer.id, pending_invoice_items_behavior: 'include', 'rendering[amount_tax_display]': 'exclude_tax' });
    await post('/v1/invoiceitems', { customer: customer.id, amount: '300', currency: 'usd' });
    const promotionCode = await post('/v1/promotion_codes', { 'promotion[type]': 'coupon', 'promotion[coupon]': coupon.id, code: 'ADDITIVE10' });
    const paymentIntent = await post('/v1/payment_intents', { amount: '1000', currency: 'usd' });
    // Its own customer: its first invoice would take the pending item the previews above read.
    const subscriber = await post('/v1/customers', { name: 'Subscriber' });
    const subscription = await post('/v1/subscriptions', { customer: subscriber.id, 'items[0][price]': price.id, collection_method: 'send_invoice', days_until_due: '30' });
    const other = await post('/v1/customers', { name: 'Credited' });
    await post('/v1/invoiceitems', { customer: other.id, amount: '500', currency: 'usd' });
    const toCredit = await post('/v1/invoices', { customer: other.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: '3' });
    await post(`/v1/invoices/${toCredit.id}/finalize`, {});
    const creditNote = await post('/v1/credit_notes', { invoice: toCredit.id, amount: '100' });
    const setup: Setup = {
      creditNote: creditNote.id, customer: customer.id, item: item.id, invoice: invoice.id, price: price.id, product: product.id, promotionCode: promotionCode.id,
      paymentIntent: paymentIntent.id, subscription: subscription.id,
    };
    for (const a of ADDITIVE) {
      const [method, path, body] = a.read(setup);
      const r = await call(key, method, path, a.older, body);
      assert.equal(r.status, 200, `${a.change}: ${JSON.stringify(r.json)}`);
      assert.equal(r.version, a.older);
      const obj = a.pick ? a.pick(r.json) : r.json;
      for (const f of a.fields) assert.notEqual(at(f, obj), undefined, `${a.change}: ${f} at ${a.older}`);
    }
  });
});

describe("the account's default API version", () => {
  test('taken from the server when first used, shown and changed by the test helper', async () => {
    const key = server.newKey();
    const shown = await call(key, 'GET', '/_invoicekit/account', null);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.json, { id: shown.json.id, object: 'invoicekit.account', default_api_version: LATEST });
    assert.match(shown.json.id, /^acct_/);
    // Without a Stripe-Version header a request is answered at the account's default.
    assert.equal((await call(key, 'POST', '/v1/customers', null, { name: 'A' })).version, LATEST);
    const set = await call(key, 'POST', '/_invoicekit/account', null, { default_api_version: '2020-08-27' });
    assert.equal(set.json.default_api_version, '2020-08-27');
    const c = await call(key, 'POST', '/v1/customers', null, { name: 'B' });
    assert.equal(c.version, '2020-08-27');
    assert.ok('default_currency' in c.json, 'a 2020-08-27 customer');
    // A header still wins.
    assert.equal((await call(key, 'GET', `/v1/customers/${c.json.id}`, LATEST)).version, LATEST);
    // Another key's account is untouched.
    assert.equal((await call(server.newKey(), 'GET', '/_invoicekit/account', null)).json.default_api_version, LATEST);
    const bad = await call(key, 'POST', '/_invoicekit/account', null, { default_api_version: '2019-01-01' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.param, 'default_api_version');
    const missing = await call(key, 'POST', '/_invoicekit/account', null, {});
    assert.equal(missing.json.error.code, 'parameter_missing');
    assert.equal((await call('', 'GET', '/_invoicekit/account', null)).status, 401);
  });

  test('events, and so endpoints without an api_version, are rendered at the default in force when they happen', async () => {
    const key = server.newKey();
    await call(key, 'POST', '/_invoicekit/account', null, { default_api_version: '2023-08-16' });
    const endpoint = (await call(key, 'POST', '/v1/webhook_endpoints', LATEST, { url: 'http://127.0.0.1:9/hook', 'enabled_events[]': '*' })).json;
    assert.equal(endpoint.api_version, null);
    const c = (await call(key, 'POST', '/v1/customers', LATEST, { name: 'Evented' })).json;
    await call(key, 'POST', '/v1/invoiceitems', LATEST, { customer: c.id, amount: '100', currency: 'usd' });
    const events = (await call(key, 'GET', '/v1/events', LATEST)).json.data;
    const item = events.find((e: any) => e.type === 'invoiceitem.created');
    assert.equal(item.api_version, '2023-08-16');
    assert.ok('price' in item.data.object && !('pricing' in item.data.object), 'the item in its 2023-08-16 shape');
    await call(key, 'POST', '/_invoicekit/account', null, { default_api_version: LATEST });
    await call(key, 'POST', `/v1/customers/${c.id}`, LATEST, { name: 'Renamed' });
    const later = (await call(key, 'GET', '/v1/events?limit=1', LATEST)).json.data[0];
    assert.equal(later.type, 'customer.updated');
    assert.equal(later.api_version, LATEST);
    // Events keep the version they were recorded at.
    assert.equal((await call(key, 'GET', `/v1/events/${item.id}`, LATEST)).json.api_version, '2023-08-16');
  });

  test('a server started with --api-version gives it to new accounts only', async () => {
    const old = await startServer({ apiVersion: '2023-08-16' });
    try {
      const res = await fetch(`${old.base}/_invoicekit/account`, { headers: { authorization: `Bearer ${old.newKey()}` } });
      assert.equal((await res.json()).default_api_version, '2023-08-16');
    } finally {
      await old.close();
    }
  });
});
