// Durable timers (src/work/timers.ts) over a real store: set, moved, cleared, fired once with the
// clock's time; a failing handler's timer dropped without holding up the others; a timer kept
// across a restart; on PostgreSQL, two stores (two processes' connection pools) firing the same
// timers at once fire each exactly once. And a test clock left `advancing` by a crash: a new
// server process resumes the advance at start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, newKey } from '../helpers/server.ts';
import { afterProcesses, until, engines, listAll, ok, pool, PG_URL, NEEDS_PG, startProcess } from '../helpers/processes.ts';
import { openStore, isPostgresUrl, type Store } from '../../src/store/db.ts';
import { workEnv } from '../../src/app.ts';
import { resourceModules } from '../../src/resources/modules.ts';
import type { ResourceModule } from '../../src/resources/module.ts';
import { LATEST } from '../../src/versions/registry.ts';
import { DEFAULTS } from '../../src/config.ts';
import { inUnitOfWork, type WorkEnv } from '../../src/work/run.ts';
import { fireDueTimers, getTimer, setTimer, type TimerSpec } from '../../src/work/timers.ts';
import type { Ctx } from '../../src/http/context.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-timers-'));
const { running, drops } = afterProcesses();
drops.push(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh database for one test: a SQLite file, or a schema of its own in TEST_DATABASE_URL's database. */
async function database(name: string): Promise<string> {
  if (!PG_URL) return join(dir, `${name}.sqlite`);
  const schema = await createSchema(PG_URL);
  drops.push(schema.drop);
  return schema.url;
}

interface Fired {
  object: string;
  now: number;
  account: string;
}

/** The app's modules plus one whose `probe` timers record when they fire (and `boom` ones throw). */
function probeEnv(store: Store, fired: Fired[]): WorkEnv {
  const probe: ResourceModule = {
    name: 'probe',
    objects: [],
    timers: [
      { kind: 'probe', run: async (ctx, object) => void fired.push({ object, now: ctx.now, account: ctx.account }) },
      { kind: 'boom', run: async () => { throw new Error('the handler failed'); } },
    ],
  };
  return workEnv(store, { apiVersion: DEFAULTS.apiVersion }, [...resourceModules, probe]);
}

const base = (account: string, now: number) => ({ account, apiVersion: LATEST, requestId: 'req_test', idempotencyKey: null, now });
const set = (env: WorkEnv, account: string, ...timers: Omit<TimerSpec, 'testClock'>[]) =>
  inUnitOfWork(env, base(account, 0), async (ctx: Ctx) => {
    for (const t of timers) await setTimer(ctx, { ...t, testClock: null });
  });
const at = (t: number) => ({ now: () => t });

describe('durable timers', () => {
  let store: Store;
  before(async () => {
    store = await openStore(await database('timers'));
  });
  after(() => store.close());

  test('fire once at their time, oldest first, with ctx.now the clock time; moved and cleared by setting them again', async () => {
    const fired: Fired[] = [];
    const env = probeEnv(store, fired);
    await set(env, 'acct_a', { kind: 'probe', object: 'late', runAt: 2000 }, { kind: 'probe', object: 'early', runAt: 1000 }, { kind: 'probe', object: 'moved', runAt: 1500 });
    await set(env, 'acct_b', { kind: 'probe', object: 'cleared', runAt: 1200 });
    // Setting again moves it; null clears it.
    await set(env, 'acct_a', { kind: 'probe', object: 'moved', runAt: 5000 });
    await set(env, 'acct_b', { kind: 'probe', object: 'cleared', runAt: null });
    assert.equal((await getTimer({ db: store.db, account: 'acct_a' }, 'probe', 'moved'))?.run_at, 5000);
    assert.equal(await fireDueTimers(env, at(999)), 0);
    assert.equal(await fireDueTimers(env, at(2500)), 2);
    assert.deepEqual(fired, [
      { object: 'early', now: 2500, account: 'acct_a' },
      { object: 'late', now: 2500, account: 'acct_a' },
    ]);
    assert.equal(await fireDueTimers(env, at(4000)), 0, 'once');
    assert.equal(await fireDueTimers(env, at(5000)), 1);
    assert.deepEqual(fired.map((f) => f.object), ['early', 'late', 'moved']);
    assert.equal(await getTimer({ db: store.db, account: 'acct_a' }, 'probe', 'moved'), undefined);
  });

  test("a failing handler's timer is dropped, and the others still fire", async () => {
    const fired: Fired[] = [];
    const env = probeEnv(store, fired);
    await set(env, 'acct_c', { kind: 'boom', object: 'x', runAt: 10_000 }, { kind: 'probe', object: 'after-boom', runAt: 10_001 });
    const logged: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      await fireDueTimers(env, at(20_000));
    } finally {
      console.error = error;
    }
    assert.deepEqual(fired.map((f) => f.object), ['after-boom']);
    assert.equal(await getTimer({ db: store.db, account: 'acct_c' }, 'boom', 'x'), undefined);
    assert.match(String(logged[0]), /boom for x: the handler failed/);
  });

  test('a timer is kept across a restart and fires after it', async () => {
    const url = await database('restart');
    const first = await openStore(url);
    await set(probeEnv(first, []), 'acct_d', { kind: 'probe', object: 'kept', runAt: 3000 });
    await first.close();
    const second = await openStore(url);
    try {
      const fired: Fired[] = [];
      assert.equal(await fireDueTimers(probeEnv(second, fired), at(3000)), 1);
      assert.deepEqual(fired, [{ object: 'kept', now: 3000, account: 'acct_d' }]);
    } finally {
      await second.close();
    }
  });

  test('two stores on one PostgreSQL firing the same timers at once: each fires exactly once', { skip: PG_URL ? false : NEEDS_PG }, async () => {
    const url = await database('two');
    assert.ok(isPostgresUrl(url));
    const [one, two] = [await openStore(url), await openStore(url)];
    try {
      const fired: Fired[] = [];
      const objects = Array.from({ length: 120 }, (_, i) => `obj_${i}`);
      await set(probeEnv(one, []), 'acct_e', ...objects.map((object, i) => ({ kind: 'probe', object, runAt: 100 + (i % 7) })));
      const counts = await Promise.all([fireDueTimers(probeEnv(one, fired), at(200)), fireDueTimers(probeEnv(two, fired), at(200))]);
      assert.equal(counts[0] + counts[1] >= objects.length, true);
      assert.deepEqual(fired.map((f) => f.object).sort(), [...objects].sort());
    } finally {
      await one.close();
      await two.close();
    }
  });
});

