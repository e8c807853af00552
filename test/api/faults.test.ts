// Fault injection for clients' retry logic: rules set over /_invoicekit/faults make matching
// requests fail (429, 500, 503, a delay, a dropped connection), before the request runs or
// after it committed. The official SDK with maxNetworkRetries and idempotency keys must end
// with exactly one object whatever fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function setFaults(key: string, rules: object[]): Promise<any> {
  const res = await server.http('POST', '/_invoicekit/faults', { key, body: JSON.stringify({ rules }), headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** A client that retries quickly, as an application configured for retries would. */
function retrying(key: string): Stripe {
  return server.stripe(key, { maxNetworkRetries: 3 });
}

for (const fault of ['api_error', 'unavailable', 'drop'] as const) {
  test(`${fault} after the request committed: the SDK's retry replays it, one customer exists`, async () => {
    const { key } = server.fresh();
    await setFaults(key, [{ method: 'POST', path: '/v1/customers', fault, when: 'after', count: 2 }]);
    const customer = await retrying(key).customers.create({ name: `retried ${fault}` });
    assert.equal(customer.name, `retried ${fault}`);
    const all = await server.stripe(key).customers.list();
    assert.deepEqual(all.data.map((c) => c.id), [customer.id]);
    const rules = (await server.http('GET', '/_invoicekit/faults', { key })).json.data;
    assert.deepEqual(rules, [], 'a rule with a count is gone once used up');
  });
}

test('a fault before the request runs, with an explicit idempotency key: one customer, same answer on replay', async () => {
  const { key } = server.fresh();
  await setFaults(key, [{ method: 'POST', path: '/v1/customers*', fault: 'api_error', count: 1 }]);
  const stripe = retrying(key);
  const first = await stripe.customers.create({ name: 'once' }, { idempotencyKey: 'create-once' });
  const again = await stripe.customers.create({ name: 'once' }, { idempotencyKey: 'create-once' });
  assert.equal(again.id, first.id);
  assert.equal((await stripe.customers.list()).data.length, 1);
});

test('rate_limit is a 429 the SDK raises as StripeRateLimitError (it does not retry 429s), and nothing is created', async () => {
  const { key } = server.fresh();
  await setFaults(key, [{ path: '/v1/customers', fault: 'rate_limit', count: 1 }]);
  await assert.rejects(retrying(key).customers.create({ name: 'limited' }), (err: any) => {
    assert.equal(err.type, 'StripeRateLimitError');
    assert.equal(err.statusCode, 429);
    assert.equal(err.code, 'rate_limit');
    return true;
  });
  assert.equal((await server.stripe(key).customers.list()).data.length, 0);
  assert.equal((await server.stripe(key).customers.create({ name: 'next one passes' })).name, 'next one passes');
});

test('a delay holds the request and then answers it; probability 1 and a method filter', async () => {
  const { key } = server.fresh();
  await setFaults(key, [{ method: 'GET', path: '/v1/customers', fault: 'delay', delay_ms: 50, probability: 1, count: 1 }]);
  const res = await server.http('GET', '/v1/customers', { key });
  assert.equal(res.status, 200);
  const created = await server.http('POST', '/v1/customers', { key, body: 'name=x' });
  assert.equal(created.status, 200, 'POST is not matched by a GET rule');
});

test('rules belong to the account that set them; GET lists them and DELETE removes them', async () => {
  const a = server.fresh();
  const b = server.fresh();
  const set = await setFaults(a.key, [{ path: '*', fault: 'unavailable' }]);
  assert.equal(set.data.length, 1);
  assert.equal(set.data[0].fault, 'unavailable');
  assert.equal((await server.http('GET', '/v1/customers', { key: a.key })).status, 503);
  assert.equal((await server.http('GET', '/v1/customers', { key: b.key })).status, 200, 'another account is not affected');
  assert.equal((await server.http('GET', '/_invoicekit/faults', { key: b.key })).json.data.length, 0);
  const cleared = await server.http('DELETE', '/_invoicekit/faults', { key: a.key });
  assert.equal(cleared.json.removed, 1);
  assert.equal((await server.http('GET', '/v1/customers', { key: a.key })).status, 200);
});

test('malformed rules are 400s naming the problem', async () => {
  const { key } = server.fresh();
  for (const [rule, message] of [
    [{ path: '/v1/x', fault: 'explode' }, 'fault must be one of'],
    [{ path: 'v1', fault: 'drop' }, 'path must start with /'],
    [{ fault: 'delay' }, 'delay_ms'],
    [{ fault: 'drop', count: 0 }, 'count'],
    [{ fault: 'drop', probability: 2 }, 'probability'],
    [{ fault: 'drop', colour: 'red' }, 'unknown rule field'],
  ] as const) {
    const res = await server.http('POST', '/_invoicekit/faults', { key, body: JSON.stringify({ rules: [rule] }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400, res.text);
    assert.ok(res.json.error.message.includes(message), `${res.json.error.message} should mention ${message}`);
  }
  assert.equal((await server.http('GET', '/_invoicekit/faults', { key })).json.data.length, 0);
});
