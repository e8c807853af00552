// Flatness: the hot paths with 10,000 and with 1,000,000 invoice items in the account
// (BENCH_SCALE_SIZES, default 10000,1000000), each size on a fresh SQLite file: a real
// InvoiceKit on it, one customer and item made through the API, then the rest of the items
// written straight into the same account (the API's own item as the template, fresh ids).
// Not part of the default run: seeding a million rows takes minutes.
//
//   BENCH_GROUPS=scale npm run bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { startInvoiceKitOn } from '../lib/processes.ts';
import { api, auth, newKey, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET, CEILING_POST } from './ceiling.ts';
import { CREATE, CREATE_KEYED, LIST, RETRIEVE } from './invoice-items.ts';

const sizes = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000').split(',').map(Number);
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rid = (n = 24) => Array.from(randomBytes(n), (b) => B62[b % 62]).join('');

export const label = (n: number): string => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
/** A scale row's name: the hot path's, with the account's size. */
export const scaled = (name: string, n: number): string => `${name} [${label(n)} items]`;

/** `n` more items like `template` for its customer, in 10,000-row transactions; returns one from the middle. */
function seed(file: string, template: { date: number; customer: string }, account: string, n: number): string {
  const db = new SQLite(file);
  db.pragma('busy_timeout = 30000');
  const insert = db.prepare(
    'insert into objects (account, id, type, created, customer, invoice, status, ref, num, tag, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let middle = '';
  const batch = db.transaction((k0: number) => {
    for (let k = k0; k < Math.min(n, k0 + 10_000); k++) {
      const item = { ...template, id: `ii_${rid()}`, metadata: { k: String(k) } };
      if (k === Math.floor(n / 2)) middle = item.id;
      insert.run(account, item.id, 'invoiceitem', template.date, template.customer, null, null, null, null, null, JSON.stringify(item));
    }
  });
  for (let k = 0; k < n; k += 10_000) batch(k);
  // Fold the WAL back into the database, as a long-running server's checkpoints would have.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return middle;
}

function scaleGroup(n: number): ScenarioGroup {
  let file = '';
  return {
    name: `scale-${label(n)}`,
    target: 'invoicekit',
    start() {
      const dir = mkdtempSync(join(tmpdir(), 'invoicekit-scale-'));
      file = join(dir, 'bench.sqlite');
      return startInvoiceKitOn(file, [], () => rmSync(dir, { recursive: true, force: true }));
    },
    async prepare(base) {
      const key = newKey();
      const customer = await api(base, key, 'POST', '/v1/customers', 'name=Bench+scale');
      const template = await api(base, key, 'POST', '/v1/invoiceitems', `customer=${customer.id}&amount=1000&currency=usd`);
      const probe = new SQLite(file, { readonly: true });
      const { account } = probe.prepare('select account from objects where id = ?').get(template.id) as { account: string };
      probe.close();
      const t0 = performance.now();
      const middle = seed(file, template, account, n - 1);
      console.log(`  ${n} items in the account (${n - 1} seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      const body = `customer=${customer.id}&amount=1000&currency=usd`;
      return [
        { name: scaled(LIST, n), ceiling: CEILING_GET, load: { method: 'GET', path: '/v1/invoiceitems?limit=10', headers: auth(key) } },
        { name: scaled(RETRIEVE, n), ceiling: CEILING_GET, load: { method: 'GET', path: `/v1/invoiceitems/${middle}`, headers: auth(key) } },
        { name: scaled(CREATE, n), ceiling: CEILING_POST, load: { method: 'POST', path: '/v1/invoiceitems', headers: auth(key), body } },
        {
          name: scaled(CREATE_KEYED, n),
          ceiling: CEILING_POST,
          load: { method: 'POST', path: '/v1/invoiceitems', headers: { ...auth(key), 'idempotency-key': 'scale-[<id>]' }, body, idReplacement: true },
        },
      ];
    },
  };
}

export const scaleGroups: ScenarioGroup[] = sizes.map(scaleGroup);
export const SCALE_SIZES = sizes;
export const SCALED = [LIST, RETRIEVE, CREATE, CREATE_KEYED];
