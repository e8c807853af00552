// Durability of the real server process with the default settings, on a SQLite
// file (WAL, synchronous=NORMAL) and, with TEST_DATABASE_URL, on PostgreSQL: every
// create that got a 2xx survives a `kill -9` in the middle of a burst, is returned
// unchanged after a restart, and replaying its Idempotency-Key afterwards creates
// nothing new. Invoices and finalization under a kill: crash.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKey } from '../helpers/server.ts';
import { call, engines, killAll, listAll, startProcess, type Running } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-durability-'));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

interface Burst {
  /** Idempotency-Key -> the body of its 2xx. */
  acked: Map<string, string>;
  /** Idempotency-Key -> form body, for every request sent. */
  sent: Map<string, string>;
  failed: number;
}

/**
 * Sends `total` creates, `inFlight` at a time, and kills the process with
 * SIGKILL as soon as `killAfter` of them were acknowledged.
 */
async function burstAndKill(server: Running, key: string, path: string, bodyOf: (i: number) => string, total: number, killAfter: number): Promise<Burst> {
  const burst: Burst = { acked: new Map(), sent: new Map(), failed: 0 };
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const idem = `burst-${i}`;
      const body = bodyOf(i);
      burst.sent.set(idem, body);
      let res: Awaited<ReturnType<typeof call>> | undefined;
      try {
        res = await call(server.base, key, 'POST', path, body, idem);
      } catch {
        burst.failed++; // the connection died with the process
      }
      if (res && res.status >= 200 && res.status < 300) burst.acked.set(idem, res.text);
      else if (res) unexpected.push(`${res.status} ${res.text}`);
      if (!killed && burst.acked.size >= killAfter) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    }
  };
  const unexpected: string[] = [];
  await Promise.all(Array.from({ length: 24 }, worker));
  assert.equal(await server.exited, 'SIGKILL');
  assert.deepEqual(unexpected, [], 'every answered create succeeded');
  return burst;
}

/** The whole crash test for one create endpoint. */
async function crashTest(
  t: { diagnostic(message: string): void },
  url: string,
  path: string,
  prepare: (base: string, key: string) => Promise<(i: number) => string>,
): Promise<void> {
  const file = url;
  const key = newKey();
  const first = await startProcess(file);
  const bodyOf = await prepare(first.base, key);
  const before = (await listAll(first.base, key, path)).length;
  const total = 400;
  const burst = await burstAndKill(first, key, path, bodyOf, total, 150);
  assert.ok(burst.acked.size >= 150, `acknowledged ${burst.acked.size}`);
  assert.ok(burst.acked.size < total, 'the kill landed mid-load');

  const second = await startProcess(file);
  try {
    // Every acknowledged object is there, exactly as the 2xx said.
    for (const [idem, text] of burst.acked) {
      const acked = JSON.parse(text);
      const got = await call(second.base, key, 'GET', `${path}/${acked.id}`);
      assert.equal(got.status, 200, `${idem} (${acked.id}) lost after kill -9: ${got.text}`);
      assert.deepEqual(got.json, acked);
    }
    const afterRestart = await listAll(second.base, key, path);
    const ids = new Set(afterRestart.map((o) => o.id));
    assert.equal(ids.size, afterRestart.length, 'no duplicates in the list');
    for (const text of burst.acked.values()) assert.ok(ids.has(JSON.parse(text).id));
    const committed = afterRestart.length - before;
    assert.ok(committed >= burst.acked.size, `${committed} committed < ${burst.acked.size} acknowledged`);

    // Replaying acknowledged keys gives the same response and creates nothing.
    for (const [idem, text] of burst.acked) {
      const res = await call(second.base, key, 'POST', path, burst.sent.get(idem), idem);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('idempotent-replayed'), 'true', `${idem} not replayed`);
      assert.equal(res.text, text);
    }
    assert.equal((await listAll(second.base, key, path)).length, afterRestart.length, 'replays created objects');

    // Keys that never got an answer: each is either a replay of something that
    // committed before the kill, or a fresh create; the count adds up exactly.
    let fresh = 0;
    for (const [idem, body] of burst.sent) {
      if (burst.acked.has(idem)) continue;
      const res = await call(second.base, key, 'POST', path, body, idem);
      assert.equal(res.status, 200, res.text);
      if (res.headers.get('idempotent-replayed') !== 'true') fresh++;
    }
    const final = await listAll(second.base, key, path);
    assert.equal(final.length, afterRestart.length + fresh);
    assert.equal(final.length - before, burst.sent.size, 'one object per idempotency key, no more, no less');
    t.diagnostic(
      `${burst.sent.size} sent, ${burst.acked.size} acknowledged, ${burst.failed} failed (cut off or refused after the kill), ` +
        `${committed - burst.acked.size} committed unacknowledged, ${fresh} created on retry`,
    );
  } finally {
    second.child.kill('SIGKILL');
    await second.exited;
  }
}

for (const engine of engines(dir)) describe(`durability of the server process (${engine.name}, default settings)`, { skip: engine.skip }, () => {
  test('customers acknowledged before kill -9 survive it; replays create nothing', async (t) => {
    await crashTest(t, engine.url('customers'), '/v1/customers', async () => (i) => `name=Customer+${i}&email=c${i}%40example.com&metadata[i]=${i}`);
  });

  test('[invoiceitems] invoice items acknowledged before kill -9 survive it; replays create nothing', async (t) => {
    await crashTest(t, engine.url('invoiceitems'), '/v1/invoiceitems', async (base, key) => {
      const c = await call(base, key, 'POST', '/v1/customers', 'name=Durable');
      assert.equal(c.status, 200, c.text);
      return (i) => `customer=${c.json.id}&amount=${100 + i}&currency=usd&description=Item+${i}&metadata[i]=${i}`;
    });
  });

  test('data survives a normal restart (SIGTERM)', async () => {
    const file = engine.url('restart');
    const key = newKey();
    const first = await startProcess(file);
    const created: any[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(first.base, key, 'POST', '/v1/customers', `name=R${i}&metadata[n]=${i}`);
      assert.equal(res.status, 200, res.text);
      created.push(res.json);
    }
    const updated = await call(first.base, key, 'POST', `/v1/customers/${created[0].id}`, 'name=Renamed');
    assert.equal(updated.status, 200);
    created[0] = updated.json;
    const deleted = await call(first.base, key, 'DELETE', `/v1/customers/${created[1].id}`);
    assert.equal(deleted.status, 200);
    const idem = await call(first.base, key, 'POST', '/v1/customers', 'name=Once', 'restart-key');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, '0');

    const second = await startProcess(file);
    try {
      for (const c of [created[0], ...created.slice(2)]) {
        const got = await call(second.base, key, 'GET', `/v1/customers/${c.id}`);
        assert.deepEqual(got.json, c);
      }
      const gone = await call(second.base, key, 'GET', `/v1/customers/${created[1].id}`);
      assert.equal(gone.json.deleted, true);
      const replay = await call(second.base, key, 'POST', '/v1/customers', 'name=Once', 'restart-key');
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(replay.text, idem.text);
      assert.equal((await listAll(second.base, key, '/v1/customers')).length, 5);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
