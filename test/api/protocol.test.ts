// Wire-level behaviour of the Stripe protocol, through raw HTTP (and the SDK
// where the client's view matters): auth, request ids, routing errors, body
// handling, params, expand, lists, metadata, idempotency, API versions.
// Everything uses customers, except the tests marked [invoiceitems].
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startServer, newKey, type TestServer, type RawResponse, form } from '../helpers/server.ts';
import { LATEST } from '../../src/versions/registry.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const REQUEST_ID = /^req_[A-Za-z0-9]{14}$/;
const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
const HELP = 'Please see https://stripe.com/docs or we can help at https://support.stripe.com/.';
const TRAILING_SLASH_HINT =
  'If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code.';

/** A Stripe error body: `{ error: { type, message, ... } }`, with the status and any fields given. */
function assertError(res: RawResponse, status: number, fields: Record<string, unknown>): void {
  assert.equal(res.status, status, `status ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(res.json && typeof res.json.error === 'object', `not an error body: ${res.text}`);
  assert.equal(typeof res.json.error.message, 'string');
  assert.equal(typeof res.json.error.type, 'string');
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof RegExp) assert.match(String(res.json.error[k]), v, `error.${k}`);
    else assert.deepEqual(res.json.error[k], v, `error.${k}`);
  }
}

const basic = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function createCustomer(key: string, body = 'name=x'): Promise<any> {
  const res = await server.http('POST', '/v1/customers', { key, body });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

async function countCustomers(key: string): Promise<number> {
  const res = await server.http('GET', '/v1/customers?limit=100', { key });
  assert.equal(res.status, 200, res.text);
  return res.json.data.length;
}

describe('authentication', () => {
  test('no key: 401 with Stripe message and www-authenticate', async () => {
    const res = await server.http('GET', '/v1/customers', { key: null });
    assertError(res, 401, { type: 'invalid_request_error', message: NO_KEY_MESSAGE });
    assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Stripe"');
    assert.equal(res.json.error.code, undefined);
  });

  test('empty Bearer and empty Basic user are "no key"', async () => {
    for (const authorization of ['Bearer ', basic('')]) {
      const res = await server.http('GET', '/v1/customers', { key: null, headers: { authorization } });
      assertError(res, 401, { message: NO_KEY_MESSAGE });
    }
  });

  test('malformed key: 401 with the key masked', async () => {
    const res = await server.http('GET', '/v1/customers', { key: 'sk_test_bad-key-1234' });
    assertError(res, 401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_********1234' });
    assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Stripe"');
    const live = await server.http('GET', '/v1/customers', { key: 'sk_live_abcdefghijklmnop' });
    assertError(live, 401, { message: 'Invalid API Key provided: sk_live_************mnop' });
    const junk = await server.http('GET', '/v1/customers', { key: 'not-a-key-at-all' });
    assertError(junk, 401, { message: /^Invalid API Key provided: \*+-all$/ });
    assert.ok(!junk.text.includes('not-a-key'), 'the key is never echoed in full');
  });

  test('a key containing a space gets Stripe\'s space message', async () => {
    const res = await server.http('GET', '/v1/customers', { key: null, headers: { authorization: basic('sk_test_abc def') } });
    assertError(res, 401, {
      message:
        'Invalid API Key provided: nil. This key contains at least one space. Please delete the spaces and try again. If you have any questions, we can help at https://support.stripe.com/.',
    });
  });

  test('the SDK sees a bad key as StripeAuthenticationError', async () => {
    const stripe = server.stripe('sk_test_bad-key-1234');
    await assert.rejects(stripe.customers.list(), (e: any) => {
      assert.equal(e.type, 'StripeAuthenticationError');
      assert.equal(e.statusCode, 401);
      assert.equal(e.message, 'Invalid API Key provided: sk_test_********1234');
      return true;
    });
  });

  test('Basic and Bearer both work and open the same account', async () => {
    const key = newKey();
    const c = await createCustomer(key);
    const viaBearer = await server.http('GET', `/v1/customers/${c.id}`, { key: null, headers: { authorization: `Bearer ${key}` } });
    assert.equal(viaBearer.status, 200, viaBearer.text);
    const viaBasic = await server.http('GET', `/v1/customers/${c.id}`, { key: null, headers: { authorization: basic(key) } });
    assert.equal(viaBasic.status, 200, viaBasic.text);
    assert.deepEqual(viaBasic.json, viaBearer.json);
    // Basic with only the user name (no colon) is still the key.
    const bare = await server.http('GET', `/v1/customers/${c.id}`, {
      key: null,
      headers: { authorization: `Basic ${Buffer.from(key).toString('base64')}` },
    });
    assert.equal(bare.status, 200, bare.text);
  });

  test('two keys never see each other\'s objects', async () => {
    const a = newKey();
    const b = newKey();
    const c = await createCustomer(a, 'email=secret%40example.com');
    const get = await server.http('GET', `/v1/customers/${c.id}`, { key: b });
    assertError(get, 404, { code: 'resource_missing', param: 'id', message: `No such customer: '${c.id}'` });
    const upd = await server.http('POST', `/v1/customers/${c.id}`, { key: b, body: 'name=stolen' });
    assertError(upd, 404, { code: 'resource_missing' });
    const del = await server.http('DELETE', `/v1/customers/${c.id}`, { key: b });
    assertError(del, 404, { code: 'resource_missing' });
    const list = await server.http('GET', '/v1/customers?email=secret%40example.com', { key: b });
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.data, []);
    const cursor = await server.http('GET', `/v1/customers?starting_after=${c.id}`, { key: b });
    assertError(cursor, 400, { code: 'resource_missing', param: 'starting_after' });
    // And A still sees it, unchanged.
    const mine = await server.http('GET', `/v1/customers/${c.id}`, { key: a });
    assert.deepEqual(mine.json, c);
  });

  test('the same through the SDK', async () => {
    const a = server.stripe(newKey());
    const b = server.stripe(newKey());
    const c = await a.customers.create({ name: 'only A' });
    await assert.rejects(b.customers.retrieve(c.id), (e: any) => e.statusCode === 404 && e.code === 'resource_missing');
    assert.deepEqual((await b.customers.list()).data, []);
    assert.equal((await a.customers.list()).data[0].id, c.id);
  });

  test('--api-keys mode accepts only the listed keys', async () => {
    const allowed = ['sk_test_allowed_one', 'sk_test_allowed_two'];
    const locked = await startServer({ apiKeys: allowed });
    try {
      for (const key of allowed) {
        const res = await locked.http('POST', '/v1/customers', { key, body: 'name=ok' });
        assert.equal(res.status, 200, res.text);
      }
      const other = await locked.http('GET', '/v1/customers', { key: 'sk_test_somebodyelse' });
      assertError(other, 401, { message: 'Invalid API Key provided: sk_test_********else' });
      const none = await locked.http('GET', '/v1/customers', { key: null });
      assertError(none, 401, { message: NO_KEY_MESSAGE });
      // The listed keys are still separate accounts.
      const one = await locked.http('GET', '/v1/customers', { key: allowed[0] });
      const two = await locked.http('GET', '/v1/customers', { key: allowed[1] });
      assert.equal(one.json.data.length, 1);
      assert.equal(two.json.data.length, 1);
      assert.notEqual(one.json.data[0].id, two.json.data[0].id);
    } finally {
      await locked.close();
    }
  });
});

describe('request ids', () => {
  test('every response carries Request-Id req_ + 14 alphanumerics, all different', async () => {
    const c = await createCustomer(newKey());
    const responses = await Promise.all([
      server.http('GET', '/v1/customers'),
      server.http('GET', '/v1/customers', { key: null }),
      server.http('GET', '/v1/customers', { key: 'sk_test_bad-key' }),
      server.http('GET', '/v1/nope'),
      server.http('GET', '/v1/customers/cus_nope'),
      server.http('GET', `/v1/customers/${c.id}`),
      server.http('POST', '/v1/customers', { body: 'foo=bar' }),
      server.http('POST', '/v1/customers', { body: 'x', headers: { 'content-type': 'text/plain' } }),
      server.http('PUT', '/v1/customers'),
      server.http('GET', '/healthz', { key: null }),
      server.http('POST', '/v1/customers', { body: 'a='.padEnd(1024 * 1024 + 10, 'x') }),
    ]);
    const ids = new Set<string>();
    for (const res of responses) {
      const id = res.headers.get('request-id') ?? '';
      assert.match(id, REQUEST_ID, `status ${res.status} ${res.text.slice(0, 100)}`);
      ids.add(id);
    }
    assert.equal(ids.size, responses.length);
  });

  test('the SDK exposes it as lastResponse.requestId', async () => {
    const c = await server.stripe().customers.create();
    assert.match(c.lastResponse.requestId, REQUEST_ID);
  });
});

describe('routing', () => {
  test('unknown path: 404 with the short message', async () => {
    const res = await server.http('GET', '/v1/nope');
    assertError(res, 404, { type: 'invalid_request_error', message: `Unrecognized request URL (GET: /v1/nope). ${HELP}` });
    assert.equal(res.json.error.code, undefined);
    assert.equal(res.json.error.param, undefined);
  });

  test('the query string is not part of the echoed path', async () => {
    const res = await server.http('GET', '/v1/nope?limit=3');
    assertError(res, 404, { message: `Unrecognized request URL (GET: /v1/nope). ${HELP}` });
  });

  test('trailing slash: 404 with the long message', async () => {
    for (const [method, path] of [
      ['GET', '/v1/customers/'],
      ['POST', '/v1/customers/'],
      ['GET', '/'],
    ] as const) {
      const res = await server.http(method, path, method === 'POST' ? { body: 'name=x' } : {});
      assertError(res, 404, { message: `Unrecognized request URL (${method}: ${path}). ${TRAILING_SLASH_HINT} ${HELP}` });
    }
  });

  test('a known path with the wrong method gives the same 404', async () => {
    for (const [method, path] of [
      ['PUT', '/v1/customers'],
      ['DELETE', '/v1/customers'],
      ['PATCH', '/v1/customers/cus_123'],
      ['PUT', '/v1/customers/cus_123'],
    ] as const) {
      const res = await server.http(method, path);
      assertError(res, 404, { message: `Unrecognized request URL (${method}: ${path}). ${HELP}` });
    }
  });

  test('an unknown path without a key is still a 404, not a 401', async () => {
    const res = await server.http('GET', '/v1/nope', { key: null });
    assertError(res, 404, { message: `Unrecognized request URL (GET: /v1/nope). ${HELP}` });
  });

  test('GET /healthz answers 200 without auth', async () => {
    const res = await server.http('GET', '/healthz', { key: null });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  });

  test('responses are application/json and livemode is false', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'name=x' });
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.json.livemode, false);
    const list = await server.http('GET', '/v1/customers?limit=1');
    assert.equal(list.json.data[0].livemode, false);
  });
});

describe('request bodies', () => {
  test('unsupported Content-Type: 400 with Stripe message', async () => {
    const res = await server.http('POST', '/v1/customers', {
      body: 'name=x',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    assertError(res, 400, {
      type: 'invalid_request_error',
      message:
        'Invalid request: unsupported Content-Type text/plain; charset=utf-8. If error persists and you need assistance, please contact support@stripe.com.',
    });
    const json = await server.http('POST', '/v1/customers', { body: '{"name":"x"}', headers: { 'content-type': 'application/json' } });
    assertError(json, 400, { message: /^Invalid request: unsupported Content-Type application\/json\. / });
  });

  test('form Content-Type with a charset is accepted', async () => {
    const res = await server.http('POST', '/v1/customers', {
      body: 'name=J%C3%BCrgen',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.name, 'Jürgen');
  });

  test('a POST without a body is an empty create', async () => {
    const res = await server.http('POST', '/v1/customers');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.object, 'customer');
  });

  test('body over 1 MiB: 413 JSON', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'description='.padEnd(1024 * 1024 + 1, 'x') });
    assertError(res, 413, { type: 'invalid_request_error' });
  });

  test('a body just under 1 MiB is parsed (and then validated)', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'description='.padEnd(1024 * 1024 - 10, 'x') });
    assertError(res, 400, { param: 'description', message: /must be at most 5000 characters$/ });
  });

  test('brackets may be percent-encoded or not', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'metadata%5Ba%5D=1&metadata[b]=2' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.metadata, { a: '1', b: '2' });
  });
});

describe('params', () => {
  test('unknown param: parameter_unknown naming it', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'foo=bar' });
    assertError(res, 400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'foo',
      message: 'Received unknown parameter: foo',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
    });
  });

  test('unknown param in a query string too', async () => {
    const res = await server.http('GET', '/v1/customers?foo=bar');
    assertError(res, 400, { code: 'parameter_unknown', param: 'foo', message: 'Received unknown parameter: foo' });
    const key = newKey();
    const c = await createCustomer(key);
    const one = await server.http('GET', `/v1/customers/${c.id}?foo=bar`, { key });
    assertError(one, 400, { code: 'parameter_unknown', param: 'foo' });
  });

  test('nested unknown param names the bracket path', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'address[city]=Berlin&address[foo]=1' });
    assertError(res, 400, { code: 'parameter_unknown', param: 'address[foo]', message: 'Received unknown parameter: address[foo]' });
  });

  test('the SDK surfaces param errors as StripeInvalidRequestError', async () => {
    await assert.rejects(server.stripe().customers.create({ foo: 'bar' } as any), (e: any) => {
      assert.equal(e.type, 'StripeInvalidRequestError');
      assert.equal(e.statusCode, 400);
      assert.equal(e.param, 'foo');
      assert.equal(e.code, 'parameter_unknown');
      assert.match(e.requestId, REQUEST_ID);
      return true;
    });
  });
});

describe('expand', () => {
  test('expand[]=x and expand[0]=x are both read as a list', async () => {
    const key = newKey();
    const c = await createCustomer(key);
    for (const q of ['expand[]=x', 'expand[0]=x', 'expand%5B%5D=x', 'expand%5B0%5D=x']) {
      const res = await server.http('GET', `/v1/customers/${c.id}?${q}`, { key });
      assertError(res, 400, { param: 'expand', message: 'This property cannot be expanded (x).' });
    }
  });

  test('expand as a scalar is an invalid array', async () => {
    const res = await server.http('GET', '/v1/customers?expand=data.x');
    assertError(res, 400, { param: 'expand', message: 'Invalid array' });
  });

  test('an expandable field that is null is accepted (customer test_clock, default_source)', async () => {
    const key = newKey();
    const c = await createCustomer(key);
    for (const field of ['test_clock', 'default_source']) {
      const res = await server.http('GET', `/v1/customers/${c.id}?expand[]=${field}`, { key });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json[field], null);
    }
  });

  test('bad expand path on create too, and nothing is created', async () => {
    const key = newKey();
    const res = await server.http('POST', '/v1/customers', { key, body: 'name=x&expand[0]=nope' });
    assertError(res, 400, { message: 'This property cannot be expanded (nope).' });
    assert.equal(await countCustomers(key), 0);
  });

  test('more than 4 levels: the depth message', async () => {
    const res = await server.http('GET', '/v1/customers?expand[]=data.a.b.c.d');
    assertError(res, 400, { message: 'You cannot expand more than 4 levels of a property.' });
  });

  test('a list expansion without data. gets the hint', async () => {
    const res = await server.http('GET', '/v1/customers?expand[]=x');
    assertError(res, 400, {
      message: "This property cannot be expanded (x). You may want to try expanding 'data.x' instead.",
    });
  });

  test('[invoiceitems] expand[]=customer and expand[0]=customer both expand', async () => {
    const key = newKey();
    const c = await createCustomer(key);
    const ii = await server.http('POST', '/v1/invoiceitems', { key, body: form({ customer: c.id, amount: '500', currency: 'usd' }) });
    assert.equal(ii.status, 200, ii.text);
    assert.equal(ii.json.customer, c.id);
    // The item may change the customer (its currency): expand must show it as it is now.
    const customer = (await server.http('GET', `/v1/customers/${c.id}`, { key })).json;
    for (const q of ['expand[]=customer', 'expand[0]=customer']) {
      const res = await server.http('GET', `/v1/invoiceitems/${ii.json.id}?${q}`, { key });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.customer, customer);
    }
    const list = await server.http('GET', '/v1/invoiceitems?expand[]=data.customer', { key });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.data[0].customer, customer);
    const hint = await server.http('GET', '/v1/invoiceitems?expand[]=customer', { key });
    assertError(hint, 400, {
      message: "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead.",
    });
    const sdk = await server.stripe(key).invoiceItems.retrieve(ii.json.id, { expand: ['customer'] });
    assert.equal((sdk.customer as Stripe.Customer).id, c.id);
  });
});

describe('lists', () => {
  test('limit 0, 101 and abc are rejected naming limit', async () => {
    const zero = await server.http('GET', '/v1/customers?limit=0');
    assertError(zero, 400, { param: 'limit', message: /1/ });
    const big = await server.http('GET', '/v1/customers?limit=101');
    assertError(big, 400, { param: 'limit', message: /100/ });
    const abc = await server.http('GET', '/v1/customers?limit=abc');
    assertError(abc, 400, { param: 'limit', code: 'parameter_invalid_integer', message: 'Invalid integer: abc' });
    const empty = await server.http('GET', '/v1/customers?limit=');
    assertError(empty, 400, { param: 'limit' });
  });

  test('limit 1 and 100 are fine', async () => {
    for (const limit of [1, 100]) {
      const res = await server.http('GET', `/v1/customers?limit=${limit}`);
      assert.equal(res.status, 200, res.text);
    }
  });

  test('both cursors: Stripe message', async () => {
    const key = newKey();
    const a = await createCustomer(key);
    const b = await createCustomer(key);
    const res = await server.http('GET', `/v1/customers?starting_after=${a.id}&ending_before=${b.id}`, { key });
    assertError(res, 400, { message: 'Received both starting_after and ending_before parameters. Please pass in only one.' });
  });

  test('unknown cursor: resource_missing naming the cursor param', async () => {
    const after = await server.http('GET', '/v1/customers?starting_after=cus_doesnotexist');
    assertError(after, 400, {
      code: 'resource_missing',
      param: 'starting_after',
      message: "No such customer: 'cus_doesnotexist'",
    });
    const before = await server.http('GET', '/v1/customers?ending_before=cus_doesnotexist');
    assertError(before, 400, { code: 'resource_missing', param: 'ending_before' });
  });

  test('envelope: object list, url without query, has_more', async () => {
    const key = newKey();
    await createCustomer(key);
    await createCustomer(key);
    const res = await server.http('GET', '/v1/customers?limit=1', { key });
    assert.deepEqual(Object.keys(res.json).sort(), ['data', 'has_more', 'object', 'url']);
    assert.equal(res.json.object, 'list');
    assert.equal(res.json.url, '/v1/customers');
    assert.equal(res.json.has_more, true);
  });

  test('created[gte], created[lt] and exact created=', async () => {
    const key = newKey();
    const a = await createCustomer(key);
    // Objects carry whole seconds: wait for the next one.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const b = await createCustomer(key);
    assert.ok(b.created > a.created, 'created differs');
    const ids = async (q: string) => {
      const res = await server.http('GET', `/v1/customers?${q}`, { key });
      assert.equal(res.status, 200, res.text);
      return res.json.data.map((c: any) => c.id);
    };
    assert.deepEqual(await ids(`created[gte]=${b.created}`), [b.id]);
    assert.deepEqual(await ids(`created[gt]=${a.created}`), [b.id]);
    assert.deepEqual(await ids(`created[lt]=${b.created}`), [a.id]);
    assert.deepEqual(await ids(`created[lte]=${b.created}`), [b.id, a.id]);
    assert.deepEqual(await ids(`created[gte]=${a.created}&created[lt]=${b.created}`), [a.id]);
    assert.deepEqual(await ids(`created=${a.created}`), [a.id]);
    assert.deepEqual(await ids(`created=${b.created + 1000}`), []);
    const sdk = await server.stripe(key).customers.list({ created: { gte: b.created } });
    assert.deepEqual(sdk.data.map((c) => c.id), [b.id]);
    const bad = await server.http('GET', '/v1/customers?created[gte]=yesterday', { key });
    assertError(bad, 400, { param: 'created[gte]' });
    const unknown = await server.http('GET', '/v1/customers?created[after]=1', { key });
    assertError(unknown, 400, { param: 'created[after]', code: 'parameter_unknown' });
  });
});

describe('metadata', () => {
  const keys = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`metadata[${prefix}${i}]`, 'v']));

  test('50 keys are fine, 51 get Stripe message', async () => {
    const ok = await server.http('POST', '/v1/customers', { body: form(keys(50)) });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(Object.keys(ok.json.metadata).length, 50);
    const res = await server.http('POST', '/v1/customers', { body: form(keys(51)) });
    assertError(res, 400, {
      param: 'metadata',
      message: "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information.",
    });
  });

  test('an update that would make 51 keys is rejected too', async () => {
    const c = (await server.http('POST', '/v1/customers', { body: form(keys(50)) })).json;
    const res = await server.http('POST', `/v1/customers/${c.id}`, { body: 'metadata[one_more]=v' });
    assertError(res, 400, { param: 'metadata', message: /you've set 51/ });
  });

  test('40-char key fine, 41-char key rejected', async () => {
    const ok = await server.http('POST', '/v1/customers', { body: `metadata[${'k'.repeat(40)}]=v` });
    assert.equal(ok.status, 200, ok.text);
    const res = await server.http('POST', '/v1/customers', { body: `metadata[${'k'.repeat(41)}]=v` });
    assertError(res, 400, { param: 'metadata', message: /^Invalid key: k+\.*k* must be a string under 40 characters$/ });
  });

  test('500-char value fine, 501-char value rejected', async () => {
    const ok = await server.http('POST', '/v1/customers', { body: `metadata[k]=${'v'.repeat(500)}` });
    assert.equal(ok.status, 200, ok.text);
    const res = await server.http('POST', '/v1/customers', { body: `metadata[k]=${'v'.repeat(501)}` });
    assertError(res, 400, { param: 'metadata', message: /must be a string under 500 characters$/ });
  });

  test('metadata[k]= removes one key, metadata= clears all', async () => {
    const key = newKey();
    const c = await createCustomer(key, 'metadata[a]=1&metadata[b]=2&metadata[c]=3');
    const one = await server.http('POST', `/v1/customers/${c.id}`, { key, body: 'metadata[a]=&metadata[d]=4' });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json.metadata, { b: '2', c: '3', d: '4' });
    const all = await server.http('POST', `/v1/customers/${c.id}`, { key, body: 'metadata=' });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.json.metadata, {});
    const got = await server.http('GET', `/v1/customers/${c.id}`, { key });
    assert.deepEqual(got.json.metadata, {});
  });

  test('keys named like JavaScript built-ins are ordinary keys; __proto__ is refused, not dropped', async () => {
    const key = newKey();
    const stripe = server.stripe(key);
    const c = await stripe.customers.create({ metadata: { constructor: 'x', toString: 'y', hasOwnProperty: 'z' } });
    assert.deepEqual(c.metadata, { constructor: 'x', toString: 'y', hasOwnProperty: 'z' });
    assert.deepEqual(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).metadata, c.metadata);
    const cleared = await stripe.customers.update(c.id, { metadata: { constructor: '' } });
    assert.deepEqual(cleared.metadata, { toString: 'y', hasOwnProperty: 'z' });
    const unknown = await server.http('POST', '/v1/customers', { key, body: 'constructor=1' });
    assertError(unknown, 400, { param: 'constructor', message: 'Received unknown parameter: constructor' });
    for (const body of ['metadata[__proto__]=v', '__proto__[name]=x', 'name=ok&invoice_settings[__proto__][footer]=f']) {
      const res = await server.http('POST', '/v1/customers', { key, body });
      assertError(res, 400, { message: /__proto__/ });
    }
    assert.equal((await stripe.customers.list({ limit: 100 })).data.length, 1);
  });

  test('a nested value is a type error', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'metadata[a][b]=c' });
    assertError(res, 400, { param: 'metadata', message: /^Invalid value type: .+ must be a string$/ });
    const arr = await server.http('POST', '/v1/customers', { body: 'metadata[a][]=1&metadata[a][]=2' });
    assertError(arr, 400, { param: 'metadata', message: /^Invalid value type: .+ must be a string$/ });
  });

  test('metadata as a non-empty scalar is rejected', async () => {
    const res = await server.http('POST', '/v1/customers', { body: 'metadata=abc' });
    assertError(res, 400, { param: 'metadata' });
  });
});

describe('idempotency', () => {
  test('same key + same params replays the first response and creates nothing', async () => {
    const key = newKey();
    const headers = { 'idempotency-key': 'order-42' };
    const body = 'name=Jenny&metadata[a]=1';
    const first = await server.http('POST', '/v1/customers', { key, body, headers });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(first.headers.get('idempotency-key'), 'order-42');
    const second = await server.http('POST', '/v1/customers', { key, body, headers });
    assert.equal(second.status, 200, second.text);
    assert.equal(second.text, first.text);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.headers.get('original-request'), first.headers.get('request-id'));
    assert.equal(second.headers.get('idempotency-key'), 'order-42');
    assert.match(second.headers.get('request-id') ?? '', REQUEST_ID);
    assert.notEqual(second.headers.get('request-id'), first.headers.get('request-id'));
    assert.equal(await countCustomers(key), 1);
  });

  test('same key + different params: idempotency_error', async () => {
    const key = newKey();
    const headers = { 'idempotency-key': 'k-mismatch' };
    const first = await server.http('POST', '/v1/customers', { key, body: 'name=A', headers });
    assert.equal(first.status, 200);
    const res = await server.http('POST', '/v1/customers', { key, body: 'name=B', headers });
    assertError(res, 400, {
      type: 'idempotency_error',
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k-mismatch' if you meant to execute a different request.",
    });
    assert.equal(await countCustomers(key), 1);
  });

  test('same key on another endpoint: idempotency_error', async () => {
    const key = newKey();
    const headers = { 'idempotency-key': 'k-endpoint' };
    const c = await createCustomer(key);
    assert.equal((await server.http('POST', '/v1/customers', { key, body: 'name=x', headers })).status, 200);
    const res = await server.http('POST', `/v1/customers/${c.id}`, { key, body: 'name=x', headers });
    assertError(res, 400, { type: 'idempotency_error' });
  });

  test('the SDK sees a mismatch as StripeIdempotencyError', async () => {
    const stripe = server.stripe(newKey());
    await stripe.customers.create({ name: 'A' }, { idempotencyKey: 'sdk-key' });
    const again = await stripe.customers.create({ name: 'A' }, { idempotencyKey: 'sdk-key' });
    assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
    await assert.rejects(stripe.customers.create({ name: 'B' }, { idempotencyKey: 'sdk-key' }), (e: any) => {
      assert.equal(e.type, 'StripeIdempotencyError');
      return true;
    });
  });

  test('keys are per account', async () => {
    const a = newKey();
    const b = newKey();
    const headers = { 'idempotency-key': 'shared-key' };
    const ra = await server.http('POST', '/v1/customers', { key: a, body: 'name=A', headers });
    const rb = await server.http('POST', '/v1/customers', { key: b, body: 'name=B', headers });
    assert.equal(ra.status, 200);
    assert.equal(rb.status, 200, rb.text);
    assert.equal(rb.headers.get('idempotent-replayed'), null);
    assert.notEqual(ra.json.id, rb.json.id);
  });

  test('the same params in another order are the same request', async () => {
    const key = newKey();
    const headers = { 'idempotency-key': 'k-order' };
    const first = await server.http('POST', '/v1/customers', { key, body: 'name=A&email=a%40example.com', headers });
    const second = await server.http('POST', '/v1/customers', { key, body: 'email=a%40example.com&name=A', headers });
    assert.equal(second.status, 200, second.text);
    assert.equal(second.json.id, first.json.id);
    assert.equal(await countCustomers(key), 1);
  });

  test('a failed validation is not stored: the key can be reused after fixing the request', async () => {
    const key = newKey();
    const headers = { 'idempotency-key': 'k-retry' };
    const bad = await server.http('POST', '/v1/customers', { key, body: 'foo=1', headers });
    assertError(bad, 400, { code: 'parameter_unknown' });
    const good = await server.http('POST', '/v1/customers', { key, body: 'name=ok', headers });
    assert.equal(good.status, 200, good.text);
    assert.equal(await countCustomers(key), 1);
  });

  test('key over 255 characters: 400; 255 is fine', async () => {
    const key = newKey();
    const ok = await server.http('POST', '/v1/customers', { key, body: 'name=x', headers: { 'idempotency-key': 'k'.repeat(255) } });
    assert.equal(ok.status, 200, ok.text);
    const res = await server.http('POST', '/v1/customers', { key, body: 'name=x', headers: { 'idempotency-key': 'k'.repeat(256) } });
    assertError(res, 400, { type: 'invalid_request_error' });
    assert.equal(await countCustomers(key), 1);
  });

  test('a key on GET is ignored', async () => {
    const headers = { 'idempotency-key': 'get-key' };
    const key = newKey();
    const first = await server.http('GET', '/v1/customers', { key, headers });
    assert.equal(first.status, 200);
    await createCustomer(key);
    const second = await server.http('GET', '/v1/customers', { key, headers });
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), null);
    assert.equal(second.json.data.length, 1);
    // ... and does not poison a later POST with the same key.
    const post = await server.http('POST', '/v1/customers', { key, body: 'name=x', headers });
    assert.equal(post.status, 200, post.text);
    assert.equal(post.headers.get('idempotent-replayed'), null);
  });

  test('[invoiceitems] replaying a create creates one invoice item', async () => {
    const key = newKey();
    const c = await createCustomer(key);
    const body = form({ customer: c.id, amount: '1000', currency: 'usd' });
    const headers = { 'idempotency-key': 'ii-once' };
    const first = await server.http('POST', '/v1/invoiceitems', { key, body, headers });
    assert.equal(first.status, 200, first.text);
    const second = await server.http('POST', '/v1/invoiceitems', { key, body, headers });
    assert.equal(second.text, first.text);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const list = await server.http('GET', '/v1/invoiceitems?limit=100', { key });
    assert.equal(list.json.data.length, 1);
  });
});

describe('API versions', () => {
  test('Stripe-Version is echoed; the default is the latest', async () => {
    // Without the header at all (server.http would add a pinned run's version).
    const none = await fetch(`${server.base}/v1/customers`, { headers: { authorization: `Bearer ${newKey()}` } });
    assert.equal(none.status, 200);
    assert.equal(none.headers.get('stripe-version'), LATEST);
    for (const v of ['2024-06-20', '2025-03-31.basil', LATEST]) {
      const res = await server.http('GET', '/v1/customers', { headers: { 'stripe-version': v } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('stripe-version'), v);
    }
  });

  test("the SDK's pinned version is accepted", async () => {
    // apiVersion undefined: the SDK's own pin, whatever version the run's clients use.
    const c = await server.stripe(undefined, { apiVersion: undefined }).customers.create({ name: 'v' });
    assert.equal(c.lastResponse.apiVersion, Stripe.API_VERSION);
  });

  test('unknown version: 400 echoing the raw value', async () => {
    const res = await server.http('GET', '/v1/customers', { headers: { 'stripe-version': '2019-2-19' } });
    assertError(res, 400, { type: 'invalid_request_error', message: 'Invalid Stripe API version: 2019-2-19' });
    const post = await server.http('POST', '/v1/customers', { body: 'name=x', headers: { 'stripe-version': 'banana' } });
    assertError(post, 400, { message: 'Invalid Stripe API version: banana' });
  });
});
