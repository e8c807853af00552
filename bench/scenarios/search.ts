// Search over an account with BENCH_SEARCH_INVOICES invoices (default 100,000):
// the invoices are written straight into a fresh SQLite file, with their search
// index rows (src/search/terms.ts, as the server would write them), beside a
// running InvoiceKit; then each query is timed one request at a time (median and
// p99 over BENCH_SEARCH_RUNS, printed and written to bench/results/search.json)
// and put under autocannon load like the other groups.
//
//   BENCH_GROUPS=search npm run bench
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { ROOT, startInvoiceKitOn, type Target } from '../lib/processes.ts';
import { api, auth, newKey, type ScenarioGroup } from '../lib/scenario.ts';
import { termsOf } from '../../src/search/terms.ts';
import { invoices as invoiceTable } from '../../src/search/tables/invoices.ts';
import { CEILING_GET } from './ceiling.ts';

const N = Number(process.env.BENCH_SEARCH_INVOICES ?? 100_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 50);
const CUSTOMERS = 1000;
const STATUSES = ['draft', 'open', 'paid', 'paid', 'void', 'uncollectible'] as const;

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rid = (n = 24) => Array.from(randomBytes(n), (b) => B62[b % 62]).join('');

let file = '';

/** N invoices of the account, with their index rows, in 1000-row transactions. */
export function seed(file: string, account: string, customers: string[], now: number): void {
  const db = new SQLite(file);
  db.pragma('busy_timeout = 30000');
  const object = db.prepare(
    'insert into objects (account, id, type, created, customer, invoice, status, ref, num, tag, data) values (?, ?, ?, ?, ?, null, ?, null, ?, ?, ?)',
  );
  const term = db.prepare('insert into search_terms (account, type, id, seq, field, value, text, num) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((k0: number) => {
    for (let k = k0; k < Math.min(N, k0 + 1000); k++) {
      const customer = customers[k % customers.length];
      const status = STATUSES[k % STATUSES.length];
      const created = now - (N - k);
      const total = (k * 7919) % 100_000;
      const inv = {
        id: `in_${rid()}`, object: 'invoice', customer, status, created, currency: k % 3 === 0 ? 'eur' : 'usd', total,
        number: status === 'draft' ? null : `BENCH-${String(k).padStart(6, '0')}`, receipt_number: null,
        last_finalization_error: null, parent: null, metadata: { order: `ord_${k}` }, collection_method: 'charge_automatically', due_date: null,
      };
      const { lastInsertRowid } = object.run(account, inv.id, 'invoice', created, customer, status, null, inv.collection_method, JSON.stringify(inv));
      for (const t of termsOf(invoiceTable, inv, { status })) term.run(account, 'invoice', inv.id, lastInsertRowid, t.field, t.value, t.text, t.num);
    }
  });
  for (let k = 0; k < N; k += 1000) batch(k);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export const search: ScenarioGroup = {
  name: 'search',
  target: 'invoicekit',
  start(): Promise<Target> {
    const dir = mkdtempSync(join(tmpdir(), 'invoicekit-search-'));
    file = join(dir, 'bench.sqlite');
    return startInvoiceKitOn(file, [], () => rmSync(dir, { recursive: true, force: true }));
  },
  async prepare(base) {
    const key = newKey();
    const customers: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(`cus_${rid(14)}`);
    const probe = await api(base, key, 'POST', '/v1/customers', 'name=Bench+search');
    const db = new SQLite(file, { readonly: true });
    const { account } = db.prepare('select account from objects where id = ?').get(probe.id) as { account: string };
    db.close();
    const t0 = performance.now();
    seed(file, account, customers, Math.floor(Date.now() / 1000));
    console.log(`  ${N} invoices (with their index rows) seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const queries: [string, string][] = [
      ['one customer\'s open invoices', `customer:"${customers[42]}" AND status:"open"`],
      ['status (a third of all)', 'status:"paid"'],
      ['status, with total_count', 'status:"paid"&expand[]=total_count'],
      ['range and token', 'total>90000 AND currency:"eur"'],
      ['metadata', `metadata['order']:'ord_${Math.floor(N / 2)}'`],
      ['number, whole word', `number:"BENCH-${String(Math.floor(N / 3)).padStart(6, '0')}"`],
      ['number, substring', 'number~"12345"'],
      ['negation', '-status:"void" AND -status:"draft"'],
      ['OR of two customers', `customer:"${customers[1]}" OR customer:"${customers[2]}"`],
    ];
    const path = (q: string) => {
      const [query, ...rest] = q.split('&');
      return `/v1/invoices/search?query=${encodeURIComponent(query)}${rest.length ? `&${rest.join('&')}` : ''}`;
    };
    const timings = [];
    for (const [name, q] of [['baseline: the list, GET /v1/invoices?status=paid', ''], ...queries]) {
      const once = async () => {
        const res = await fetch(base + (q === '' ? '/v1/invoices?status=paid' : path(q)), { headers: auth(key) });
        const body = (await res.json()) as { data?: unknown[] };
        if (!res.ok || !Array.isArray(body.data)) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
        return body.data.length;
      };
      await once();
      const ms: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        await once();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      const t = { query: q, median: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] };
      timings.push(t);
      console.log(`  ${name} (${q}): median ${t.median.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (${RUNS} runs, one at a time)`);
    }
    const out = join(ROOT, 'bench/results/search.json');
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, invoices: N, timings }, null, 2)}\n`);
    console.log(`  (timings written to ${out})\n`);
    return [
      // The baseline: the same ten invoices shown by the plain list.
      { name: `GET /v1/invoices?status=paid (list, ${N} invoices)`, ceiling: CEILING_GET, load: { method: 'GET' as const, path: '/v1/invoices?status=paid', headers: auth(key) } },
      ...[0, 1, 3, 4, 6].map((i) => ({
        name: `GET /v1/invoices/search: ${queries[i][0]} (${N} invoices)`,
        ceiling: CEILING_GET,
        load: { method: 'GET' as const, path: path(queries[i][1]), headers: auth(key) },
      })),
    ];
  },
};
