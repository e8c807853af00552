// Concurrent POST /v1/invoices/:id/pay on one invoice charge it once: one answer is the paid
// invoice, the others Stripe's "Invoice is already paid", and there is one PaymentIntent and one
// charge. Real server processes, raw HTTP: two processes on one PostgreSQL (TEST_DATABASE_URL),
// one process on a SQLite file (a SQLite file has one writer).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKey } from '../helpers/server.ts';
import { afterProcesses, call, engines, listAll, ok, startProcess } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-pay-race-'));
const { running, drops } = afterProcesses();
drops.push(() => rmSync(dir, { recursive: true, force: true }));

for (const engine of engines(dir))
  describe(`concurrent pay calls (${engine.name})`, { skip: engine.skip }, () => {
    test('charge the invoice once, whichever process answers', async () => {
      const url = engine.url('race');
      const procs = engine.name === 'PostgreSQL' ? await Promise.all([startProcess(url), startProcess(url)]) : [await startProcess(url)];
      running.push(...procs);
      const bases = procs.map((p) => p.base);
      const key = newKey();
      const ROUNDS = 5;
      const CALLS = 8;
      for (let round = 0; round < ROUNDS; round++) {
        const c = await ok(bases[0], key, 'POST', '/v1/customers', 'payment_method=pm_card_visa');
        const pms = await ok(bases[0], key, 'GET', `/v1/customers/${c.id}/payment_methods`);
        await ok(bases[0], key, 'POST', `/v1/customers/${c.id}`, `invoice_settings[default_payment_method]=${pms.data[0].id}`);
        await ok(bases[0], key, 'POST', '/v1/invoiceitems', `customer=${c.id}&amount=${1000 + round}&currency=usd`);
        const inv = await ok(bases[0], key, 'POST', '/v1/invoices', `customer=${c.id}&pending_invoice_items_behavior=include`);
        const answers = await Promise.all(
          Array.from({ length: CALLS }, (_, i) => call(bases[i % bases.length], key, 'POST', `/v1/invoices/${inv.id}/pay`)),
        );
        assert.deepEqual(answers.filter((a) => a.status >= 500).map((a) => a.text), [], 'no 5xx');
        const paid = answers.filter((a) => a.status === 200);
        assert.equal(paid.length, 1, answers.map((a) => `${a.status} ${a.text.slice(0, 120)}`).join('\n'));
        for (const a of answers.filter((x) => x.status !== 200)) {
          assert.equal(a.status, 400);
          assert.equal(a.json.error.message, 'Invoice is already paid');
        }
        const intents = await listAll(bases[0], key, `/v1/payment_intents?customer=${c.id}`);
        const charges = await listAll(bases[bases.length - 1], key, `/v1/charges?customer=${c.id}`);
        assert.equal(intents.length, 1);
        assert.equal(charges.length, 1);
        assert.equal(charges[0].amount, 1000 + round);
        const final = await ok(bases[0], key, 'GET', `/v1/invoices/${inv.id}`);
        assert.equal(final.status, 'paid');
        assert.equal(final.amount_paid, 1000 + round);
      }
    });
  });
