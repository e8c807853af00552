// The WAL's size under sustained writes (issue: it grew to 3.9 GB in a 10,000-subscription renewal
// run). Writes through the store's real group commit on a real file, continuously, for
// WAL_SECONDS (default 20) from WAL_WRITERS (default 16) concurrent writers, each waiting for its
// write to be durable as a request does, and prints the WAL and database sizes every second.
// Sizes, not times: it needs no quiet machine.
//
//   npm run build && node --import tsx bench/wal-growth.ts
//   WAL_LIMIT_MIB=off WAL_CHECKPOINT_MS=600000 node --import tsx bench/wal-growth.ts   (no bound, no thread: grows)
//   WAL_CHECKPOINT_MS=600000 node --import tsx bench/wal-growth.ts                     (the bound alone)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Db from '../src/store/db.ts';
import type * as Objects from '../src/store/objects.ts';

// The compiled build (npm run build first), as the server runs: from the sources the checkpoint
// thread cannot load its .ts file and the store falls back to checkpoints inside commits.
const from = process.env.WAL_SOURCES === '1' ? '../src/store/' : '../dist/store/';
const ext = process.env.WAL_SOURCES === '1' ? '.ts' : '.js';
const { openStore } = (await import(`${from}db${ext}`)) as typeof Db;
const { insertObject } = (await import(`${from}objects${ext}`)) as typeof Objects;

const seconds = Number(process.env.WAL_SECONDS ?? 20);
const writers = Number(process.env.WAL_WRITERS ?? 16);
// Writes per transaction: a background job (a batch of renewals on timers) writes many in one.
const batch = Number(process.env.WAL_BATCH ?? 1);
// A background job does not wait for its commit before the next transaction; a request does.
const background = process.env.WAL_BACKGROUND === '1';
const dir = mkdtempSync(join(tmpdir(), 'invoicekit-wal-growth-'));
const file = join(dir, 'db.sqlite');
// WAL_LIMIT_MIB: the store's WAL bound (default its own; `off` for none, as before the bound existed).
// WAL_CHECKPOINT_MS: the background thread's interval (default its own); a long one shows the bound alone.
const limit = process.env.WAL_LIMIT_MIB === 'off' ? Infinity : process.env.WAL_LIMIT_MIB ? Number(process.env.WAL_LIMIT_MIB) * 2 ** 20 : undefined;
const interval = process.env.WAL_CHECKPOINT_MS ? Number(process.env.WAL_CHECKPOINT_MS) : undefined;
const store = await openStore(file, { sqliteSync: process.env.WAL_SYNC === 'full' ? 'full' : 'normal', walLimit: limit, checkpointIntervalMs: interval });
const size = (f: string) => {
  try {
    return statSync(f).size;
  } catch {
    return 0;
  }
};
const mib = (n: number) => (n / 2 ** 20).toFixed(1);
// About the size of a rendered invoice: what a renewal writes several of.
const padding = 'x'.repeat(2000);
let n = 0;
let stop = false;
let maxWal = 0;
async function writer(w: number): Promise<void> {
  while (!stop) {
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < batch; i++) await insertObject({ db: trx, account: 'a', work: null }, 'thing', { id: `thing_${w}_${n++}`, object: 'thing', created: 1, padding });
    });
    if (background) await new Promise(setImmediate);
    else await store.durable();
  }
}
const started = Date.now();
// The longest the event loop stood still (a checkpoint on the main connection would show here).
let last = performance.now();
let maxStall = 0;
const probe = setInterval(() => {
  const now = performance.now();
  maxStall = Math.max(maxStall, now - last);
  last = now;
}, 5);
const tick = setInterval(() => {
  const wal = size(`${file}-wal`);
  maxWal = Math.max(maxWal, wal);
  console.log(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  writes ${String(n).padStart(8)}  wal ${mib(wal).padStart(8)} MiB  db ${mib(size(file)).padStart(8)} MiB`);
}, 1000);
setTimeout(() => (stop = true), seconds * 1000);
await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
clearInterval(tick);
clearInterval(probe);
console.log(`writes ${n}  largest WAL seen ${mib(maxWal)} MiB  database ${mib(size(file))} MiB  longest event-loop stall ${maxStall.toFixed(0)} ms`);
await store.close();
rmSync(dir, { recursive: true, force: true });
