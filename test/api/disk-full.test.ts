// A full disk on SQLite is an error, not a crash: requests whose writes do not fit get a
// Stripe-shaped 500 api_error (none of them acknowledged), reads keep being served, and writes
// work again as soon as there is room, without a restart. The disk is "filled" with SQLite's
// max_page_count pragma, which makes the same SQLITE_FULL a full file system does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { form, startServer, type TestServer } from '../helpers/server.ts';
import { pool } from '../helpers/processes.ts';

const onPostgres = /^postgres/.test(process.env.TEST_DATABASE_URL ?? '');
const skip = onPostgres ? 'SQLite only (max_page_count)' : false;

let server: TestServer;
before(async () => {
  if (!skip) server = await startServer();
});
after(() => (skip ? undefined : server.close()));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** A customer that takes room: a few pages' worth of metadata. */
const bulky = (i: number) => form({ name: `Full ${i}`, ...Object.fromEntries(range(20).map((k) => [`metadata[k${k}]`, `${i}-${k}-`.padEnd(400, 'x')])) });

describe('SQLite with a full disk', { skip }, () => {
  test('writes fail with 500 api_error, reads go on, writes resume when there is room, nothing acknowledged is lost or doubled', async () => {
    const { key } = server.fresh();
    const sqlite = server.store.sqlite!;
    const post = (i: number) => server.http('POST', '/v1/customers', { key, body: bulky(i), headers: { 'idempotency-key': `full-${key}-${i}` } });
    const before = await pool(range(10), 5, (i) => post(i));
    for (const r of before) assert.equal(r.status, 200, r.text);

    // No room beyond what the file has now.
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${pages}`);
    const during = await pool(range(80).map((i) => i + 10), 8, (i) => post(i));
    const failed = during.filter((r) => r.status !== 200);
    assert.ok(failed.length > 0, 'some writes did not fit');
    for (const r of failed) {
      assert.equal(r.status, 500, r.text);
      assert.equal(r.json.error.type, 'api_error');
      assert.equal(r.headers.get('stripe-should-retry'), 'true');
    }
    const health = await server.http('GET', '/healthz', { key: null });
    assert.equal(health.status, 503, health.text);
    assert.equal(health.json.database, 'failing');

    // Reads are served all along.
    const acked = [...before, ...during].filter((r) => r.status === 200).map((r) => r.json.id);
    for (const id of acked.slice(0, 5)) assert.equal((await server.http('GET', `/v1/customers/${id}`, { key })).status, 200);
    assert.equal((await server.http('GET', '/v1/customers?limit=3', { key })).status, 200);

    // Room again: the same store takes writes; the failed requests, retried with their keys, are created once.
    sqlite.pragma('max_page_count = 1073741823');
    const retried = await pool(range(80).map((i) => i + 10), 8, (i) => post(i));
    for (const r of retried) assert.equal(r.status, 200, r.text);
    assert.equal((await server.http('GET', '/healthz', { key: null })).status, 200);
    for (const [i, r] of during.entries()) if (r.status === 200) assert.equal(retried[i].json.id, r.json.id, 'an acknowledged request replays');

    const all: string[] = [];
    for (let after = ''; ; ) {
      const page = await server.http('GET', `/v1/customers?limit=100${after ? `&starting_after=${after}` : ''}`, { key });
      all.push(...page.json.data.map((c: any) => c.id));
      if (!page.json.has_more) break;
      after = all[all.length - 1];
    }
    assert.equal(all.length, 90, 'one customer per key');
    for (const id of acked) assert.ok(all.includes(id), `acknowledged ${id} is there`);
  });
});
