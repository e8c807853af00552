// Webhook endpoints and delivery, end to end: a real receiver checks every delivery with
// stripe.webhooks.constructEvent; retries, disabled endpoints, enabled_events, an endpoint's
// older api_version, events recorded before a restart, a down endpoint that must not slow
// the API, and --forward-to (in process and through the CLI).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Stripe from 'stripe';
import { byPrice } from '../helpers/versioned.ts';
import { startServer, newKey, type TestServer } from '../helpers/server.ts';
import { startReceiver, type Receiver } from '../helpers/webhooks.ts';
import { REPO, serverArgs } from '../helpers/repo.ts';
import { buildApp } from '../../src/app.ts';
import { DEFAULTS, type Config } from '../../src/config.ts';
import { isPostgresUrl, openStore } from '../../src/store/db.ts';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startDelivery, USER_AGENT, type Deliverer } from '../../src/events/deliver.ts';
import { hooksDb } from '../../src/events/tables.ts';
import { fanOut } from '../../src/events/fanout.ts';
import { readCursor } from '../../src/events/pending.ts';
import { insertEvents } from '../../src/events/record.ts';

/** Retries after 0.2 s, 0.4 s: the tests' schedule. */
const FAST: Config = { ...DEFAULTS, webhookRetrySchedule: [0.2, 0.4], webhookTimeout: 1 };
const LOOP = { pollMs: 20, minGapMs: 2 };

let server: TestServer;
let loop: Deliverer;
const receivers: Receiver[] = [];
before(async () => {
  server = await startServer();
  loop = await startDelivery(server.store, FAST, undefined, LOOP);
});
after(async () => {
  await loop.stop();
  for (const r of receivers) await r.close();
  await server.close();
});

async function receiver(respond?: Parameters<typeof startReceiver>[1]): Promise<Receiver> {
  const r = await startReceiver(null, respond);
  receivers.push(r);
  return r;
}

/** An endpoint for `r` on a fresh account; the receiver learns its secret. */
async function endpointFor(stripe: Stripe, r: Receiver, params: Partial<Stripe.WebhookEndpointCreateParams> = {}) {
  const ep = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'], ...params });
  r.secret = ep.secret!;
  return ep;
}

