// Seeded fuzzing of every endpoint with malformed requests. For each response:
// never a 5xx, always JSON, Stripe's `{ error: { type, message } }` for every
// status >= 400, and a Request-Id. Afterwards the server must still do a normal
// create. Deterministic: FUZZ_SEED=<n> replays a run, FUZZ_CASES=<n> sizes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer, newKey, type TestServer } from '../helpers/server.ts';

// ---------------------------------------------------------------------------
// The endpoints. `{id}` is replaced by an existing id of the row's resource or
// by a bogus one. `fields` are real parameter names, so wrong-typed values
// reach each field's validator instead of stopping at "unknown parameter".
type Method = 'GET' | 'POST' | 'DELETE';
interface Endpoint {
  resource: Resource;
  method: Method;
  path: string;
  fields: string[];
}
type Resource = 'customers' | 'products' | 'prices' | 'tax_rates' | 'coupons' | 'invoiceitems';

const LIST = ['limit', 'starting_after', 'ending_before', 'created', 'expand'];
const CUSTOMER_FIELDS = ['address', 'balance', 'description', 'email', 'invoice_prefix', 'invoice_settings', 'metadata', 'name', 'next_invoice_sequence', 'phone', 'preferred_locales', 'shipping', 'tax_exempt', 'expand'];
const PRODUCT_FIELDS = ['active', 'description', 'id', 'images', 'metadata', 'name', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'url', 'default_price_data', 'package_dimensions', 'expand'];
const PRICE_FIELDS = ['active', 'billing_scheme', 'currency', 'lookup_key', 'metadata', 'nickname', 'product', 'product_data', 'recurring', 'tax_behavior', 'tiers', 'tiers_mode', 'transfer_lookup_key', 'transform_quantity', 'unit_amount', 'unit_amount_decimal', 'expand'];
const TAX_RATE_FIELDS = ['active', 'country', 'description', 'display_name', 'inclusive', 'jurisdiction', 'metadata', 'percentage', 'state', 'tax_type', 'expand'];
const COUPON_FIELDS = ['amount_off', 'applies_to', 'currency', 'duration', 'duration_in_months', 'id', 'max_redemptions', 'metadata', 'name', 'percent_off', 'redeem_by', 'expand'];
const INVOICE_ITEM_FIELDS = ['amount', 'currency', 'customer', 'description', 'discountable', 'discounts', 'invoice', 'metadata', 'period', 'price_data', 'pricing', 'quantity', 'tax_behavior', 'tax_code', 'tax_rates', 'unit_amount_decimal', 'expand'];

