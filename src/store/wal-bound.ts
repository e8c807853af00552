// Keeps SQLite's WAL file bounded under sustained writes. The checkpoint thread's PASSIVE
// checkpoints copy frames into the database file, but the WAL only starts over when a writer
// begins while every frame has been copied; a checkpoint that runs while groups keep committing
// never catches up, and then the file grows without end (3.9 GB in a 10,000-subscription renewal
// run). So once the WAL is past its limit, between two groups (no transaction of ours open), the
// group commit holds off its writers while the thread checkpoints: nothing commits meanwhile, so
// the thread copies every frame and the next write starts the WAL over (journal_size_limit then
// cuts the file back to the limit). Reads go on meanwhile (group-commit.ts): the checkpoint
// is off the event loop. It used to be a TRUNCATE checkpoint on the main connection itself:
// 150-300 ms during which no request was answered (measured in the renewals benchmark).
//
// The hold is kept short: past the limit, the thread is first asked to catch up while writes go
// on, and only once it has do writes wait, for the frames of the last few milliseconds and the
// checkpoint's two fsyncs. Asked at once, the hold also waited for the pass the thread was in the
// middle of and for every frame since its last one (measured in a create run: 6-22 ms, up to
// 100 ms). A WAL that grows past a quarter over the limit while the thread catches up is held at once.
//
// Without the thread (it failed to start), the main connection does a TRUNCATE checkpoint, never
// waiting: a busy answer is tried again after the next commit.
import { statSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import type { Checkpointer } from './checkpointer.ts';

/** The WAL size past which the WAL is checkpointed and started over (bytes). */
export const DEFAULT_WAL_LIMIT = 64 * 2 ** 20;

/**
 * The WAL's size is looked at no more often than this (ms) while under the limit: a stat per group
 * commit was a few µs per request under load, and a few milliseconds of writes past the limit do not
 * matter against 64 MiB. (Against a test's 1 MiB they can: it looks after every commit, `sizeCheckMs` 0.)
 */
const SIZE_CHECK_MS = 5;

/** How long each hold kept writes off (ms), until taken (`npm run profile` reports them); at most this many kept. */
const HOLDS_KEPT = 10_000;
let holds: number[] = [];

/** The holds since the last call, in ms, in the order they happened. */
export function takeWalHolds(): number[] {
  const taken = holds;
  holds = [];
  return taken;
}

/**
 * What to run after each commit, while the group commit holds off writers (a promise: until it
 * settles); `limit` Infinity: no bound (to measure without it).
 */
export function walBound(
  sqlite: SQLite.Database,
  file: string,
  limit: number,
  busyTimeoutMs: number,
  thread: Checkpointer | null,
  sizeCheckMs = SIZE_CHECK_MS,
): () => Promise<void> | void {
  if (!Number.isFinite(limit)) return () => undefined;
  // After a checkpoint that empties the WAL, the next writer's restart also truncates it to this.
  sqlite.pragma(`journal_size_limit = ${limit}`);
  const wal = `${file}-wal`;
  const overdue = limit * 1.25;
  let checkedAt = -Infinity;
  /** The thread's catch-up while writes go on (null: none asked), and whether it has answered. */
  let catchUp: Promise<unknown> | null = null;
  let caughtUp = false;

  const walSize = (): number => {
    try {
      return statSync(wal).size;
    } catch {
      return 0;
    }
  };

  // After the catch-up (the thread takes one checkpoint at a time), with writes held off.
  const hold = (t: Checkpointer, after: Promise<unknown>): Promise<void> => {
    const start = performance.now();
    return after
      .then(() => t.checkpointNow())
      .then(() => {
        if (holds.length < HOLDS_KEPT) holds.push(performance.now() - start);
        // Whether or not every frame was copied, the next look decides again from the size.
        catchUp = null;
        caughtUp = false;
        checkedAt = -Infinity;
      });
  };

  return () => {
    if (thread?.alive) {
      if (catchUp && caughtUp) return hold(thread, catchUp);
      // Under the limit, looked at now and then; past it, after every commit (it is held once overdue).
      const now = performance.now();
      if (!catchUp && now - checkedAt < sizeCheckMs) return;
      checkedAt = now;
      const size = walSize();
      if (size <= limit) return;
      if (catchUp) return size > overdue ? hold(thread, catchUp) : undefined;
      // Not waited for: writes go on while the thread catches up.
      const asked = thread.checkpointNow().then(() => {
        if (catchUp === asked) caughtUp = true;
      });
      catchUp = asked;
      return;
    }
    if (walSize() <= limit) return;
    sqlite.pragma('busy_timeout = 0');
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Tried again after the next commit.
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  };
}
