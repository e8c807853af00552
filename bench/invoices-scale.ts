// Does retrieving one invoice get slower as the database grows? For each size N
// (BENCH_SCALE_SIZES, default 10000,1000000): a fresh SQLite file, a real
// InvoiceKit process on it, one finalized 250-line invoice made through the API,
// then N invoice items written straight into the same account (on N/250 other
// invoices, each item with its line row, as the API would leave them), and
// autocannon on GET /v1/invoices/:id and on one page of its lines.
//
//   npx tsx bench/invoices-scale.ts
//   BENCH_SCALE_SIZES=10000,100000 BENCH_SECONDS=10 npx tsx bench/invoices-scale.ts
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { startInvoiceKitOn } from './lib/processes.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { api, auth, newKey } from './lib/scenario.ts';

const sizes = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rid = (n = 24) => Array.from(randomBytes(n), (b) => B62[b % 62]).join('');

/** N items with their lines on N/250 invoices of the account, in 250-row transactions of raw inserts. */
function seed(file: string, account: string, customers: string[], n: number, now: number): void {
  const db = new SQLite(file);
  db.pragma('busy_timeout = 30000');
  const insert = db.prepare(
    'insert into objects (account, id, type, created, customer, invoice, status, ref, num, tag, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const batch = db.transaction((k0: number) => {
    const invoice = `in_${rid()}`;
    const customer = customers[(k0 / 250) % customers.length];
    insert.run(account, invoice, 'invoice', now, customer, null, 'paid', null, null, 'charge_automatically',
      JSON.stringify({ id: invoice, object: 'invoice', customer, status: 'paid', currency: 'usd', total: 250 * 1000 }));
    for (let k = k0; k < Math.min(n, k0 + 250); k++) {
      const suffix = rid();
      const item = {
        id: `ii_${suffix}`, object: 'invoiceitem', amount: 1000, currency: 'usd', customer, customer_account: null, date: now,
        description: `Background item ${k}`, discountable: true, discounts: [], invoice, livemode: false, metadata: { k: String(k) },
        net_amount: 1000, parent: null, period: { end: now, start: now },
        pricing: { type: 'price_details', unit_amount_decimal: '1000' }, proration: false,
        proration_details: { credited_items: null, discount_amounts: [] }, quantity: 1, quantity_decimal: '1', tax_rates: [], test_clock: null,
      };
      insert.run(account, item.id, 'invoiceitem', now, customer, invoice, null, null, null, null, JSON.stringify(item));
      const line = {
        id: `il_${suffix}`, object: 'line_item', amount: 1000, currency: 'usd', description: item.description, discount_amounts: [],
        discountable: true, discounts: [], invoice, livemode: false, metadata: item.metadata,
        parent: { invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null }, subscription_item_details: null, type: 'invoice_item_details' },
        period: item.period, pretax_credit_amounts: [], pricing: item.pricing, quantity: 1, quantity_decimal: '1', subscription: null, subtotal: 1000, taxes: [],
      };
      insert.run(account, line.id, 'line_item', now, null, invoice, null, null, null, null, JSON.stringify(line));
    }
  });
  for (let k = 0; k < n; k += 250) batch(k);
  // Fold the WAL back into the database, as a long-running server's checkpoints would have.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

interface Row {
  items: number;
  dbMiB: number;
  retrieve: LoadResult;
  lines: LoadResult;
}

async function one(n: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-scale-'));
  const file = join(dir, 'bench.sqlite');
  const server = await startInvoiceKitOn(file);
  try {
    const key = newKey();
    const customers: string[] = [];
    for (let i = 0; i < 20; i++) customers.push((await api(server.base, key, 'POST', '/v1/customers', `name=C${i}`)).id);
    const rate = await api(server.base, key, 'POST', '/v1/tax_rates', 'display_name=VAT&percentage=19&inclusive=false');
    const inv = await api(server.base, key, 'POST', '/v1/invoices', `customer=${customers[0]}&default_tax_rates[0]=${rate.id}`);
    const pairs: string[] = [];
    for (let i = 0; i < 250; i++) pairs.push(`lines[${i}][amount]=${100 + i}`);
    await api(server.base, key, 'POST', `/v1/invoices/${inv.id}/add_lines`, pairs.join('&'));
    await api(server.base, key, 'POST', `/v1/invoices/${inv.id}/finalize`);

    const probe = new SQLite(file, { readonly: true });
    const { account } = probe.prepare('select account from objects where id = ?').get(inv.id) as { account: string };
    probe.close();
    const t0 = performance.now();
    seed(file, account, customers, n, Math.floor(Date.now() / 1000));
    const seeded = (performance.now() - t0) / 1000;
    const dbMiB = (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20;
    console.log(`  ${n} items (+ their lines) seeded in ${seeded.toFixed(0)} s; database ${dbMiB.toFixed(0)} MiB`);

    const retrieveSpec = { method: 'GET' as const, path: `/v1/invoices/${inv.id}`, headers: auth(key) };
    const linesSpec = { method: 'GET' as const, path: `/v1/invoices/${inv.id}/lines?limit=100`, headers: auth(key) };
    await runLoad(server.base, retrieveSpec, 2, connections); // warm the cache
    const retrieve = await runLoad(server.base, retrieveSpec, seconds, connections);
    const lines = await runLoad(server.base, linesSpec, seconds, connections);
    return { items: n, dbMiB, retrieve, lines };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`invoices at scale: sizes ${sizes.join(', ')}; ${seconds} s per load, ${connections} connections\n`);
  const rows: Row[] = [];
  for (const n of sizes) rows.push(await one(n));
  console.log('\nitems in account   db MiB   GET /v1/invoices/:id req/s  p50  p99   GET .../lines?limit=100 req/s  p50  p99');
  for (const r of rows)
    console.log(
      `${String(r.items).padStart(15)}  ${r.dbMiB.toFixed(0).padStart(7)}   ${r.retrieve.requestsPerSecond.toFixed(0).padStart(26)}  ${String(r.retrieve.p50).padStart(3)}  ${String(r.retrieve.p99).padStart(3)}   ${r.lines.requestsPerSecond.toFixed(0).padStart(29)}  ${String(r.lines.p50).padStart(3)}  ${String(r.lines.p99).padStart(3)}` +
        (r.retrieve.non2xx + r.lines.non2xx > 0 ? '  (non-2xx!)' : ''),
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