const ENDPOINTS: Endpoint[] = [
  { resource: 'customers', method: 'POST', path: '/v1/customers', fields: CUSTOMER_FIELDS },
  { resource: 'customers', method: 'GET', path: '/v1/customers', fields: [...LIST, 'email', 'test_clock'] },
  { resource: 'customers', method: 'GET', path: '/v1/customers/{id}', fields: ['expand'] },
  { resource: 'customers', method: 'POST', path: '/v1/customers/{id}', fields: CUSTOMER_FIELDS },
  { resource: 'customers', method: 'DELETE', path: '/v1/customers/{id}', fields: [] },
  { resource: 'products', method: 'POST', path: '/v1/products', fields: PRODUCT_FIELDS },
  { resource: 'products', method: 'GET', path: '/v1/products', fields: [...LIST, 'active', 'ids', 'shippable', 'url'] },
  { resource: 'products', method: 'GET', path: '/v1/products/{id}', fields: ['expand'] },
  { resource: 'products', method: 'POST', path: '/v1/products/{id}', fields: [...PRODUCT_FIELDS, 'default_price'] },
  { resource: 'products', method: 'DELETE', path: '/v1/products/{id}', fields: [] },
  { resource: 'prices', method: 'POST', path: '/v1/prices', fields: PRICE_FIELDS },
  { resource: 'prices', method: 'GET', path: '/v1/prices', fields: [...LIST, 'active', 'currency', 'lookup_keys', 'product', 'recurring', 'type'] },
  { resource: 'prices', method: 'GET', path: '/v1/prices/{id}', fields: ['expand'] },
  { resource: 'prices', method: 'POST', path: '/v1/prices/{id}', fields: ['active', 'lookup_key', 'metadata', 'nickname', 'tax_behavior', 'transfer_lookup_key', 'expand'] },
  { resource: 'tax_rates', method: 'POST', path: '/v1/tax_rates', fields: TAX_RATE_FIELDS },
  { resource: 'tax_rates', method: 'GET', path: '/v1/tax_rates', fields: [...LIST, 'active', 'inclusive'] },
  { resource: 'tax_rates', method: 'GET', path: '/v1/tax_rates/{id}', fields: ['expand'] },
  { resource: 'tax_rates', method: 'POST', path: '/v1/tax_rates/{id}', fields: TAX_RATE_FIELDS.filter((f) => f !== 'inclusive' && f !== 'percentage') },
  { resource: 'coupons', method: 'POST', path: '/v1/coupons', fields: COUPON_FIELDS },
  { resource: 'coupons', method: 'GET', path: '/v1/coupons', fields: LIST },
  { resource: 'coupons', method: 'GET', path: '/v1/coupons/{id}', fields: ['expand'] },
  { resource: 'coupons', method: 'POST', path: '/v1/coupons/{id}', fields: ['metadata', 'name', 'expand'] },
  { resource: 'coupons', method: 'DELETE', path: '/v1/coupons/{id}', fields: [] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoiceitems', fields: INVOICE_ITEM_FIELDS },
  { resource: 'invoiceitems', method: 'GET', path: '/v1/invoiceitems', fields: [...LIST, 'customer', 'invoice', 'pending'] },
  { resource: 'invoiceitems', method: 'GET', path: '/v1/invoiceitems/{id}', fields: ['expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoiceitems/{id}', fields: INVOICE_ITEM_FIELDS.filter((f) => f !== 'customer' && f !== 'currency' && f !== 'invoice') },
  { resource: 'invoiceitems', method: 'DELETE', path: '/v1/invoiceitems/{id}', fields: [] },
  // Invoices (their rows run with the invoice items' setup: `{id}` is an item id or a bogus one,
  // which still reaches every param validator, since params are validated before any lookup).
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices', fields: ['account_tax_ids', 'application_fee_amount', 'auto_advance', 'automatic_tax', 'automatically_finalizes_at', 'collection_method', 'currency', 'custom_fields', 'customer', 'days_until_due', 'default_payment_method', 'default_source', 'default_tax_rates', 'description', 'discounts', 'due_date', 'effective_at', 'footer', 'from_invoice', 'issuer', 'metadata', 'number', 'on_behalf_of', 'payment_settings', 'pending_invoice_items_behavior', 'rendering', 'shipping_cost', 'shipping_details', 'statement_descriptor', 'subscription', 'transfer_data', 'expand'] },
  { resource: 'invoiceitems', method: 'GET', path: '/v1/invoices', fields: [...LIST, 'collection_method', 'customer', 'due_date', 'status', 'subscription'] },
  { resource: 'invoiceitems', method: 'GET', path: '/v1/invoices/{id}', fields: ['expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}', fields: ['account_tax_ids', 'auto_advance', 'collection_method', 'custom_fields', 'days_until_due', 'default_tax_rates', 'description', 'discounts', 'due_date', 'effective_at', 'footer', 'metadata', 'number', 'rendering', 'shipping_cost', 'shipping_details', 'statement_descriptor', 'expand'] },
  { resource: 'invoiceitems', method: 'DELETE', path: '/v1/invoices/{id}', fields: [] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/finalize', fields: ['auto_advance', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/pay', fields: ['forgive', 'mandate', 'off_session', 'paid_out_of_band', 'payment_method', 'source', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/send', fields: ['expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/void', fields: ['expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/mark_uncollectible', fields: ['expand'] },
  { resource: 'invoiceitems', method: 'GET', path: '/v1/invoices/{id}/lines', fields: ['limit', 'starting_after', 'ending_before', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/lines/il_nope', fields: ['amount', 'description', 'discountable', 'discounts', 'metadata', 'period', 'price_data', 'pricing', 'quantity', 'quantity_decimal', 'tax_amounts', 'tax_rates', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/add_lines', fields: ['invoice_metadata', 'lines', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/remove_lines', fields: ['invoice_metadata', 'lines', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/{id}/update_lines', fields: ['invoice_metadata', 'lines', 'expand'] },
  { resource: 'invoiceitems', method: 'POST', path: '/v1/invoices/create_preview', fields: ['currency', 'customer', 'customer_details', 'discounts', 'invoice_items', 'preview_mode', 'subscription', 'expand'] },
];

/** A valid create per resource, given the setup's ids: the base that mutations spoil. */
const VALID_CREATE: Record<Resource, (ids: Ids) => string> = {
  customers: () => 'name=Fuzz&email=fuzz%40example.com',
  products: () => 'name=Fuzz',
  prices: (ids) => `currency=usd&unit_amount=1000&product=${ids.products}`,
  tax_rates: () => 'display_name=VAT&percentage=19&inclusive=false',
  coupons: () => 'percent_off=10&duration=once',
  invoiceitems: (ids) => `customer=${ids.customers}&amount=1000&currency=usd`,
};
type Ids = Partial<Record<Resource, string>>;
const RESOURCES = Object.keys(VALID_CREATE) as Resource[];

/** Richer valid bases that reference other objects; a missing id leaves the reference dangling, which is fine. */
const RICH_BASES: Partial<Record<Resource, ((ids: Ids) => string)[]>> = {
  prices: [
    (ids) => `currency=usd&unit_amount_decimal=12.345&product=${ids.products}&tax_behavior=exclusive`,
    () => 'currency=eur&unit_amount=500&product_data[name]=Inline',
    (ids) => `currency=usd&unit_amount=100&product=${ids.products}&recurring[interval]=month`,
  ],
  coupons: [() => 'amount_off=500&currency=usd&duration=repeating&duration_in_months=3', () => 'percent_off=12.5&duration=forever&max_redemptions=2'],
  tax_rates: [() => 'display_name=GST&percentage=7.125&inclusive=true&country=SG&jurisdiction=SG'],
  invoiceitems: [
    (ids) => `customer=${ids.customers}&pricing[price]=${ids.prices}&quantity=3`,
    (ids) => `customer=${ids.customers}&amount=999&currency=usd&tax_rates[0]=${ids.tax_rates}&discounts[0][coupon]=${ids.coupons}`,
    (ids) => `customer=${ids.customers}&currency=usd&unit_amount_decimal=0.5&quantity=7&period[start]=1700000000&period[end]=1700086400`,
    (ids) => `customer=${ids.customers}&price_data[currency]=usd&price_data[product]=${ids.products}&price_data[unit_amount]=250`,
  ],
};

// ---------------------------------------------------------------------------
// A small deterministic PRNG (mulberry32) and the generators built on it.
const SEED = Number(process.env.FUZZ_SEED ?? 0x1c0ffee) >>> 0;
const CASES_PER_RESOURCE = Number(process.env.FUZZ_CASES ?? 800);
/** FUZZ_STATS=1 prints how often each (status, message shape) came back: is the fuzz reaching deep? */
const STATS = process.env.FUZZ_STATS ? new Map<string, number>() : null;

function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => next() < p;
  const word = (n = 1 + int(12)) => Array.from({ length: n }, () => pick([...'abcdefghijklmnopqrstuvwxyz_0123456789'])).join('');
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, chance, word, bytes };
}
type Rng = ReturnType<typeof prng>;

const enc = (s: string) => encodeURIComponent(s);
/** A form string as a query string: the few raw characters a request line cannot carry get encoded. */
const urlSafe = (s: string) => s.replace(/[^\x21-\x7e]/g, (c) => (c === ' ' ? '+' : enc(c)));

/** Values that are wrong for most fields, already form-encoded. */
const BAD_SCALARS = [
  '', 'NaN', 'nan', 'Infinity', '-Infinity', '1e10', '1e400', '-1', '-0', '0', '0.5', '-0.000000000001', '1.0000000000001',
  '99999999999999999999999999', '-99999999999999999999999999', '9007199254740993', '0x10', '1_000', '+5', ' 5', '5 ',
  'true', 'false', 'True', '1', 'null', 'undefined', '[]', '{}', '%00', '%0A', '%E2%98%83', '%F0%9F%92%A9',
  '%ZZ', '%E0%A4%A', '%', '%%', '%FF%FE', '%C0%AF', '%ED%A0%80', 'usd', 'USD', 'xxx', 'cus_', 'cus_nope', 'price_nope',
  'txr_nope', 'prod_nope', 'ii_nope', 'in_nope', 'once', 'forever', 'repeating', 'exclusive', 'one_time',
  '2147483648', '-2147483649', '253402300800', '1700000000', '%3Cscript%3E', "'%3B DROP TABLE objects%3B--",
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];

/** One form pair list (raw key, raw value), mostly a valid base spoiled by a few mutations. */
function mutatePairs(rng: Rng, fields: string[]): string[] {
  const pairs: string[] = [];
  const field = () => (fields.length > 0 && rng.chance(0.92) ? rng.pick(fields) : rng.word());
  const mutations = 1 + rng.int(3);
  for (let m = 0; m < mutations; m++) {
    switch (rng.int(16)) {
      case 0: // unknown name
        pairs.push(`${rng.word()}=${rng.word()}`);
        break;
      case 1: // known name, bad scalar
        pairs.push(`${field()}=${rng.pick(BAD_SCALARS)}`);
        break;
      case 2: // object where a scalar goes (or a scalar where an object goes)
        pairs.push(`${field()}[${rng.pick([rng.word(), '', '0', 'gte', 'city', 'price', 'coupon'])}]=${rng.pick(BAD_SCALARS)}`);
        break;
      case 3: { // array forms, both indexed and []
        const f = field();
        const n = 1 + rng.int(4);
        for (let i = 0; i < n; i++) pairs.push(`${f}[${rng.chance(0.5) ? '' : rng.pick([i, 0, 5, 999, 1000, 100000, -1])}]=${rng.pick(BAD_SCALARS)}`);
        break;
      }
      case 4: { // deep nesting, around and past the 8-level limit
        const depth = 5 + rng.int(12);
        pairs.push(`${field()}${Array.from({ length: depth }, () => `[${rng.pick(['a', '0', '', 'b'])}]`).join('')}=x`);
        break;
      }
      case 5: // huge string
        pairs.push(`${field()}=${'x'.repeat(rng.pick([5001, 20_000, 200_000]))}`);
        break;
      case 6: // duplicate keys
        pairs.push(`${field()}=a`, `${pairs.length ? pairs[0].split('=')[0] : field()}=b`);
        break;
      case 7: // prototype-ish keys, top level and nested
        pairs.push(
          rng.pick([
            `${rng.pick(PROTO_KEYS)}=1`,
            `${rng.pick(PROTO_KEYS)}[polluted]=1`,
            `constructor[prototype][polluted]=1`,
            `metadata[${rng.pick(PROTO_KEYS)}]=x`,
            `${field()}[__proto__][polluted]=1`,
            `address[constructor]=1`,
          ]),
        );
        break;
      case 8: // broken percent-encodings in names and values
        pairs.push(rng.pick([`${field()}=%ZZ`, `%ZZ=1`, `${field()}=%E0%A4%A`, `%E0%A4%A=1`, `${field()}%5B=%`, `metadata%5B%FF%5D=1`]));
        break;
      case 9: // bracket junk
        pairs.push(rng.pick(['a]]=1', '[=1', '[]=1', 'a[=1', '=x', '', '&&', 'a[b]c=1', '[[[]]]=1', 'metadata[]=x', 'metadata[a][]=x', 'expand=', 'expand[]=', 'expand[]=data..x', 'expand[]=.']));
        break;
      case 10: // metadata abuse
        pairs.push(rng.pick([`metadata[${'k'.repeat(41)}]=v`, `metadata[k]=${'v'.repeat(501)}`, 'metadata[a[b]]=1', 'metadata=x', 'metadata[]=', `metadata[${rng.word()}][x]=1`]));
        break;
      case 11: // lots of params (rarely: 10k and just past it)
        if (rng.chance(0.15)) {
          const n = rng.pick([2000, 10_000, 10_001]);
          for (let i = 0; i < n; i++) pairs.push(`p${i}=1`);
        } else pairs.push(`${field()}=${rng.pick(BAD_SCALARS)}`);
        break;
      case 12: // expand abuse
        pairs.push(rng.pick(['expand[]=a.b.c.d.e', 'expand[]=data.customer.x.y.z', `expand[]=${rng.word()}`, 'expand[0][x]=1', 'expand[1000]=x', 'expand[]=customer&expand[]=customer', `expand[]=${'a.'.repeat(200)}a`]));
        break;
      case 13: // list params
        pairs.push(rng.pick([`limit=${rng.pick(BAD_SCALARS)}`, 'starting_after=x&ending_before=y', `created[${rng.pick(['gt', 'gte', 'lt', 'lte', 'eq', ''])}]=${rng.pick(BAD_SCALARS)}`, 'created[gte][x]=1', `starting_after=${rng.pick(BAD_SCALARS)}`]));
        break;
      case 14: // raw binary as a value (percent-encoded: it must fit in a URL)
        pairs.push(`${field()}=${[...rng.bytes(1 + rng.int(40))].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`);
        break;
      default: // unicode, control characters, lookalikes
        pairs.push(`${field()}=${enc(rng.pick(['\u0000', '\u202e', 'é', '😀'.repeat(100), '\r\n', 'ａ', '\t']))}`);
    }
  }
  return pairs;
}

// ---------------------------------------------------------------------------
// Raw requests with a keep-alive agent: no client-side normalisation.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

interface Sent {
  /** The endpoint row this request was made from, for grouping failures. */
  template: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}
interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function send(port: number, req: Sent): Promise<Got> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** What is wrong with a response, or null. */
function problem(got: Got): string | null {
  if (got.status >= 500) return `status ${got.status}`;
  if (!/^req_[A-Za-z0-9]{14}$/.test(String(got.headers['request-id'] ?? ''))) return 'no Request-Id';
  if (!/^application\/json/.test(String(got.headers['content-type'] ?? ''))) return `content-type ${got.headers['content-type']}`;
  let body: any;
  try {
    body = JSON.parse(got.text);
  } catch {
    return 'body is not JSON';
  }
  if (got.status >= 400) {
    const e = body?.error;
    if (!e || typeof e !== 'object') return 'no error object';
    if (!['invalid_request_error', 'idempotency_error', 'api_error', 'card_error'].includes(e.type)) return `error.type ${e.type}`;
    if (typeof e.message !== 'string' || e.message === '') return 'no error.message';
    if ('param' in e && typeof e.param !== 'string') return 'error.param not a string';
  }
  return null;
}

const BOGUS_IDS = [
  'nope', 'cus_nope', 'x'.repeat(300), 'x'.repeat(6000), '%20', '..', '%2E%2E', '%2F', 'a%2Fb', '%00', '%E2%98%83', 'null', 'undefined',
  '__proto__', 'constructor', '%ZZ', '%E0%A4%A', '%FF', '%C0%AF', "'", '%22', 'ii_' + 'A'.repeat(24), '0', '-1',
];

const BAD_HEADERS: ((rng: Rng, key: string) => Record<string, string>)[] = [
  () => ({ authorization: 'Bearer' }),
  () => ({ authorization: 'Bearer ' }),
  () => ({ authorization: 'Basic !!!notbase64' }),
  () => ({ authorization: `Basic ${Buffer.from([0xff, 0xfe, 0x00, 0x3a]).toString('base64')}` }),
  () => ({ authorization: 'Digest username="x"' }),
  (rng) => ({ authorization: `Bearer sk_test_${'a'.repeat(rng.pick([248, 300, 4000]))}` }),
  () => ({ authorization: 'Bearer sk_live_123' }),
  () => ({ authorization: 'Bearer pk_test_123' }),
  () => ({ authorization: 'Bearer sk_test_\u00e9\u00ff' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'idempotency-key': 'k'.repeat(256) }),
  (rng, key) => ({ authorization: `Bearer ${key}`, 'idempotency-key': 'k'.repeat(rng.pick([1000, 4000])) }),
  (rng, key) => ({ authorization: `Bearer ${key}`, 'idempotency-key': `\u00ff\u00e9 ${rng.word()}` }),
  (rng, key) => ({ authorization: `Bearer ${key}`, 'idempotency-key': `fuzz-${rng.int(5)}` }),
  (rng, key) => ({ authorization: `Bearer ${key}`, 'stripe-version': rng.pick(['2019-2-19', '', 'latest', '2026-10-28', '2026-10-28.endive ', '\u00ff', 'x'.repeat(5000)]) }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': 'text/plain' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': 'multipart/form-data; boundary=x' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-16' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': '' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-type': ';;;' }),
  (_rng, key) => ({ authorization: `Bearer ${key}`, 'content-encoding': 'gzip' }),
];

function generate(rng: Rng, endpoints: Endpoint[], ids: Ids, key: string): Sent {
  const ep = rng.pick(endpoints);
  let path = ep.path;
  if (path.includes('{id}')) path = path.replace('{id}', ids[ep.resource] && rng.chance(0.5) ? ids[ep.resource]! : rng.pick(BOGUS_IDS));
  const bases = [VALID_CREATE[ep.resource], ...(RICH_BASES[ep.resource] ?? [])];
  const base = ep.method === 'POST' && !ep.path.includes('{id}') && rng.chance(0.7) ? [rng.pick(bases)(ids)] : [];
  const pairs = [...base, ...mutatePairs(rng, ep.fields)];
  // Ids of the wrong type (or the right one) where references go.
  const known = Object.values(ids);
  if (known.length > 0 && rng.chance(0.2)) pairs.push(`${rng.pick(ep.fields.length ? ep.fields : ['x'])}=${rng.pick(known)}`);
  // Shuffle a little, so a valid base is not always first.
  if (rng.chance(0.3)) pairs.reverse();
  let form = pairs.join('&');
  let headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (rng.chance(0.15)) headers = rng.pick(BAD_HEADERS)(rng, key);
  let body: Buffer | undefined;
  if (ep.method === 'POST') {
    if (!('content-type' in headers)) headers['content-type'] = 'application/x-www-form-urlencoded';
    body = rng.chance(0.05) ? rng.bytes(1 + rng.int(2000)) : Buffer.from(form, 'latin1');
    if (rng.chance(0.03)) body = Buffer.concat([Buffer.from('description='), Buffer.alloc(1024 * 1024, 0x61)]);
    if (rng.chance(0.05)) path += `?${urlSafe(mutatePairs(rng, ep.fields).join('&').slice(0, 9_000))}`;
  } else {
    // Node refuses request heads over 16 KiB before any route runs ("malformed HTTP" below covers that).
    if (form.length > 9_000) form = form.slice(0, 9_000);
    if (form) path += `?${urlSafe(form)}`;
    if (rng.chance(0.05)) {
      headers['content-type'] = rng.pick(['application/x-www-form-urlencoded', 'text/plain']);
      body = Buffer.from(mutatePairs(rng, ep.fields).join('&'));
    }
  }
  if (body) headers['content-length'] = String(body.length);
  if (path.length > 9_000) path = path.slice(0, 9_000);
  return { template: ep.path, method: ep.method, path, headers, body };
}

function describeReq(req: Sent): string {
  const body = req.body ? ` body(${req.body.length})=${JSON.stringify(req.body.subarray(0, 160).toString('latin1'))}` : '';
  const hdrs = Object.entries(req.headers)
    .filter(([k]) => k !== 'content-length')
    .map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 60)}...(${v.length})` : v}`)
    .join('; ');
  return `${req.method} ${req.path.length > 200 ? `${req.path.slice(0, 200)}...(${req.path.length})` : req.path} [${hdrs}]${body}`;
}

/** Runs `cases` generated requests, 8 at a time; returns the distinct failures. */
async function fuzz(server: TestServer, rng: Rng, endpoints: Endpoint[], ids: Ids, key: string, cases: number): Promise<string[]> {
  const failures = new Map<string, string>();
  const queue = Array.from({ length: cases }, () => generate(rng, endpoints, ids, key));
  const worker = async () => {
    for (let req = queue.shift(); req; req = queue.shift()) {
      let got: Got;
      try {
        got = await send(server.port, req);
      } catch (err) {
        failures.set(`transport ${(err as Error).message}`, `transport error ${(err as Error).message}\n    request: ${describeReq(req)}`);
        continue;
      }
      if (STATS) {
        let m = '';
        try {
          m = JSON.parse(got.text)?.error?.message?.replace(/[0-9]+|'[^']*'|: .*$/g, '#').slice(0, 70) ?? 'ok';
        } catch {
          m = 'not json';
        }
        const k = `${got.status} ${m}`;
        STATS.set(k, (STATS.get(k) ?? 0) + 1);
      }
      const p = problem(got);
      if (p) {
        // One failure per (problem, endpoint, status, what answered): a bug shows once, with one request to replay it.
        let what = '';
        try {
          const j = JSON.parse(got.text);
          what = j?.code ?? j?.error?.code ?? j?.error?.type ?? (typeof j?.error === 'string' ? j.error : '');
        } catch {
          what = got.text.slice(0, 40);
        }
        const signature = `${p} <- ${req.method} ${req.template}: ${got.status} ${what} ${got.text.slice(0, 160)}`;
        const key = `${p}|${req.method} ${req.template}|${got.status}|${what}`;
        if (!failures.has(key)) failures.set(key, `${signature}\n    request: ${describeReq(req)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return [...failures.values()];
}

// ---------------------------------------------------------------------------
let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (STATS) console.log([...STATS].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(6)} ${k}`).join('\n'));
  agent.destroy();
  await server.close();
});

async function post(key: string, path: string, body: string) {
  return server.http('POST', path, { key, body });
}

/** Creates one object per resource this resource depends on; the ids that exist. */
async function setup(key: string, resource: Resource): Promise<Ids> {
  const ids: Ids = {};
  const needs: Resource[] = resource === 'prices' ? ['products', 'prices'] : resource === 'invoiceitems' ? ['customers', 'invoiceitems'] : [resource];
  for (const r of needs) {
    const res = await post(key, `/v1/${r}`, VALID_CREATE[r](ids));
    assert.equal(res.status, 200, `setup: POST /v1/${r} ${VALID_CREATE[r](ids)} -> ${res.status} ${res.text}`);
    ids[r] = res.json.id;
  }
  // Everything else too, when it exists, so references can point at real objects of every type.
  for (const r of ['customers', 'products', 'prices', 'tax_rates', 'coupons'] as Resource[]) {
    if (ids[r]) continue;
    const res = await post(key, `/v1/${r}`, VALID_CREATE[r](ids));
    if (res.status === 200) ids[r] = res.json.id;
  }
  return ids;
}

describe(`fuzz (seed ${SEED}, ${CASES_PER_RESOURCE} cases per resource)`, () => {
  RESOURCES.forEach((resource, i) => {
    test(`${resource}: malformed requests never give a 5xx or a non-Stripe error`, async () => {
      const key = newKey();
      const ids = await setup(key, resource);
      const rng = prng(SEED + i);
      const failures = await fuzz(server, rng, ENDPOINTS.filter((e) => e.resource === resource), ids, key, CASES_PER_RESOURCE);
      if (failures.length > 0) assert.fail(`FUZZ_SEED=${SEED}: ${failures.length} distinct failures:\n${failures.join('\n')}`);
      // Still answers a normal create, and reads it back.
      const again = await post(key, `/v1/${resource}`, VALID_CREATE[resource](ids));
      assert.equal(again.status, 200, again.text);
      const got = await server.http('GET', `/v1/${resource}/${encodeURIComponent(again.json.id)}`, { key });
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.json, again.json);
    });
  });

  test('nothing leaked onto Object.prototype', () => {
    const probe: Record<string, unknown> = {};
    assert.equal(probe.polluted, undefined);
    assert.deepEqual(Object.keys(Object.prototype), []);
  });

  test('the server still answers a normal customer create through the SDK', async () => {
    const stripe = server.stripe(newKey());
    const c = await stripe.customers.create({ name: 'After fuzz', metadata: { ok: 'yes' } });
    assert.equal(c.name, 'After fuzz');
    assert.deepEqual((await stripe.customers.list()).data.map((x) => x.id), [c.id]);
  });
});

// Requests that are malformed at the HTTP level, sent over a bare socket: the
// framework answers these before any route, and must still speak Stripe.
describe('malformed HTTP', () => {
  const key = 'sk_test_rawhttp';
  const head = (line: string | Buffer, extra = ''): Buffer =>
    Buffer.concat([
      Buffer.isBuffer(line) ? line : Buffer.from(line, 'latin1'),
      Buffer.from(`\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n${extra}Connection: close\r\n\r\n`, 'latin1'),
    ]);
  const cases: [string, Buffer][] = [
    ['invalid percent-encoding in a path id', head('GET /v1/customers/%E0%A4%A HTTP/1.1')],
    ['%FF in a path id', head('GET /v1/customers/%FF HTTP/1.1')],
    ['raw high bytes in the path', head(Buffer.concat([Buffer.from('GET /v1/customers/'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1')]))],
    ['a garbage request line', Buffer.from('GARBAGE\r\n\r\n')],
    ['headers over 16 KiB', head('POST /v1/customers HTTP/1.1', `Idempotency-Key: ${'k'.repeat(20_000)}\r\nContent-Length: 0\r\n`)],
    ['a query string over 16 KiB', head(`GET /v1/customers?email=${'x'.repeat(20_000)} HTTP/1.1`)],
    ['a path id over 5000 characters', head(`GET /v1/customers/cus_${'x'.repeat(6000)} HTTP/1.1`)],
    ['a broken chunked body', Buffer.concat([head('POST /v1/customers HTTP/1.1', 'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n'), Buffer.from('zz\r\n')])],
    ['invalid UTF-8 in a header value', head('GET /v1/customers HTTP/1.1', `Stripe-Version: ${Buffer.from([0xc3, 0x28]).toString('latin1')}\r\n`)],
  ];

  function raw(bytes: Buffer): Promise<string> {
    return new Promise((resolve) => {
      const sock = net.connect(server.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      sock.setTimeout(5000, () => sock.destroy());
      sock.on('data', (c) => chunks.push(c));
      sock.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      sock.on('error', () => undefined);
      sock.end(bytes);
    });
  }

  for (const [name, bytes] of cases) {
    test(`${name}: a Stripe-shaped 4xx`, async () => {
      const text = await raw(bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      assert.ok(status >= 400 && status < 500, `status: ${text.slice(0, 300)}`);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      let json: any;
      assert.doesNotThrow(() => (json = JSON.parse(body)), `not JSON: ${body.slice(0, 200)}`);
      assert.equal(typeof json?.error?.type, 'string', `not a Stripe error: ${body.slice(0, 300)}`);
      assert.equal(typeof json?.error?.message, 'string', `not a Stripe error: ${body.slice(0, 300)}`);
    });
  }
});
