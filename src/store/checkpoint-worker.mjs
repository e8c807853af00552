// Runs in a worker thread: moves the SQLite WAL into the database file in the
// background, from its own connection, so that request handling never pays
// for checkpoints (they cost more than the commits themselves here).
//
// Once a second while the WAL is small. While it is large (writes back to back: a test clock
// renewing thousands of subscriptions) it checkpoints again almost at once, so that what is left
// to copy when the WAL bound holds writes off (wal-bound.ts) is the last few commits, not a
// second of them. The bound's own requests ('checkpoint') come between two of these passes.
//
// JavaScript, not TypeScript: run from the sources (the tests, tsx) a worker would have to load a
// TypeScript loader of its own first, ~0.3 s of CPU for every thread started, once per SQLite
// store and again after every rest (checkpointer.ts). tsc still type-checks it (allowJs, @ts-check)
// and copies it to dist/.
// @ts-check
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';

const { file, intervalMs, restAfterMs } = /** @type {{ file: string; intervalMs: number; restAfterMs: number }} */ (workerData);
/** WAL frames (pages) past which the thread keeps up rather than waiting its interval. */
const KEEP_UP_FRAMES = 1024;
const KEEP_UP_MS = 10;
const db = new SQLite(file);
db.pragma('busy_timeout = 5000');

/**
 * One PASSIVE checkpoint: the WAL's frames and how many are in the database file; null if SQLite refused (busy).
 * @returns {{ busy: number; log: number; checkpointed: number } | null}
 */
function checkpoint() {
  try {
    const [r] = /** @type {{ busy: number; log: number; checkpointed: number }[]} */ (db.pragma('wal_checkpoint(PASSIVE)'));
    return r ?? null;
  } catch {
    return null;
  }
}

// Changes whenever another connection (the server's) commits a write: read-only transactions leave it alone.
const dataVersion = db.prepare('pragma data_version').pluck();
let version = dataVersion.get();
let quietSince = performance.now();

/** @type {NodeJS.Timeout | null} */
let timer = null;
const next = () => {
  // A busy database is checkpointed next time.
  const r = checkpoint();
  const frames = r?.log ?? 0;
  const now = performance.now();
  const seen = dataVersion.get();
  if (seen !== version || !r || r.busy !== 0 || r.log !== r.checkpointed) quietSince = now;
  version = seen;
  // Every frame copied and nothing written for a while: the main thread lets this thread rest (checkpointer.ts).
  if (now - quietSince >= restAfterMs) parentPort?.postMessage({ idle: true });
  timer = setTimeout(next, frames > KEEP_UP_FRAMES ? KEEP_UP_MS : intervalMs);
};
timer = setTimeout(next, intervalMs);

parentPort?.on('message', (msg) => {
  if (msg === 'checkpoint') {
    // Asked by the WAL bound while the main connection holds off its writers: with nothing
    // committing meanwhile, this copies every frame, and the next write starts the WAL over.
    // Busy: the bound asks again after a later commit.
    const r = checkpoint();
    parentPort?.postMessage({ checkpointed: r !== null && r.busy === 0 && r.log === r.checkpointed });
    return;
  }
  if (msg !== 'stop') return;
  if (timer) clearTimeout(timer);
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
    parentPort?.postMessage('stopped');
  }
});
