// Automatic collection in real server processes on the system clock: a step scheduled before a
// kill -9 runs after the restart, and with several processes on one PostgreSQL every invoice is
// finalized and charged exactly once. The invoices are due a few seconds after creation
// (`automatically_finalizes_at`), so the tests wait for them instead of an hour.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKey } from '../helpers/server.ts';
import { afterProcesses, engines, listAll, ok, pool, startProcess, type Running } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-collection-'));
const { running, drops } = afterProcesses();
drops.push(() => rmSync(dir, { recursive: true, force: true }));

async function start(url: string): Promise<Running> {
  const r = await startProcess(url);
  running.push(r);
  return r;
}

/** An auto-advancing invoice of a customer with a default card, due `inSeconds` from now. */
async function dueInvoice(base: string, key: string, inSeconds: number, amount = 1200): Promise<string> {
  const c = await ok(base, key, 'POST', '/v1/customers', 'payment_method=pm_card_visa');
  const pms = await ok(base, key, 'GET', `/v1/customers/${c.id}/payment_methods`);
  await ok(base, key, 'POST', `/v1/customers/${c.id}`, `invoice_settings[default_payment_method]=${pms.data[0].id}`);
  await ok(base, key, 'POST', '/v1/invoiceitems', `customer=${c.id}&amount=${amount}&currency=usd`);
  const at = Math.floor(Date.now() / 1000) + inSeconds;
  const inv = await ok(base, key, 'POST', '/v1/invoices', `customer=${c.id}&pending_invoice_items_behavior=include&auto_advance=true&automatically_finalizes_at=${at}`);
  return inv.id;
}

async function waitUntilPaid(base: string, key: string, ids: string[], timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const invoices = await Promise.all(ids.map((id) => ok(base, key, 'GET', `/v1/invoices/${id}`)));
    if (invoices.every((i) => i.status === 'paid')) return;
    if (Date.now() > end) assert.fail(`not paid: ${invoices.filter((i) => i.status !== 'paid').map((i) => `${i.id} ${i.status}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

for (const engine of engines(dir))
  describe(`automatic collection across processes (${engine.name})`, { skip: engine.skip }, () => {
    test('a collection scheduled before kill -9 runs after the restart, once', async () => {
      const url = engine.url('restart');
      const key = newKey();
      const first = await start(url);
      const id = await dueInvoice(first.base, key, 3);
      first.child.kill('SIGKILL');
      await first.exited;
      const second = await start(url);
      await waitUntilPaid(second.base, key, [id]);
      const charges = await listAll(second.base, key, '/v1/charges');
      assert.equal(charges.length, 1);
      const paid = await ok(second.base, key, 'GET', `/v1/invoices/${id}`);
      assert.equal(paid.attempt_count, 1);
    });

    test('several processes: every invoice finalized and charged exactly once', { skip: engine.name === 'SQLite' ? 'one writer: several processes need PostgreSQL' : false }, async () => {
      const url = engine.url('many');
      const procs = [await start(url), await start(url), await start(url)];
      const key = newKey();
      const ids = await pool(Array.from({ length: 12 }, (_, i) => i), 4, (i) => dueInvoice(procs[i % procs.length].base, key, 3, 1000 + i));
      await waitUntilPaid(procs[0].base, key, ids);
      const charges = await listAll(procs[1].base, key, '/v1/charges');
      assert.equal(charges.length, ids.length);
      const intents = await listAll(procs[2].base, key, '/v1/payment_intents');
      assert.equal(intents.length, ids.length);
      const succeeded = await listAll(procs[0].base, key, '/v1/events?type=invoice.payment_succeeded');
      assert.deepEqual(succeeded.map((e) => e.data.object.id).sort(), [...ids].sort());
      const finalized = await listAll(procs[0].base, key, '/v1/events?type=invoice.finalized');
      assert.equal(finalized.length, ids.length);
    });
  });
