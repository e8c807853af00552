// Durability of the real server process on a SQLite file with the default
// settings (WAL, synchronous=NORMAL): every create that got a 2xx survives a
// `kill -9` in the middle of a burst, is returned unchanged after a restart, and
// replaying its Idempotency-Key afterwards creates nothing new.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { newKey } from '../helpers/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'invoicekit-durability-'));
const children = new Set<ChildProcess>();
after(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
}

/** Starts `src/main.ts` on a free port over `file`, resolving once it logs where it listens. */
async function startProcess(file: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--host', '127.0.0.1', '--port', '0', '--database-url', file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '' },
  });
  children.add(child);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => (children.delete(child), resolve(signal ?? String(code)))));
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s; stderr: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /InvoiceKit listening on (http:\/\/[^\s]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${how}) before listening; stderr: ${stderr}`));
    });
  });
  return { base, child, exited };
}

async function call(base: string, key: string, method: string, path: string, body?: string, idempotencyKey?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** Every object of a list endpoint, following starting_after. */
async function listAll(base: string, key: string, path: string): Promise<any[]> {
  const out: any[] = [];
  let after = '';
  for (;;) {
    const res = await call(base, key, 'GET', `${path}?limit=100${after ? `&starting_after=${after}` : ''}`);
    assert.equal(res.status, 200, res.text);
    out.push(...res.json.data);
    if (!res.json.has_more) return out;
    after = res.json.data[res.json.data.length - 1].id;
  }
}

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
  path: string,
  prepare: (base: string, key: string) => Promise<(i: number) => string>,
): Promise<void> {
  const file = join(dir, `${path.replace(/\W/g, '')}.sqlite`);
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

describe('durability of the server process (SQLite, default settings)', () => {
  test('customers acknowledged before kill -9 survive it; replays create nothing', async (t) => {
    await crashTest(t, '/v1/customers', async () => (i) => `name=Customer+${i}&email=c${i}%40example.com&metadata[i]=${i}`);
  });

  test('[invoiceitems] invoice items acknowledged before kill -9 survive it; replays create nothing', async (t) => {
    await crashTest(t, '/v1/invoiceitems', async (base, key) => {
      const c = await call(base, key, 'POST', '/v1/customers', 'name=Durable');
      assert.equal(c.status, 200, c.text);
      return (i) => `customer=${c.json.id}&amount=${100 + i}&currency=usd&description=Item+${i}&metadata[i]=${i}`;
    });
  });

  test('data survives a normal restart (SIGTERM)', async () => {
    const file = join(dir, 'restart.sqlite');
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