/** Raw HTTP helpers over a server process. */
async function autoInvoiceOnClock(baseUrl: string, key: string, frozen: number): Promise<{ clock: string; invoice: string }> {
  const clock = await ok(baseUrl, key, 'POST', '/v1/test_helpers/test_clocks', `frozen_time=${frozen}`);
  const c = await ok(baseUrl, key, 'POST', '/v1/customers', `test_clock=${clock.id}&payment_method=pm_card_visa`);
  const pms = await ok(baseUrl, key, 'GET', `/v1/customers/${c.id}/payment_methods`);
  await ok(baseUrl, key, 'POST', `/v1/customers/${c.id}`, `invoice_settings[default_payment_method]=${pms.data[0].id}`);
  await ok(baseUrl, key, 'POST', '/v1/invoiceitems', `customer=${c.id}&amount=4200&currency=usd`);
  const inv = await ok(baseUrl, key, 'POST', '/v1/invoices', `customer=${c.id}&pending_invoice_items_behavior=include&auto_advance=true`);
  return { clock: clock.id, invoice: inv.id };
}

for (const engine of engines(dir))
  describe(`a test clock advance interrupted by a crash (${engine.name})`, { skip: engine.skip }, () => {
    test('a clock left advancing is resumed when a server starts, and its timers fire once', async () => {
      const url = engine.url('advance-crash');
      const key = newKey();
      const T0 = 1_900_000_000;
      const first = await startProcess(url);
      running.push(first);
      const { clock, invoice } = await autoInvoiceOnClock(first.base, key, T0);
      first.child.kill('SIGKILL');
      await first.exited;
      // What a crash right after POST /advance committed leaves: the clock advancing, none of its timers fired.
      const store = await openStore(url);
      try {
        const row = await store.db.selectFrom('objects').select(['account', 'data']).where('id', '=', clock).executeTakeFirstOrThrow();
        const data = JSON.parse(row.data);
        Object.assign(data, { status: 'advancing', status_details: { advancing: { target_frozen_time: T0 + 7200 } } });
        await store.db.updateTable('objects').set({ data: JSON.stringify(data), status: 'advancing' }).where('id', '=', clock).execute();
        await store.durable();
      } finally {
        await store.close();
      }
      const second = await startProcess(url);
      running.push(second);
      const ready = await until('the clock to be ready', async () => {
        const c = await ok(second.base, key, 'GET', `/v1/test_helpers/test_clocks/${clock}`);
        return c.status === 'ready' ? c : undefined;
      }, 30_000);
      assert.equal(ready.frozen_time, T0 + 7200);
      const paid = await ok(second.base, key, 'GET', `/v1/invoices/${invoice}`);
      assert.equal(paid.status, 'paid');
      assert.equal(paid.status_transitions.paid_at, T0 + 3600);
      const charges = await ok(second.base, key, 'GET', '/v1/charges');
      assert.equal(charges.data.length, 1);
      const readyEvents = await ok(second.base, key, 'GET', '/v1/events?type=test_helpers.test_clock.ready');
      assert.equal(readyEvents.data.length, 1);
    });

    test('two processes driving one advance at once: each of its timers fires once, in order', { skip: engine.name === 'SQLite' ? 'one writer: several processes need PostgreSQL' : false }, async () => {
      const url = engine.url('advance-two');
      const key = newKey();
      const T0 = 1_900_000_000;
      const a = await startProcess(url);
      running.push(a);
      const clock = await ok(a.base, key, 'POST', '/v1/test_helpers/test_clocks', `frozen_time=${T0}`);
      const customers = await pool(Array.from({ length: 3 }, (_, i) => i), 3, async () => {
        const c = await ok(a.base, key, 'POST', '/v1/customers', `test_clock=${clock.id}&payment_method=pm_card_visa`);
        const pms = await ok(a.base, key, 'GET', `/v1/customers/${c.id}/payment_methods`);
        await ok(a.base, key, 'POST', `/v1/customers/${c.id}`, `invoice_settings[default_payment_method]=${pms.data[0].id}`);
        return c.id as string;
      });
      const invoices = await pool(Array.from({ length: 24 }, (_, i) => i), 4, async (i) => {
        const customer = customers[i % customers.length];
        // Each invoice is due at its own moment of the clock.
        const inv = await ok(a.base, key, 'POST', '/v1/invoices', `customer=${customer}&auto_advance=true&automatically_finalizes_at=${T0 + 60 * (i + 1)}`);
        await ok(a.base, key, 'POST', '/v1/invoiceitems', `customer=${customer}&invoice=${inv.id}&amount=${1000 + i}&currency=usd`);
        return inv.id as string;
      });
      await ok(a.base, key, 'POST', `/v1/test_helpers/test_clocks/${clock.id}/advance`, `frozen_time=${T0 + 7200}`);
      // A second process starting now finds the clock advancing and drives it too (its resume job runs at start).
      const b = await startProcess(url);
      running.push(b);
      await until('the clock to be ready', async () => {
        const c = await ok(b.base, key, 'GET', `/v1/test_helpers/test_clocks/${clock.id}`);
        return c.status === 'ready' ? c : undefined;
      }, 30_000);
      const charges = await listAll(b.base, key, '/v1/charges');
      assert.equal(charges.length, invoices.length, `${a.stderr()}\n${b.stderr()}`);
      assert.deepEqual(charges.map((c) => c.amount).sort(), invoices.map((_, i) => 1000 + i).sort());
      const finalized = await listAll(a.base, key, '/v1/events?type=invoice.finalized');
      assert.equal(finalized.length, invoices.length);
      // In the clock's order: finalized one after another at their own times.
      const times = finalized.map((e) => e.data.object.status_transitions.finalized_at).reverse();
      assert.deepEqual(times, invoices.map((_, i) => T0 + 60 * (i + 1)));
      assert.equal((await listAll(a.base, key, '/v1/events?type=test_helpers.test_clock.ready')).length, 1);
    });
  });
