// Is the dashboard as fast with 100,000 invoices in the account? A real InvoiceKit process on
// a fresh SQLite file, one customer and invoice made through the API, then N more invoices
// (BENCH_DASHBOARD_INVOICES, default 100000) written straight into the same account as copies
// of it with their own ids and numbers; then, signed in, each dashboard page timed over
// sequential requests: the first page of invoices, a page deep in the list, a search by
// number, a status filter, and one invoice.
//
//   npx tsx bench/dashboard-scale.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { startInvoiceKitOn } from './lib/processes.ts';
import { api, newKey } from './lib/scenario.ts';

const n = Number(process.env.BENCH_DASHBOARD_INVOICES ?? 100_000);
const requests = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 30);
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rid = (len = 24) => Array.from(randomBytes(len), (b) => B62[b % 62]).join('');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-dash-'));
  const file = join(dir, 'bench.sqlite');
  const server = await startInvoiceKitOn(file);
  try {
    const key = newKey();
    const customer = await api(server.base, key, 'POST', '/v1/customers', 'name=Bench+Customer&invoice_prefix=BENCH');
    const inv = await api(server.base, key, 'POST', '/v1/invoices', `customer=${customer.id}`);
    await api(server.base, key, 'POST', '/v1/invoiceitems', `customer=${customer.id}&invoice=${inv.id}&amount=1000&currency=usd`);
    await api(server.base, key, 'POST', `/v1/invoices/${inv.id}/finalize`);

    const db = new SQLite(file);
    db.pragma('busy_timeout = 30000');
    const row = db.prepare('select account, data from objects where id = ?').get(inv.id) as { account: string; data: string };
    const template = JSON.parse(row.data);
    const insert = db.prepare('insert into objects (account, id, type, created, customer, invoice, status, ref, num, tag, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const statuses = ['open', 'paid', 'void', 'uncollectible'];
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = `in_${rid()}`;
        const number = `BENCH-${String(i + 2).padStart(6, '0')}`;
        const status = statuses[i % statuses.length];
        const doc = { ...template, id, number, status };
        insert.run(row.account, id, 'invoice', template.created, customer.id, null, status, number, null, 'charge_automatically', JSON.stringify(doc));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const middle = db.prepare("select id, ref from objects where account = ? and type = 'invoice' and ref = ?").get(row.account, `BENCH-${String(Math.floor(n / 2)).padStart(6, '0')}`) as { id: string; ref: string };
    db.close();
    console.log(`${n} invoices seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const login = await fetch(`${server.base}/dashboard/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `key=${key}` });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const pages: [string, string][] = [
      ['first page of invoices', '/dashboard/invoices'],
      ['a page deep in the list', `/dashboard/invoices?starting_after=${middle.id}`],
      ['search by number', `/dashboard/invoices?q=${middle.ref}`],
      ['status filter (paid)', '/dashboard/invoices?status=paid'],
      ['one invoice', `/dashboard/invoices/${middle.id}`],
      ['the customer, with its invoices', `/dashboard/customers/${customer.id}`],
    ];
    console.log(`\n${'dashboard page'.padEnd(34)} median ms   p95 ms   (${requests} sequential requests, ${n + 1} invoices in the account)`);
    for (const [label, path] of pages) {
      const ms: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        const res = await fetch(server.base + path, { headers: { cookie }, redirect: 'manual' });
        await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      console.log(`${label.padEnd(34)} ${ms[Math.floor(ms.length / 2)].toFixed(1).padStart(9)}   ${ms[Math.floor(ms.length * 0.95)].toFixed(1).padStart(6)}`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
