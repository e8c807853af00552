// Keeps SQLite's WAL file bounded under sustained writes. The checkpoint thread's PASSIVE
// checkpoints copy frames into the database file, but the WAL only starts over when a writer
// begins while every frame has been copied; a checkpoint that runs while groups keep committing
// never catches up, and then the file grows without end (3.9 GB in a 10,000-subscription renewal
// run). So once the WAL is past its limit, the main connection itself runs a TRUNCATE checkpoint
// between two groups: no transaction of ours is open there, so our own writer cannot block it,
// and it copies only what the thread has not copied yet. It never waits: a busy answer (the
// thread is checkpointing, another process reads) is tried again a little later.
import { statSync } from 'node:fs';
import type SQLite from 'better-sqlite3';

/** The WAL size past which the main connection checkpoints and truncates it (bytes). */
export const DEFAULT_WAL_LIMIT = 64 * 2 ** 20;
/** What to run after each commit; `limit` Infinity: no bound (to measure without it). */
export function walBound(sqlite: SQLite.Database, file: string, limit: number, busyTimeoutMs: number): () => void {
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
    sqlite.pragma('busy_timeout = 0');
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Tried again after the next commit; the thread's checkpoints go on meanwhile.
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  };
}
