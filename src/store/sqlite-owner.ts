// One server per SQLite file: SQLite has a single writer, and a second process writing the same
// file would fail its requests with "database is locked" under load. The first server to open the
// file owns it for its whole life; any other (another process, or another store in this process)
// is refused at start.
//
// The ownership is a lock the kernel holds for the process: a tiny SQLite database beside the data,
// `<file>-lock`, opened in exclusive locking mode, keeps SQLite's fcntl write lock until its
// connection closes, and the kernel drops it when the process dies however it dies (kill -9
// included), so no stale lock is ever left to clean up. SQLite's unix VFS keeps the lock per file
// (inode) across the connections of one process too, so a second store in this process is refused
// the same way. The lock is not taken on the data file itself: the checkpoint thread
// (checkpointer.ts) has a connection of its own to it.
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';

export interface SqliteOwnership {
  /** Ends the ownership (the store's close); a second call does nothing. */
  release(): void;
}

/** Another server owns the file: a start-up error, said in one line. */
export class SqliteFileOwned extends Error {
  constructor(readonly file: string) {
    super(`another InvoiceKit server already serves ${file} (SQLite has a single writer; use PostgreSQL for several processes)`);
  }
}

/**
 * One name per file, whatever path or symlink reaches it, so that every server on it looks at the
 * same lock file. A file not made yet is named by its directory's real path (db.ts made the directory).
 */
function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return join(realpathSync(dirname(file)), basename(file));
  }
}

/** Where the ownership of `file` is held. */
export function ownerLockFile(file: string): string {
  return `${file}-lock`;
}

/**
 * Takes the ownership of the SQLite file `file` (a path, not `:memory:`), or throws SqliteFileOwned
 * at once when another server holds it.
 */
export function ownSqliteFile(file: string): SqliteOwnership {
  const path = canonical(file);
  const lockFile = ownerLockFile(path);
  let lock: SQLite.Database;
  try {
    // No waiting: an owner keeps its lock until it stops.
    lock = new SQLite(lockFile, { timeout: 0 });
  } catch (err) {
    throw new Error(`cannot open ${lockFile}, which marks the server that owns ${path}: ${(err as Error).message}`);
  }
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // In exclusive locking mode the exclusive lock a write transaction takes is kept after it ends.
    // Only the first ownership of a new lock file writes (its header, under a rollback journal,
    // so a process killed right then leaves nothing a later start cannot read); later ones write nothing.
    lock.exec('BEGIN EXCLUSIVE');
    lock.exec('COMMIT');
  } catch (err) {
    lock.close();
    if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw new SqliteFileOwned(path);
    throw new Error(`cannot take ${lockFile}, which marks the server that owns ${path}: ${(err as Error).message}`);
  }
  return {
    release() {
      if (lock.open) lock.close();
    },
  };
}