/** A database for a test of its own: a SQLite file, or a schema in TEST_DATABASE_URL's PostgreSQL. */
async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL ?? '';
  if (!isPostgresUrl(base)) {
    const dir = mkdtempSync(join(tmpdir(), 'invoicekit-hooks-'));
    return { url: join(dir, 'db.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}

const deliveryRows = (event: string) =>
  hooksDb(server.store.db)
    .selectFrom('webhook_deliveries')
    .innerJoin('events', 'events.seq', 'webhook_deliveries.event_seq')
    .select(['webhook_deliveries.status', 'webhook_deliveries.attempts', 'webhook_deliveries.last_status', 'webhook_deliveries.endpoint'])
    .where('events.id', '=', event)
    .execute();

describe('webhook endpoints', () => {
  test('create shows the secret once; retrieve, list, update, delete', async () => {
    const stripe = server.stripe(server.newKey());
    const ep = await stripe.webhookEndpoints.create({
      url: 'https://example.com/hooks',
      enabled_events: ['invoice.paid', 'invoice.finalized'],
      description: 'billing',
      metadata: { team: 'ar' },
    });
    assert.match(ep.id, /^we_[A-Za-z0-9]{24}$/);
    assert.equal(ep.object, 'webhook_endpoint');
    assert.match(ep.secret!, /^whsec_[A-Za-z0-9]{32}$/);
    assert.equal(ep.api_version, null);
    assert.equal(ep.application, null);
    assert.equal(ep.status, 'enabled');
    assert.equal(ep.livemode, false);
    assert.deepEqual(ep.enabled_events, ['invoice.paid', 'invoice.finalized']);
    assert.deepEqual(Object.keys(ep).filter((k) => k !== 'lastResponse'), [
      'id', 'object', 'api_version', 'application', 'created', 'description', 'enabled_events', 'livemode', 'metadata', 'secret', 'status', 'url',
    ]);
    const got = await stripe.webhookEndpoints.retrieve(ep.id);
    assert.equal('secret' in got, false);
    assert.equal('internal' in got, false);
    const listed = await stripe.webhookEndpoints.list();
    assert.deepEqual(listed.data.map((e) => e.id), [ep.id]);
    assert.equal('secret' in listed.data[0], false);
    assert.equal(listed.url, '/v1/webhook_endpoints');

    const off = await stripe.webhookEndpoints.update(ep.id, { disabled: true, url: 'http://localhost:3000/x', enabled_events: ['*'], description: '' });
    assert.equal(off.status, 'disabled');
    assert.equal(off.url, 'http://localhost:3000/x');
    assert.deepEqual(off.enabled_events, ['*']);
    assert.equal(off.description, null);
    assert.equal((await stripe.webhookEndpoints.update(ep.id, { disabled: false })).status, 'enabled');

    const pinned = await stripe.webhookEndpoints.create({ url: 'https://example.com/old', enabled_events: ['*'], api_version: '2023-08-16' });
    assert.equal(pinned.api_version, '2023-08-16');
    const gone = await stripe.webhookEndpoints.del(ep.id);
    assert.deepEqual(gone, { id: ep.id, object: 'webhook_endpoint', deleted: true });
    await assert.rejects(stripe.webhookEndpoints.retrieve(ep.id), (e: any) => e.statusCode === 404 && e.code === 'resource_missing' && e.message === `No such webhook endpoint: '${ep.id}'`);
  });

  test('refused: bad url, unknown event type, unknown api_version, connect, missing params, api_version on update', async () => {
    const stripe = server.stripe(server.newKey());
    const refused = async (p: any, check: { param?: string; code?: string; message?: RegExp }) =>
      assert.rejects(stripe.webhookEndpoints.create({ url: 'https://example.com/h', enabled_events: ['*'], ...p }), (e: any) => {
        assert.equal(e.statusCode, 400, e.message);
        if (check.param) assert.equal(e.param, check.param);
        if (check.code) assert.equal(e.code, check.code);
        if (check.message) assert.match(e.message, check.message);
        return true;
      });
    await refused({ url: 'ftp://example.com/h' }, { param: 'url', code: 'url_invalid', message: /^Not a valid URL$/ });
    await refused({ url: 'not a url' }, { param: 'url', code: 'url_invalid' });
    await refused({ enabled_events: ['invoice.paid', 'invoice.nope'] }, { param: 'enabled_events[1]', message: /'invoice\.nope' is not an event type/ });
    await refused({ enabled_events: [] }, { param: 'enabled_events' });
    await refused({ api_version: '2019-01-01' }, { param: 'api_version' });
    await refused({ connect: true }, { param: 'connect' });
    await assert.rejects(stripe.webhookEndpoints.create({ enabled_events: ['*'] } as any), (e: any) => e.code === 'parameter_missing' && e.param === 'url');
    await assert.rejects(stripe.webhookEndpoints.create({ url: 'https://example.com/h' } as any), (e: any) => e.code === 'parameter_missing' && e.param === 'enabled_events');
    const ep = await stripe.webhookEndpoints.create({ url: 'https://example.com/h', enabled_events: ['*'], connect: false });
    await assert.rejects(stripe.webhookEndpoints.update(ep.id, { api_version: '2023-08-16' } as any), (e: any) => e.code === 'parameter_unknown' && e.param === 'api_version');
  });
});

describe('delivery', () => {
  test('every event arrives signed, as GET /v1/events shows it, with Stripe headers', async () => {
    const stripe = server.stripe(server.newKey());
    const r = await receiver();
    await endpointFor(stripe, r);
    const c = await stripe.customers.create({ email: 'hook@example.com' });
    await stripe.customers.update(c.id, { name: 'Hooked' });
    await r.waitFor((x) => x.events().length === 2);
    assert.deepEqual(r.problems, []);
    const [created, updated] = r.events().sort((a, b) => a.type.localeCompare(b.type));
    assert.equal(created.type, 'customer.created');
    assert.equal(updated.type, 'customer.updated');
    assert.deepEqual(updated.data.previous_attributes, { name: null });
    const d = r.deliveries.find((x) => x.event?.id === created.id)!;
    assert.equal(d.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(d.headers['user-agent'], USER_AGENT);
    assert.match(String(d.headers['stripe-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
    // The body is the event object; pending_webhooks counted this delivery, not yet a success.
    const api = await stripe.events.retrieve(created.id);
    assert.equal(created.pending_webhooks, 1);
    await loop.settled();
    assert.equal((await stripe.events.retrieve(created.id)).pending_webhooks, 0);
    const { pending_webhooks: _a, ...body } = JSON.parse(d.raw);
    const { pending_webhooks: _b, lastResponse: _c, ...shown } = JSON.parse(JSON.stringify(api));
    assert.deepEqual(body, shown);
    assert.deepEqual((await deliveryRows(created.id)).map((x) => [x.status, x.attempts, x.last_status]), [['delivered', 1, 200]]);
    const ok = await stripe.events.list({ delivery_success: true });
    assert.equal(ok.data.length, 2);
    assert.equal((await stripe.events.list({ delivery_success: false })).data.length, 0);
  });

  test('enabled_events filtering, and a disabled endpoint gets nothing', async () => {
    const stripe = server.stripe(server.newKey());
    const paidOnly = await receiver();
    const customers = await receiver();
    const disabled = await receiver();
    await endpointFor(stripe, paidOnly, { enabled_events: ['invoice.paid'] });
    await endpointFor(stripe, customers, { enabled_events: ['customer.created', 'customer.updated'] });
    const off = await endpointFor(stripe, disabled);
    await stripe.webhookEndpoints.update(off.id, { disabled: true });
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 300, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(inv.id!);
    await stripe.invoices.pay(inv.id!, { paid_out_of_band: true });
    await paidOnly.waitFor((x) => x.events().length === 1);
    await loop.settled();
    assert.deepEqual(paidOnly.events().map((e) => e.type), ['invoice.paid']);
    assert.ok(customers.events().length >= 2);
    assert.ok(customers.events().every((e) => e.type.startsWith('customer.')), customers.events().map((e) => e.type).join());
    assert.equal(disabled.deliveries.length, 0);
    for (const r of [paidOnly, customers]) assert.deepEqual(r.problems, []);
  });

  test('retries after failures: 500, 500, then 200; the same event each time', async () => {
    const stripe = server.stripe(server.newKey());
    const r = await receiver((n) => (n < 2 ? 500 : 200));
    await endpointFor(stripe, r, { enabled_events: ['customer.created'] });
    const started = Date.now();
    await stripe.customers.create({});
    await r.waitFor((x) => x.events().length === 1, 5000);
    assert.ok(Date.now() - started >= 550, 'waited 0.2 s then 0.4 s');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.deliveries.map((d) => d.status), [500, 500, 200]);
    assert.equal(new Set(r.deliveries.map((d) => d.event!.id)).size, 1);
    await loop.settled();
    assert.deepEqual((await deliveryRows(r.events()[0].id)).map((x) => [x.status, x.attempts, x.last_status]), [['delivered', 3, 200]]);
  });

  test('an endpoint that keeps failing: retries used up, then failed; pending_webhooks stays', async () => {
    const stripe = server.stripe(server.newKey());
    const r = await receiver(() => 503);
    r.secret = (await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] })).secret!;
    await stripe.customers.create({});
    await r.waitFor((x) => x.deliveries.length === 3, 5000);
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(r.deliveries.length, 3, 'one try and two retries');
    const [e] = (await stripe.events.list({ delivery_success: false })).data;
    assert.equal(e.pending_webhooks, 1);
    assert.deepEqual((await deliveryRows(e.id)).map((x) => [x.status, x.attempts, x.last_status]), [['failed', 3, 503]]);
  });

  test("an endpoint's api_version renders the event's object at that version", async () => {
    const stripe = server.stripe(server.newKey());
    const oldR = await receiver();
    const newR = await receiver();
    await endpointFor(stripe, oldR, { enabled_events: ['invoiceitem.created'], api_version: '2023-08-16' });
    await endpointFor(stripe, newR, { enabled_events: ['invoiceitem.created'] });
    const c = await stripe.customers.create({});
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1234, product_data: { name: 'Seat' } });
    await stripe.invoiceItems.create({ customer: c.id, ...byPrice(price.id) } as any);
    await oldR.waitFor((x) => x.events().length === 1);
    await newR.waitFor((x) => x.events().length === 1);
    const [old] = oldR.events();
    const [cur] = newR.events();
    assert.equal(old.id, cur.id);
    assert.equal(old.api_version, '2023-08-16');
    assert.equal(cur.api_version, DEFAULTS.apiVersion);
    const oldItem = old.data.object as any;
    assert.equal(oldItem.price.id, price.id);
    assert.equal(oldItem.unit_amount, 1234);
    assert.equal('pricing' in oldItem, false);
    const curItem = cur.data.object as any;
    assert.equal(curItem.pricing.price_details.price, price.id);
    assert.equal('price' in curItem, false);
  });

  test('a down or slow endpoint never holds up the API', async () => {
    const stripe = server.stripe(server.newKey());
    // The slow endpoint holds every delivery unanswered until the test lets go.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = 0;
    const slow = await receiver(() => {
      arrived++;
      return { status: 200, until: held };
    });
    await endpointFor(stripe, slow);
    // A port nobody listens on: connection refused.
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:${closed}/down`, enabled_events: ['*'] });
    const c = await stripe.customers.create({});
    const deadline = Date.now() + 30_000;
    while (arrived === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.ok(arrived > 0, 'a delivery reached the slow endpoint and is held there');
    // While that delivery hangs and the other endpoint refuses connections, writes go on.
    for (let i = 0; i < 30; i++) {
      const item = await stripe.invoiceItems.create({ customer: c.id, amount: 100 + i, currency: 'usd' });
      assert.equal(item.amount, 100 + i);
    }
    assert.equal(slow.deliveries.length, 0, 'the slow endpoint has answered nothing yet');
    release();
    await slow.waitFor((x) => x.deliveries.length > 0, 30_000, 'the held delivery to be answered');
  });
});

describe('durability', () => {
  test('events recorded while no loop runs are delivered after a restart; a retry survives it too', async () => {
    const database = await freshDatabase();
    const file = database.url;
    let store = await openStore(file);
    const app = buildApp({ store });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const stripe = new Stripe(newKey(), { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const r = await receiver((n) => (n === 0 ? 500 : 200));
    await endpointFor(stripe, r, { enabled_events: ['customer.created'] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stripe.customers.create({ name: `before restart ${i}` })).id);
    await app.close();
    await store.close();
    assert.equal(r.deliveries.length, 0);

    // A new process on the same file: a first loop gets one failure, then stops before the retry.
    store = await openStore(file);
    const first = await startDelivery(store, { ...FAST, webhookRetrySchedule: [0.5] }, undefined, LOOP);
    await r.waitFor((x) => x.deliveries.length >= 3);
    await first.stop();
    const seen = r.deliveries.length;
    await store.close();

    store = await openStore(file);
    const second = await startDelivery(store, { ...FAST, webhookRetrySchedule: [0.5] }, undefined, LOOP);
    await r.waitFor((x) => new Set(x.events().map((e) => e.id)).size === 3, 5000);
    await second.settled();
    await second.stop();
    await store.close();
    assert.ok(seen >= 3);
    assert.deepEqual(r.problems, []);
    // At least once: each event arrived (an attempt cut short by a stop may be repeated).
    assert.deepEqual(new Set(r.events().map((e) => (e.data.object as Stripe.Customer).id)), new Set(ids));
    await database.drop();
  });
});

describe('the outbox cursor on PostgreSQL', () => {
  const pgOnly = isPostgresUrl(process.env.TEST_DATABASE_URL ?? '') ? {} : { skip: 'needs TEST_DATABASE_URL=postgres://...' };
  test('waits for a transaction still holding a lower seq, and steps over one that rolled back at once', pgOnly, async () => {
    const database = await freshDatabase();
    const store = await openStore(database.url);
    const row = (id: string) => ({ account: 'acct_gap', type: 'customer.created', created: 1, apiVersion: DEFAULTS.apiVersion, requestId: null, idempotencyKey: null, object: { id, object: 'customer' }, previousAttributes: null });
    await insertEvents(store.db, [row('cus_first')]);
    const gaps = new Map<number, number>();
    const fan = () => fanOut(store, { forward: false, batch: 100, nowMs: Date.now(), gaps });
    await fan();
    const start = await readCursor(store.db);
    for (const outcome of ['rollback', 'commit']) {
      // A request's transaction takes the next seq and is still open...
      const open = new pg.Client({ connectionString: database.url });
      await open.connect();
      await open.query('begin');
      await open.query(`insert into events (account, id, type, created, api_version, object) values ('acct_gap', $1, 'customer.created', 1, $2, '{}')`, [`evt_${outcome}`, DEFAULTS.apiVersion]);
      // ...while a later one commits.
      await insertEvents(store.db, [row(`cus_after_${outcome}`)]);
      const before = await readCursor(store.db);
      await fan();
      assert.equal(await readCursor(store.db), before, `${outcome}: the cursor does not pass the open transaction's seq`);
      await open.query(outcome);
      await open.end();
      // No gap timeout to wait out: the ended transaction's seq is settled as soon as no transaction older
      // than the gap is running. That horizon (xmin) is the whole cluster's, and test files running at the
      // same time on other databases of it can hold it back for a moment: a few passes, not a timeout.
      for (let pass = 0; pass < 50 && (await readCursor(store.db)) !== before + 2; pass++) {
        await fan();
        if ((await readCursor(store.db)) !== before + 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await readCursor(store.db), before + 2, `${outcome}: both seqs passed once the transaction ended`);
    }
    assert.equal(await readCursor(store.db), start + 4);
    await store.close();
    await database.drop();
  });
});

describe('--forward-to', () => {
  test('every event of every account, signed with one secret that a restart keeps', async () => {
    const database = await freshDatabase();
    const file = database.url;
    const r = await receiver();
    let store = await openStore(file);
    const app = buildApp({ store });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const client = () => new Stripe(newKey(), { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const fwd = await startDelivery(store, { ...FAST, forwardTo: r.url }, undefined, LOOP);
    assert.match(fwd.forwardSecret!, /^whsec_/);
    r.secret = fwd.forwardSecret;
    await client().customers.create({ name: 'a' });
    await client().products.create({ name: 'b' });
    await r.waitFor((x) => x.events().length === 2);
    assert.deepEqual(r.events().map((e) => e.type).sort(), ['customer.created', 'product.created']);
    // Forwarding is not an endpoint of the account: pending_webhooks does not count it.
    assert.ok(r.events().every((e) => e.pending_webhooks === 0));
    await fwd.stop();
    await app.close();
    await store.close();
    store = await openStore(file);
    const again = await startDelivery(store, { ...FAST, forwardTo: r.url }, undefined, LOOP);
    assert.equal(again.forwardSecret, r.secret);
    await again.stop();
    await store.close();
    assert.deepEqual(r.problems, []);
    await database.drop();
  });

  test('the CLI prints the secret and forwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invoicekit-cli-'));
    const r = await receiver();
    const child = spawn(process.execPath, serverArgs(['--port', '0', '--database-url', join(dir, 'db.sqlite')]), {
      cwd: REPO,
      env: { ...process.env, INVOICEKIT_FORWARD_TO: r.url, PORT: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const found = await new Promise<{ base: string; secret: string }>((resolve, reject) => {
        let base = '';
        const timer = setTimeout(() => reject(new Error('no Ready! line')), 60_000);
        lines.on('line', (line) => {
          const listening = /listening on (http:\/\/\S+)/.exec(line);
          if (listening) base = listening[1];
          const ready = /^Ready! Your webhook signing secret is (whsec_\S+)/.exec(line);
          if (ready) {
            clearTimeout(timer);
            resolve({ base, secret: ready[1] });
          }
        });
      });
      r.secret = found.secret;
      const url = new URL(found.base);
      const stripe = new Stripe(newKey(), { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
      await stripe.customers.create({ name: 'cli' });
      await r.waitFor((x) => x.events().length === 1, 10_000);
      assert.deepEqual(r.problems, []);
    } finally {
      child.kill('SIGTERM');
      await new Promise((res) => child.once('exit', res));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
