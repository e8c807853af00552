// The search index kept by change (src/search/index-writer.ts) against one rebuilt from the
// objects: after renewals and finalizations fired together in batched units of a test clock's
// advance, and updates that change one searched field, the account's index rows are exactly those
// a full rebuild gives, and searches find the objects in their new states.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { clockedWorld, DAY, T0 } from '../helpers/clocked-world.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { reindexAccount } from '../../src/search/index-writer.ts';
import type { Ctx } from '../../src/http/context.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** Every index row of the account, in one order. */
async function indexRows(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('search_terms' as any)
    .select(['type', 'id', 'seq', 'field', 'value', 'text', 'num'] as any)
    .where('account' as any, '=', ctx.account)
    .execute();
  return rows.map((r: any) => JSON.stringify([r.type, r.id, Number(r.seq), r.field, r.value, r.text, r.num === null ? null : Number(r.num)])).sort();
}

test('after batched renewals, finalizations and one-field updates, the index equals a rebuilt one', async () => {
  const { key, stripe } = server.fresh();
  const { clock, customer, price } = await clockedWorld(stripe, { card: null, name: 'Original Name' });
  const others = [customer];
  for (let i = 0; i < 3; i++) others.push(await stripe.customers.create({ test_clock: clock.id, name: `Clocked ${i}` } as any));
  for (const c of others) await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
  // Every subscription renews at the same instant, and its draft finalizes an hour later: units of several timers.
  await advanceClock(stripe, clock.id, T0 + 32 * DAY);
  await stripe.customers.update(customer.id, { name: 'Renamed Rider', metadata: { plan: 'gold' } });
  const invoices = (await stripe.invoices.list({ customer: customer.id, limit: 10 })).data;
  assert.equal(invoices.length, 2);
  await stripe.invoices.update(invoices[0].id, { metadata: { batch: 'renewals' } });

  const kept = await server.asAccount(key, indexRows);
  const rebuilt = await server.asAccount(key, async (ctx) => {
    await reindexAccount(ctx.db, ctx.account);
    return indexRows(ctx);
  });
  assert.ok(kept.length > 0);
  assert.deepEqual(kept, rebuilt);

  const open = await stripe.invoices.search({ query: `customer:"${customer.id}" AND status:"open"` });
  assert.deepEqual(open.data.map((i) => i.id).sort(), invoices.map((i) => i.id).sort());
  assert.equal((await stripe.invoices.search({ query: 'status:"draft"' })).data.length, 0);
  assert.deepEqual((await stripe.customers.search({ query: 'name:"renamed rider" AND metadata["plan"]:"gold"' })).data.map((c) => c.id), [customer.id]);
  assert.equal((await stripe.customers.search({ query: 'name:"original"' })).data.length, 0);
});
