// Where a PostgreSQL create's time goes, under the bench's load: for one run of
// POST /v1/invoiceitems against the compiled server on PostgreSQL, the CPU the server
// process and PostgreSQL's processes used per request (from /proc: this machine's two cores
// are shared by both), and PostgreSQL's own WAL flushes per commit (pg_stat_wal).
//
//   PG_WHERE_DATABASE_URL  a postgres:// server on this machine (its processes are read from /proc) — required
//   PG_WHERE_ROOT          the checkout whose dist/main.js runs (default: this one), for A/B runs against another build
//   PG_WHERE_SECONDS       seconds of load (default 8), PG_WHERE_CONNECTIONS (default 16)
//   PG_WHERE_ARGS          extra server flags
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from './lib/processes.ts';
import { runLoad } from './lib/load.ts';
import { api, auth, newKey } from './lib/scenario.ts';
import { freshDatabase } from './lib/postgres.ts';

const root = process.env.PG_WHERE_ROOT ?? ROOT;
const seconds = Number(process.env.PG_WHERE_SECONDS ?? 8);
const connections = Number(process.env.PG_WHERE_CONNECTIONS ?? 16);
if (!process.env.PG_WHERE_DATABASE_URL) throw new Error('PG_WHERE_DATABASE_URL is required');
process.env.BENCH_DATABASE_URL = process.env.PG_WHERE_DATABASE_URL;
const TICK_US = 1e6 / 100; // USER_HZ

/** CPU µs (user + system) of each process whose command line matches. */
function cpuOf(match: (cmd: string) => boolean): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!match(cmd)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * TICK_US;
}

async function stats(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const wal = (await c.query('select wal_sync, wal_write, wal_sync_time, wal_records from pg_stat_wal')).rows[0];
    const db = (await c.query('select sum(xact_commit)::bigint as commits from pg_stat_database')).rows[0];
    return { syncs: Number(wal.wal_sync), writes: Number(wal.wal_write), syncMs: Number(wal.wal_sync_time), commits: Number(db.commits) };
  } finally {
    await c.end();
  }
}

const db = await freshDatabase();
const child = spawn(process.execPath, ['dist/main.js', '--host', '127.0.0.1', '--port', '0', '--database-url', db.url, ...(process.env.PG_WHERE_ARGS ?? '').split(/\s+/).filter(Boolean)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '', NODE_ENV: 'production' },
});
const base = await new Promise<string>((resolve) =>
  createInterface({ input: child.stdout! }).on('line', (l) => {
    const m = /InvoiceKit listening on (http:\/\/\S+)/.exec(l);
    if (m) resolve(m[1]);
  }),
);
const key = newKey();
const customer = await api(base, key, 'POST', '/v1/customers', 'name=Where');
const spec = { method: 'POST' as const, path: '/v1/invoiceitems', headers: auth(key), body: `customer=${customer.id}&amount=1000&currency=usd` };
await runLoad(base, spec, 1, connections);
const isPg = (cmd: string) => cmd.startsWith('postgres');
const s0 = await stats(db.url);
const node0 = cpuOf((cmd) => cmd.includes('dist/main.js') && cmd.includes(db.url));
const pg0 = cpuOf(isPg);
const t0 = process.cpuUsage();
const r = await runLoad(base, spec, seconds, connections);
const t1 = process.cpuUsage(t0);
const node1 = cpuOf((cmd) => cmd.includes('dist/main.js') && cmd.includes(db.url));
const pg1 = cpuOf(isPg);
const s1 = await stats(db.url);
const n = r.total;
const per = (us: number) => Math.round(us / n);
console.log(`root ${root}`);
console.log(`POST /v1/invoiceitems on PostgreSQL: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${n} requests, non-2xx ${r.non2xx}`);
console.log(`CPU per request: server ${per(node1 - node0)} µs, PostgreSQL ${per(pg1 - pg0)} µs, load generator ${per(t1.user + t1.system)} µs`);
const commits = s1.commits - s0.commits - 1;
console.log(`PostgreSQL: ${commits} commits, ${s1.syncs - s0.syncs} WAL syncs (${((s1.syncs - s0.syncs) / n).toFixed(2)} per request), ${s1.writes - s0.writes} WAL writes, sync time ${(s1.syncMs - s0.syncMs).toFixed(0)} ms (${((s1.syncMs - s0.syncMs) / Math.max(1, s1.syncs - s0.syncs)).toFixed(2)} ms per sync)`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await db.drop();
