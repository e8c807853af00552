// A server under invoicing write load (invoices, their items, finalizations) is killed with
// SIGKILL and started again on the same data, on SQLite and (with TEST_DATABASE_URL) on
// PostgreSQL: every object whose creation got a 2xx is there and complete, every finalization
// that got a 2xx is there with its number, no invoice is half-finalized (open means numbered,
// with totals equal to its lines, numbers gapless per customer), and replaying the
// acknowledged Idempotency-Keys answers the same and creates nothing new.
// The same for plain creates (customers, items): durability.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKey } from '../helpers/server.ts';
import { call, engines, killAll, listAll, ok, startProcess, type Running } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-crash-'));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  method: string;
  path: string;
  body: string;
  kind: 'invoice' | 'item' | 'finalize';
}

interface Load {
  sent: Map<string, Sent>;
  /** Idempotency-Key -> the text of its 2xx. */
  acked: Map<string, string>;
  unexpected: string[];
}

/**
 * `flows` invoices, each: create a draft, add three items, finalize; `parallel` flows at a
 * time, each request with its own Idempotency-Key. The process is killed with SIGKILL as soon
 * as `killAfter` requests were acknowledged; a flow ends at its first unanswered request.
 */
async function loadAndKill(server: Running, key: string, customers: string[], flows: number, parallel: number, killAfter: number): Promise<Load> {
  const load: Load = { sent: new Map(), acked: new Map(), unexpected: [] };
  let killed = false;
  const send = async (idem: string, s: Sent): Promise<any | undefined> => {
    if (killed) return undefined;
    load.sent.set(idem, s);
    const res = await call(server.base, key, s.method, s.path, s.body, idem).catch(() => undefined);
    if (!res) return undefined; // cut off by the kill
    if (res.status !== 200) {
      load.unexpected.push(`${res.status} ${res.text}`);
      return undefined;
    }
    load.acked.set(idem, res.text);
    if (!killed && load.acked.size >= killAfter) {
      killed = true;
      server.child.kill('SIGKILL');
    }
    return res.json;
  };
  let next = 0;
  const worker = async () => {
    while (next < flows && !killed) {
      const k = next++;
      const customer = customers[k % customers.length];
      const inv = await send(`inv-${k}`, { kind: 'invoice', method: 'POST', path: '/v1/invoices', body: `customer=${customer}&metadata[k]=${k}` });
      if (!inv) return;
      for (let j = 0; j < 3; j++) {
        const body = `customer=${customer}&invoice=${inv.id}&amount=${100 * (k + 1) + j}&currency=usd&description=Flow+${k}+item+${j}`;
        if (!(await send(`item-${k}-${j}`, { kind: 'item', method: 'POST', path: '/v1/invoiceitems', body }))) return;
      }
      if (!(await send(`fin-${k}`, { kind: 'finalize', method: 'POST', path: `/v1/invoices/${inv.id}/finalize`, body: '' }))) return;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  assert.equal(await server.exited, 'SIGKILL');
  return load;
}

for (const engine of engines(dir))
  describe(`crash under invoicing load (${engine.name})`, { skip: engine.skip }, () => {
    test('kill -9 amid invoices, items and finalizations: acknowledged work is whole, nothing half-finalized, replays create nothing', async (t) => {
      const url = engine.url('crash');
      const key = newKey();
      const first = await startProcess(url);
      const customers: any[] = [];
      for (let i = 0; i < 4; i++) customers.push(await ok(first.base, key, 'POST', '/v1/customers', `name=Crash+${i}`));
      const load = await loadAndKill(first, key, customers.map((c) => c.id), 120, 16, 260);
      assert.deepEqual(load.unexpected, [], 'every answered request succeeded');
      assert.ok(load.acked.size >= 260, `acknowledged ${load.acked.size}`);
      assert.ok(load.acked.size < 120 * 5, 'the kill landed mid-load');

      const second = await startProcess(url);
      try {
        const base = second.base;
        // 1. Everything acknowledged is there.
        for (const [idem, text] of load.acked) {
          const acked = JSON.parse(text);
          const s = load.sent.get(idem)!;
          if (s.kind === 'item') {
            const got = await call(base, key, 'GET', `/v1/invoiceitems/${acked.id}`);
            assert.equal(got.status, 200, `${idem} (${acked.id}) lost: ${got.text}`);
            assert.deepEqual(got.json, acked, `${idem}: the item as acknowledged`);
          } else {
            const got = await call(base, key, 'GET', `/v1/invoices/${acked.id}`);
            assert.equal(got.status, 200, `${idem} (${acked.id}) lost: ${got.text}`);
            if (s.kind === 'finalize') {
              assert.equal(got.json.status, 'open', `${idem}: finalized`);
              assert.equal(got.json.number, acked.number);
              assert.equal(got.json.total, acked.total);
              assert.equal(got.json.amount_due, acked.amount_due);
            }
          }
        }

        // 2. No invoice is half-way: open ones are numbered and equal to their lines, drafts to their items.
        const invoices = await listAll(base, key, '/v1/invoices');
        const byCustomer = new Map<string, string[]>();
        for (const inv of invoices) {
          const items = await listAll(base, key, `/v1/invoiceitems?invoice=${inv.id}`);
          const lines = await listAll(base, key, `/v1/invoices/${inv.id}/lines`);
          const sum = items.reduce((s, x) => s + x.amount, 0);
          assert.equal(lines.length, items.length, `${inv.id}: one line per item`);
          assert.equal(lines.reduce((s, l) => s + l.amount, 0), sum, `${inv.id}: lines mirror items`);
          assert.equal(inv.subtotal, sum, `${inv.id} (${inv.status}): subtotal is its lines`);
          assert.equal(inv.total, sum);
          assert.equal(inv.amount_due, sum);
          if (inv.status === 'draft') {
            assert.equal(inv.number, null);
            assert.equal(inv.status_transitions.finalized_at, null);
          } else {
            assert.equal(inv.status, 'open');
            assert.match(inv.number ?? '', /^[0-9A-F]+-\d{4}$/, `${inv.id}: open means numbered`);
            assert.ok(inv.status_transitions.finalized_at, `${inv.id}: finalized_at`);
            byCustomer.set(inv.customer, [...(byCustomer.get(inv.customer) ?? []), inv.number]);
          }
        }
        // Numbers per customer: 1..n, no gap, and the customer's sequence moved exactly that far.
        for (const c of customers) {
          const numbers = (byCustomer.get(c.id) ?? []).sort();
          const stored = await ok(base, key, 'GET', `/v1/customers/${c.id}`);
          assert.deepEqual(numbers, numbers.map((_, i) => `${stored.invoice_prefix}-${String(i + 1).padStart(4, '0')}`), 'gapless numbers');
          assert.equal(stored.next_invoice_sequence, numbers.length + 1);
        }

        // 3. Replaying the acknowledged keys gives the same answers and creates nothing.
        const itemsBefore = (await listAll(base, key, '/v1/invoiceitems')).length;
        for (const [idem, text] of load.acked) {
          const s = load.sent.get(idem)!;
          const res = await call(base, key, s.method, s.path, s.body, idem);
          assert.equal(res.status, 200, res.text);
          assert.equal(res.headers.get('idempotent-replayed'), 'true', `${idem} not replayed`);
          assert.equal(res.text, text);
        }
        assert.equal((await listAll(base, key, '/v1/invoices')).length, invoices.length, 'replays created invoices');
        assert.equal((await listAll(base, key, '/v1/invoiceitems')).length, itemsBefore, 'replays created items');

        const finalized = [...byCustomer.values()].reduce((s, n) => s + n.length, 0);
        t.diagnostic(
          `${load.sent.size} sent, ${load.acked.size} acknowledged; after the restart ${invoices.length} invoices ` +
            `(${finalized} finalized), ${itemsBefore} items`,
        );
      } finally {
        second.child.kill('SIGKILL');
        await second.exited;
      }
    });
  });
