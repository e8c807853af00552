// A write without a Stripe-Version header starts from the account's default version as its process
// remembers it (http/route.ts) and confirms it inside its transaction (work/run.ts). When another
// process on the same database changed that version meanwhile, the write is redone whole in the new
// one: its answer, its object's shape and its event are the new version's, never a mix; a param
// refused in the remembered version but accepted in the new one is accepted. Two processes on
// PostgreSQL; on SQLite (one process per file) the same requests through one process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKey } from '../helpers/server.ts';
import { call, engines, killAll, ok, startProcess, type Running } from '../helpers/processes.ts';
import { LATEST as LATEST_VERSION } from '../../src/versions/registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-account-version-'));
const OLD = '2020-08-27';

after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

for (const engine of engines(dir))
  describe(`the account's default version changed by another process (${engine.name})`, { skip: engine.skip }, () => {
    let a: Running;
    let b: Running;
    before(async () => {
      const url = engine.url('account-version');
      // One after the other: the first creates the schema. A SQLite file has one server process
      // (one writer): there b is a itself, and the same answers are checked through one process.
      a = await startProcess(url);
      b = engine.name === 'SQLite' ? a : await startProcess(url);
    });
    after(async () => {
      for (const p of new Set([a, b])) p?.child.kill('SIGTERM');
      await Promise.all([a?.exited, b?.exited]);
    });

    /** A customer created through `base` without a Stripe-Version header: the version it was answered in, its shape, and its event's version. */
    async function created(base: string, key: string, name: string) {
      const res = await call(base, key, 'POST', '/v1/customers', `name=${name}`);
      assert.equal(res.status, 200, res.text);
      const events = await ok(base, key, 'GET', `/v1/events?type=customer.created&limit=100`);
      const event = events.data.find((e: any) => e.data.object.id === res.json.id);
      assert.ok(event, `the event of ${res.json.id}`);
      return { version: res.headers.get('stripe-version'), oldShape: 'default_currency' in res.json, eventVersion: event.api_version };
    }

    test("a write in a process that remembered the old version is answered and recorded in the new one", async () => {
      const key = newKey();
      // Process a reads the account's version (its first write pins it) and remembers it.
      assert.deepEqual(await created(a.base, key, 'First'), { version: LATEST_VERSION, oldShape: false, eventVersion: LATEST_VERSION });
      assert.deepEqual(await created(a.base, key, 'Second'), { version: LATEST_VERSION, oldShape: false, eventVersion: LATEST_VERSION });
      // Process b changes it.
      assert.equal((await ok(b.base, key, 'POST', '/_invoicekit/account', `default_api_version=${OLD}`)).default_api_version, OLD);
      // Process a's next write meets the change in its transaction and is redone in the new version.
      assert.deepEqual(await created(a.base, key, 'Third'), { version: OLD, oldShape: true, eventVersion: OLD });
      assert.deepEqual(await created(a.base, key, 'Fourth'), { version: OLD, oldShape: true, eventVersion: OLD });
      // Back to the newest through b (a write in a redoes itself again), then to the old one: a param
      // only the old version accepts is refused at parse in the version a remembers, then checked and redone.
      await ok(b.base, key, 'POST', '/_invoicekit/account', `default_api_version=${LATEST_VERSION}`);
      assert.deepEqual(await created(a.base, key, 'Fifth'), { version: LATEST_VERSION, oldShape: false, eventVersion: LATEST_VERSION });
      await ok(b.base, key, 'POST', '/_invoicekit/account', `default_api_version=${OLD}`);
      const coupon = await ok(b.base, key, 'POST', '/v1/coupons', 'percent_off=10&duration=once');
      const withCoupon = await call(a.base, key, 'POST', '/v1/customers', `name=Coupon&coupon=${coupon.id}`);
      assert.equal(withCoupon.status, 200, withCoupon.text);
      assert.equal(withCoupon.headers.get('stripe-version'), OLD);
      assert.equal(withCoupon.json.discount?.coupon?.id, coupon.id);
      // Changed back through process a itself: its own change is seen at once.
      await ok(a.base, key, 'POST', '/_invoicekit/account', `default_api_version=${LATEST_VERSION}`);
      assert.deepEqual(await created(a.base, key, 'Sixth'), { version: LATEST_VERSION, oldShape: false, eventVersion: LATEST_VERSION });
      // One customer per write: the redone write left nothing of its first attempt.
      const names = (await ok(b.base, key, 'GET', '/v1/customers?limit=100')).data.map((c: any) => c.name).sort();
      assert.deepEqual(names, ['Coupon', 'Fifth', 'First', 'Fourth', 'Second', 'Sixth', 'Third']);
      // And in the version a remembers, the same param is still refused.
      const refused = await call(a.base, key, 'POST', '/v1/customers', `name=Refused&coupon=${coupon.id}`);
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.json.error.code, 'parameter_unknown');
    });
  });
