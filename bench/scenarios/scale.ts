// Flatness: the hot paths with 10,000 and with 1,000,000 invoice items in the account
// (BENCH_SCALE_SIZES, default 10000,1000000), each size on a fresh SQLite file: a real
// InvoiceKit on it, one customer and item made through the API, then the rest of the items
// written straight into the same account by one SQL statement per 100,000 rows (the API's own
// item as the template, fresh ids). Not part of the default run: each size gets a server and a
// ceiling comparison of its own.
//
//   BENCH_GROUPS=scale npm run bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { startInvoiceKitOn } from '../lib/processes.ts';
import { api, auth, newKey, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET, CEILING_POST } from './ceiling.ts';
import { CREATE, CREATE_KEYED, LIST, RETRIEVE } from './invoice-items.ts';

const sizes = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000').split(',').map(Number);

export const label = (n: number): string => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
/** A scale row's name: the hot path's, with the account's size. */
export const scaled = (name: string, n: number): string => `${name} [${label(n)} items]`;

/**
 * `n` more items like `template` for its customer, made by SQLite itself (one statement per
 * 100,000 rows: a counter, a random id, the template with that id and a metadata counter), as
 * fast as the indexes take them; returns one from the middle.
 */
export function seed(file: string, template: { date: number; customer: string }, account: string, n: number): string {
  const db = new SQLite(file);
  db.pragma('busy_timeout = 30000');
  const insert = db.prepare(`
    insert into objects (account, id, type, created, customer, invoice, status, ref, num, tag, data)
    with recursive counter(k) as (select @from union all select k + 1 from counter where k + 1 < @to),
      fresh(k, id) as (select k, 'ii_' || substr(lower(hex(randomblob(12))), 1, 24) from counter)
    select @account, id, 'invoiceitem', @date, @customer, null, null, null, null, null,
      json_set(@template, '$.id', id, '$.metadata', json_object('k', cast(k as text)))
    from fresh`);
  const template_ = JSON.stringify(template);
  for (let k = 0; k < n; k += 100_000)
    insert.run({ from: k, to: Math.min(n, k + 100_000), account, date: template.date, customer: template.customer, template: template_ });
  const middle = db.prepare("select id from objects where account = ? and type = 'invoiceitem' order by seq limit 1 offset ?").get(account, Math.floor(n / 2)) as { id: string };
  // Fold the WAL back into the database, as a long-running server's checkpoints would have.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return middle.id;
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
