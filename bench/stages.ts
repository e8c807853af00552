// npm run bench:stages: microseconds of CPU per stage of the write path, each stage run alone
// in a loop in this process (no HTTP, no load generator), so that a busy machine moves the
// figures far less than it moves req/s. Measures the compiled build (dist/), as `npm start` runs.
//
//   - SQLite's own work per statement (better-sqlite3 directly, no Kysely);
//   - the same statements through the store (compiled queries on the connection, the group commit);
//   - a unit of work with nothing in it, and one that stores an invoice item with its event;
//   - the CPU-only stages of a request: form parsing, JSON of a stored object.
//
//   - with STAGES_ITEMS (e.g. 10000,1000000): per account size, the stages whose cost could grow
//     with it (a list page, a retrieve, a create), on a fresh file seeded by SQL (scenarios/scale.ts).
//
//   STAGES_ROUNDS  iterations per stage (default 3000)
//   STAGES_ITEMS   account sizes to measure the size-dependent stages at (default none)
//   STAGES_DIST    the build to measure (default dist/)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/processes.ts';

const rounds = Number(process.env.STAGES_ROUNDS ?? 3000);
// STAGES_DIST: another build to measure (an older commit's, built elsewhere), for before/after.
const dist = (p: string) => import(join(process.env.STAGES_DIST ?? join(ROOT, 'dist'), p));

const { openStore } = await dist('store/db.js');
const { compiled } = await dist('store/compiled.js');
const { insertObject, getObject } = await dist('store/objects.js');
const { insertEvents } = await dist('events/record.js');
const { writeRequest } = await dist('work/run.js');
const { workEnv } = await dist('app.js');
const { parseForm } = await dist('http/form.js');
const { newId } = await dist('store/ids.js');
const { listObjects } = await dist('store/objects.js');
const { seed } = await import('./scenarios/scale.ts');

/**
 * CPU µs (user + system) per call of `fn`, after a warm-up: the least of five batches, since
 * other processes on the machine only ever add to a batch's time (cache misses, migrations).
 */
async function measure(fn: (i: number) => unknown): Promise<number> {
  let n = 0;
  for (let i = 0; i < Math.min(300, rounds); i++) await fn(n++);
  let best = Infinity;
  for (let batch = 0; batch < 5; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < rounds / 5; i++) await fn(n++);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / (rounds / 5));
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-stages-'));
const store = await openStore(join(dir, 'stages.sqlite'));
const sqlite = store.sqlite!;
const account = 'acct_stages';
const item = {
  id: 'ii_x', object: 'invoiceitem', amount: 1000, currency: 'usd', customer: 'cus_stages', date: 1_700_000_000, description: null,
  discountable: true, discounts: [], invoice: null, livemode: false, metadata: {}, net_amount: 1000, parent: null,
  period: { end: 1_700_000_000, start: 1_700_000_000 }, pricing: { price_details: null, type: null, unit_amount_decimal: '1000' },
  proration: false, quantity: 1, tax_rates: [], test_clock: null,
};
const customer = { id: 'cus_stages', object: 'customer', created: 1_700_000_000, currency: 'usd', name: 'Stages', metadata: {} };
await insertObject({ db: store.db, account, work: null }, 'customer', customer, {});
await store.durable();

const rows: [string, number][] = [];
const row = async (name: string, fn: (i: number) => unknown) => rows.push([name, await measure(fn)]);

