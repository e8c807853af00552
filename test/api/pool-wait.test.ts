// PostgreSQL: more requests under way than pooled connections. While every connection of the
// pool is held by a request waiting on a lock, the next request waits in the pool's queue for
// the connect timeout and is answered 503 with Stripe-Should-Retry, saying that it waited for a
// busy connection (not that the database could not be reached, which is another failure).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { createSchema, newKey } from '../helpers/server.ts';
import { NEEDS_PG, PG_URL } from '../helpers/processes.ts';

const skip = PG_URL ? false : NEEDS_PG;
/** The pool's size (store/db.ts). */
const POOL = 10;

let schema: { url: string; drop(): Promise<void> };
let store: Store;
let app: FastifyInstance;
let base: string;
const key = newKey();

const call = async (method: string, path: string, body?: string) => {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
};

before(async () => {
  if (skip) return;
  schema = await createSchema(PG_URL!);
  // One second in the pool's queue; statements may wait far longer on the lock.
  store = await openStore(schema.url, { connectTimeout: 1, statementTimeout: 60 });
  app = buildApp({ store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

after(async () => {
  if (skip) return;
  await app.close();
  await store.close();
  await schema.drop();
});

test('a request that waits for a pooled connection past the connect timeout gets a 503 saying so', { skip }, async () => {
  await call('POST', '/v1/customers', 'name=First');
  const locker = new pg.Client({ connectionString: schema.url });
  const monitor = new pg.Client({ connectionString: schema.url });
  await locker.connect();
  await monitor.connect();
  try {
    // Writes to objects wait on this lock, each holding its pooled connection; plain reads still pass.
    await locker.query('begin');
    await locker.query('lock table objects in exclusive mode');
    const held = Array.from({ length: POOL }, (_, i) => call('POST', '/v1/customers', `name=Held+${i}`));
    // Every connection of the pool is checked out by a request waiting on the lock.
    for (let i = 0; ; i++) {
      // Not from the locker: inside its transaction, pg_stat_activity stays the snapshot it first read.
      const { rows } = await monitor.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
      if (rows[0].n >= POOL) break;
      assert.ok(i < 600, `only ${rows[0].n} requests hold a connection`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const waited = await call('GET', '/v1/customers?limit=1');
    assert.equal(waited.status, 503);
    assert.equal(waited.headers.get('stripe-should-retry'), 'true');
    assert.equal(waited.json.error.type, 'api_error');
    assert.match(waited.json.error.message, /waited 1 s for one of its 10 database connections, all busy with other requests/);
    assert.doesNotMatch(waited.json.error.message, /could not be reached/);
    await locker.query('commit');
    // The requests that held the connections finish once the lock is gone.
    for (const r of await Promise.all(held)) assert.equal(r.status, 200);
    assert.equal((await call('GET', '/v1/customers?limit=1')).status, 200);
  } finally {
    await locker.end();
    await monitor.end();
  }
});
