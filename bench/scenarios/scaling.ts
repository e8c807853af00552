// Scaling out: POST /v1/invoiceitems on 1 process over SQLite, 1 process over PostgreSQL
// and `--workers 2` over PostgreSQL, one after the other in one run, each on a fresh
// database (BENCH_DATABASE_URL, or a throwaway cluster started for the run, fsync on).
//
//   BENCH_GROUPS=scaling npm run bench        (scaling = the three groups below)
import { startInvoiceKit, startInvoiceKitOn } from '../lib/processes.ts';
import { freshDatabase } from '../lib/postgres.ts';
import { api, auth, newKey, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_POST } from './ceiling.ts';
import { CREATE } from './invoice-items.ts';

export const SQLITE_CREATE = 'POST /v1/invoiceitems [SQLite, 1 process]';
export const PG_CREATE = 'POST /v1/invoiceitems [PostgreSQL, 1 process]';

function group(name: string, label: string, start: ScenarioGroup['start']): ScenarioGroup {
  return {
    name,
    target: 'invoicekit',
    start,
    async prepare(base) {
      const key = newKey();
      const customer = await api(base, key, 'POST', '/v1/customers', 'name=Bench+writer');
      const body = `customer=${customer.id}&amount=1000&currency=usd`;
      const name = `POST /v1/invoiceitems [${label}]`;
      // PostgreSQL is compared with SQLite's create path measured in the same run (the invoiceitems group's, or scaling-sqlite's).
      const baseline = name === SQLITE_CREATE ? undefined : [CREATE, SQLITE_CREATE];
      return [{ name, ceiling: CEILING_POST, baseline, load: { method: 'POST', path: '/v1/invoiceitems', headers: auth(key), body } }];
    },
  };
}

async function onPostgres(workers: number) {
  const db = await freshDatabase();
  return startInvoiceKitOn(db.url, ['--workers', String(workers)], () => void db.drop().catch(() => undefined));
}

export const scalingGroups: ScenarioGroup[] = [
  group('scaling-sqlite', 'SQLite, 1 process', () => startInvoiceKit()),
  group('scaling-pg1', 'PostgreSQL, 1 process', () => onPostgres(1)),
  group('scaling-pg2', 'PostgreSQL, 2 workers', () => onPostgres(2)),
];