// SQLite alone: prepared once, as the store's statement cache keeps them.
const nativeInsert = sqlite.prepare('insert into objects (account, id, type, created, customer, invoice, status, ref, num, tag, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const nativeEvent = sqlite.prepare('insert into events (account, id, type, created, api_version, request_id, idempotency_key, object, previous_attributes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
const nativeGet = sqlite.prepare('select data from objects where account = ? and id = ? and type = ?');
const text = JSON.stringify(item);
sqlite.exec('begin');
await row('sqlite: insert an object row', (i) => nativeInsert.run(account, `ii_n${i}_${Math.random()}`, 'invoiceitem', 1, 'cus_stages', null, null, null, null, null, text));
await row('sqlite: insert an event row', (i) => nativeEvent.run(account, `evt_n${i}_${Math.random()}`, 'invoiceitem.created', 1, '2026-10-28.endive', 'req_x', null, text, null));
await row('sqlite: read an object by id', () => nativeGet.get(account, 'cus_stages', 'customer'));
await row('sqlite: savepoint + release', () => {
  sqlite.exec('savepoint request');
  sqlite.exec('release request');
});
sqlite.exec('commit');
// The store's reads outside a unit of work are statements of their own: SQLite takes and drops
// the WAL's read lock around each one, which the reads above (in a transaction) do not pay.
await row('sqlite: read an object by id, outside a transaction', () => nativeGet.get(account, 'cus_stages', 'customer'));
await row('sqlite: begin + commit (one group)', (i) => {
  sqlite.exec('begin');
  nativeGet.get(account, `cus_${i}`, 'customer');
  sqlite.exec('commit');
});

// The store: the same through compiled queries and Kysely.
/** The compiled read's SQL and values as one Kysely CompiledQuery (Kysely's executor runs it). */
const kyselyRead = (db: any, a: { account: string; id: string; type: string }) =>
  db.selectFrom('objects').select('data').where('account', '=', a.account).where('id', '=', a.id).where('type', '=', a.type).compile();
const getSql = compiled((db: any, a: { account: string; id: string; type: string }) =>
  db.selectFrom('objects').select('data').where('account', '=', a.account).where('id', '=', a.id).where('type', '=', a.type),
);
await row('store: read an object by id (compiled query)', () => getSql.rows(store.db, { account, id: 'cus_stages', type: 'customer' }));
await row('store: getObject (read + JSON.parse)', () => getObject(store.db, account, 'customer', 'cus_stages'));
// Per statement inside a transaction (SQLite's read lock is the transaction's): the store's own
// cost per statement over SQLite's, and the same SQL sent through Kysely's executor, as compiled
// queries ran before they went to the connection directly (sqlite-connection.ts), in the same run.
await store.db.transaction().execute(async (trx: any) => {
  const args = { account, id: 'cus_stages', type: 'customer' };
  await row('store: read an object by id in a transaction (compiled query)', () => getSql.rows(trx, args));
  const viaKysely = kyselyRead(trx, args);
  await row("store: the same SQL through Kysely's executor", () => trx.executeQuery(viaKysely));
});
await store.durable();

const env = workEnv(store, { apiVersion: '2026-10-28.endive' });
const base = { account, apiVersion: '2026-10-28.endive', requestId: 'req_stages', idempotencyKey: null, now: 1_700_000_000, hints: [], expand: [], config: undefined, accountVersion: '2026-10-28.endive' };
const empty = { status: 200, body: '{}', requestId: 'req_stages' };
await row('unit of work, empty (transaction plumbing)', async () => {
  await writeRequest(env, base, null, async () => empty);
  await store.durable();
});
await row('unit of work: insert an item + its event row', async () => {
  await writeRequest(env, base, null, async (ctx: any) => {
    await insertObject(ctx, 'invoiceitem', { ...item, id: newId('ii') }, { customer: 'cus_stages' }, item.date);
    await insertEvents(ctx.db, [{ account, type: 'invoiceitem.created', created: 1, apiVersion: '2026-10-28.endive', requestId: 'req_stages', idempotencyKey: null, object: item, previousAttributes: null }]);
    return empty;
  });
  await store.durable();
});
await row('unit of work: the same, ten per group commit', async () => {
  const units = Array.from({ length: 10 }, () =>
    writeRequest(env, base, null, async (ctx: any) => {
      await insertObject(ctx, 'invoiceitem', { ...item, id: newId('ii') }, { customer: 'cus_stages' }, item.date);
      await insertEvents(ctx.db, [{ account, type: 'invoiceitem.created', created: 1, apiVersion: '2026-10-28.endive', requestId: 'req_stages', idempotencyKey: null, object: item, previousAttributes: null }]);
      return empty;
    }),
  );
  await Promise.all(units);
  await store.durable();
});
rows[rows.length - 1][1] /= 10;

// CPU-only stages of a request.
await row('form: parse the create body', () => parseForm('customer=cus_stages&amount=1000&currency=usd&metadata[a]=b'));
await row('JSON: stringify an invoice item', () => JSON.stringify(item));
await row('JSON: parse an invoice item', () => JSON.parse(text));

await store.close();
rmSync(dir, { recursive: true, force: true });

/** The size-dependent stages on an account of `n` items. */
async function atSize(n: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-stages-'));
  const file = join(dir, 'scale.sqlite');
  const s = await openStore(file);
  await insertObject({ db: s.db, account, work: null }, 'customer', customer, {});
  await s.durable();
  const t0 = performance.now();
  const middle = seed(file, { ...item, customer: 'cus_stages' }, account, n);
  console.log(`  ${n} items seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const e = workEnv(s, { apiVersion: '2026-10-28.endive' });
  const out = [
    await measure(() => listObjects(s.db, account, 'invoiceitem', { limit: 10, where: {} })),
    await measure(() => getObject(s.db, account, 'invoiceitem', middle)),
    await measure(async () => {
      await writeRequest(e, base, null, async (ctx: any) => {
        await insertObject(ctx, 'invoiceitem', { ...item, id: newId('ii') }, { customer: 'cus_stages' }, item.date);
        await insertEvents(ctx.db, [{ account, type: 'invoiceitem.created', created: 1, apiVersion: '2026-10-28.endive', requestId: 'req_stages', idempotencyKey: null, object: item, previousAttributes: null }]);
        return empty;
      });
      await s.durable();
    }),
  ];
  await s.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}
const sizes = (process.env.STAGES_ITEMS ?? '').split(',').filter(Boolean).map(Number);
const bySize: number[][] = [];
for (const n of sizes) bySize.push(await atSize(n));

console.log(`stages: CPU µs per call, least of 5 batches of ${rounds / 5} calls (compiled build, SQLite, synchronous=NORMAL)`);
for (const [name, us] of rows) console.log(`  ${us.toFixed(1).padStart(8)}  ${name}`);
if (sizes.length > 0) {
  console.log(`\nby account size: CPU µs per call${sizes.map((n) => String(n).padStart(10)).join('')}   largest/smallest`);
  ['store: a list page of 10 items', 'store: retrieve an item (the middle one)', 'unit of work: insert an item + its event'].forEach((name, i) => {
    const cells = bySize.map((r) => r[i].toFixed(1).padStart(10)).join('');
    console.log(`  ${name.padEnd(40)}${cells}   ${(bySize[bySize.length - 1][i] / bySize[0][i]).toFixed(2).padStart(16)}`);
  });
}
