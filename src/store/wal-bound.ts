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
// Without the thread (it failed to start), the main connection does that, never waiting: a busy
// answer is tried again after the next commit.
import { statSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import type { Checkpointer } from './checkpointer.ts';

/** The WAL size past which the WAL is checkpointed and started over (bytes). */
export const DEFAULT_WAL_LIMIT = 64 * 2 ** 20;

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
): () => Promise<void> | void {
  if (!Number.isFinite(limit)) return () => undefined;
  // After a checkpoint that empties the WAL, the next writer's restart also truncates it to this.
  sqlite.pragma(`journal_size_limit = ${limit}`);
  const wal = `${file}-wal`;
  // One stat call per group commit (a few µs against the commit's own ~60 µs of writes), so the
  // bound is in bytes written, whatever the write rate.
  return () => {
    let size: number;
    try {
      size = statSync(wal).size;
    } catch {
      return;
    }
    if (size <= limit) return;
    if (thread?.alive) return thread.checkpointNow().then(() => undefined);
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
