// A write outside any request (a background job, a test helper) goes through the same
// unit of work as a request's, so it records its events: with no request attached.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { workEnv } from '../../src/app.ts';
import { DEFAULTS } from '../../src/config.ts';
import { LATEST } from '../../src/versions/registry.ts';
import { authenticate } from '../../src/http/auth.ts';
import { inUnitOfWork } from '../../src/work/run.ts';
import { createCustomer, updateCustomer } from '../../src/resources/customers/service.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

test("a background job's write records its events, with no request", async () => {
  const { key, stripe } = server.fresh();
  const env = workEnv(server.store, { apiVersion: DEFAULTS.apiVersion });
  const base = { account: authenticate(`Bearer ${key}`, null), apiVersion: LATEST, requestId: '', idempotencyKey: null, now: Math.floor(Date.now() / 1000) };
  const made = await inUnitOfWork(env, base, async (ctx) => {
    const c = await createCustomer(ctx, { name: 'from a job' });
    return updateCustomer(ctx, c.id, { name: 'renamed by the job' });
  });
  const events = (await stripe.events.list()).data;
  // One unit of work: the customer's first state before and last state after, as for a request.
  assert.deepEqual(events.map((e) => e.type), ['customer.created']);
  assert.equal((events[0].data.object as { id: string; name: string }).id, made.id);
  assert.equal((events[0].data.object as { name: string }).name, 'renamed by the job');
  assert.deepEqual(events[0].request, { id: null, idempotency_key: null });
});

test('a job whose unit of work fails records nothing', async () => {
  const { key, stripe } = server.fresh();
  const env = workEnv(server.store, { apiVersion: DEFAULTS.apiVersion });
  const base = { account: authenticate(`Bearer ${key}`, null), apiVersion: LATEST, requestId: '', idempotencyKey: null, now: Math.floor(Date.now() / 1000) };
  await assert.rejects(
    inUnitOfWork(env, base, async (ctx) => {
      await createCustomer(ctx, { name: 'rolled back' });
      throw new Error('the job failed');
    }),
    /the job failed/,
  );
  assert.deepEqual((await stripe.events.list()).data, []);
  assert.deepEqual((await stripe.customers.list()).data, []);
});
