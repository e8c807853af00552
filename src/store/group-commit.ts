// Group commit for SQLite. A commit that appends to the WAL costs far more
// than the statements before it (measured here: ~60 µs of file writes per
// commit), so each request's transaction becomes a savepoint inside one open
// transaction, and that transaction commits once per turn of the event loop
// for every request that finished in it. Responses wait for that commit
// (Store.durable), so a 2xx still means the write is in the database file.
//
// The first request of a group needs no savepoint: transactions take the one connection
// in turn, so while it runs nothing else is in the open transaction, and its rollback is
// the transaction's own (the group stays, empty, and the next request begins again).
// Only requests that join a group holding others' writes pay a savepoint and its release.
//
// A group can fail: its COMMIT can meet a full disk, an I/O error or a read-only file,
// or SQLite can roll the whole open transaction back when one request's statement meets
// one (SQLITE_FULL, SQLITE_IOERR may do that). Then every request of the group fails
// with CommitFailed (none was acknowledged), the failure is logged once, and the next
// request starts a new group: nothing stays broken once the disk has room again.
import { SqliteDialect, type DatabaseConnection, type Driver, type Kysely, type DialectAdapter } from 'kysely';
import type SQLite from 'better-sqlite3';
import { CommitFailed, databaseFailure, describe } from './failures.ts';
import { databaseLog, type FailureLog } from './failure-log.ts';
import { ConnectionLock, DirectSqlite, registerDirect, SqliteConnection } from './sqlite-connection.ts';

/** The requests whose savepoints one outer transaction holds, and how their commit ended. */
class Group {
  failure: CommitFailed | null = null;
  /** An outer transaction is open on the connection for this group (false once its only request rolled back). */
  open = false;
  scheduled = false;
  /** Requests whose savepoint was released into the group (their writes are in it). */
  released = 0;
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (err: Error) => void;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Background writes may never ask for durability: a failure must not be an unhandled rejection.
    this.done.catch(() => undefined);
  }

  fail(cause: unknown): void {
    this.failure ??= cause instanceof CommitFailed ? cause : new CommitFailed(cause);
  }
}

export interface GroupCommitOptions {
  log?: FailureLog;
  /**
   * Runs after each successful commit, on the connection with no transaction open (the WAL
   * bound, wal-bound.ts); a promise holds off every other use of the connection but reads until it settles.
   */
  afterCommit?: () => Promise<void> | void;
}

/**
 * Kysely's driver for the store's one SQLite connection. Its statements, and the group's own
 * (begin, savepoints, commit), run on better-sqlite3 directly (sqlite-connection.ts); every
 * failure of one reaches #noteError, whichever path sent it.
 */
class GroupCommitDriver implements Driver {
  /** The open group: an outer transaction holding released savepoints not yet committed. */
  #group: Group | null = null;
  /** The running transaction began the group's outer transaction itself: it has no savepoint. */
  #bare = false;
  readonly #sqlite: SQLite.Database;
  readonly #connection: SqliteConnection;
  readonly #lock = new ConnectionLock();
  readonly #log: FailureLog;
  readonly #afterCommit: (() => Promise<void> | void) | undefined;
  /** Compiled queries run through this (compiled.ts), on the same connection, lock and failure path. */
  readonly direct: DirectSqlite;
  /** The cause of the last failed commit, until a commit succeeds (for /healthz). */
  lastFailure: string | null = null;

  constructor(sqlite: SQLite.Database, options: GroupCommitOptions) {
    this.#sqlite = sqlite;
    this.#connection = new SqliteConnection(sqlite, (err) => this.#noteError(err));
    this.direct = new DirectSqlite(this.#connection, this.#lock);
    this.#log = options.log ?? databaseLog;
    this.#afterCommit = options.afterCommit;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#lock.release();
  }

  async destroy(): Promise<void> {
    this.#sqlite.close();
  }

  #inTransaction(): boolean {
    return this.#sqlite.inTransaction;
  }

  /** A statement failed: if SQLite rolled the outer transaction back with it, the whole group is lost. */
  #noteError(err: unknown): void {
    if (databaseFailure(err)) this.lastFailure = describe(err);
    if (this.#group && !this.#inTransaction()) this.#group.fail(err);
  }

  async beginTransaction(): Promise<void> {
    const group = this.#group;
    // A request arriving after its group was lost fails with it rather than write into a transaction that is gone.
    if (group?.failure) throw group.failure;
    const current = group ?? (this.#group = new Group());
    this.#bare = !current.open;
    if (this.#bare) {
      this.#connection.run('begin', []);
      current.open = true;
    } else this.#connection.run('savepoint request', []);
    this.direct.transactionOpen = true;
  }

  async commitTransaction(): Promise<void> {
    this.direct.transactionOpen = false;
    if (!this.#bare) this.#connection.run('release request', []);
    if (this.#group) this.#group.released++;
    this.#schedule();
  }

  async rollbackTransaction(): Promise<void> {
    this.direct.transactionOpen = false;
    const group = this.#group;
    if (this.#bare && group && !group.failure) {
      // Alone in the open transaction: undoing it undoes this request and nothing else's.
      if (this.#inTransaction()) this.#connection.run('rollback', []);
      group.open = false;
    } else if (this.#inTransaction()) {
      this.#connection.run('rollback to request', []);
      this.#connection.run('release request', []);
    } else {
      // Without a transaction there is no savepoint to go back to: SQLite already undid the whole group.
      group?.fail(new Error('SQLite rolled the open transaction back'));
    }
    this.#schedule();
  }

  /** Resolves once everything committed so far by requests is in the database file; rejects if that commit failed. */
  durable(): Promise<void> {
    return this.#group ? this.#schedule() : Promise.resolve();
  }

  #schedule(): Promise<void> {
    const group = this.#group;
    if (!group) return Promise.resolve();
    if (group.scheduled) return group.done;
    group.scheduled = true;
    setImmediate(() => void this.#close(group));
    return group.done;
  }

  /** Commits the group (or rolls back what is left of a lost one) and settles every request in it. Never throws. */
  async #close(group: Group): Promise<void> {
    // The connection lock keeps any request from being half-way through its savepoint.
    await this.#lock.acquire();
    this.#group = null;
    try {
      if (!group.failure && group.open) {
        try {
          this.#connection.run('commit', []);
        } catch (err) {
          group.fail(err);
        }
      }
      if (group.failure) {
        // SQLite may or may not have rolled back already (SQLITE_FULL, SQLITE_IOERR: either can happen).
        if (this.#inTransaction()) {
          try {
            this.#connection.run('rollback', []);
          } catch {
            // Already gone: nothing left to undo.
          }
        }
        this.lastFailure = describe(group.failure.cause);
        this.#log.failed(this.lastFailure, `SQLite commit failed, every request in it answered 500: ${this.lastFailure}`);
        group.reject(group.failure);
      } else {
        if (group.released > 0) {
          this.lastFailure = null;
          if (this.#log.failing) this.#log.recovered();
        }
        group.resolve();
        // Between groups, while the connection lock is held: no transaction of ours is open.
        const after = group.open ? this.#afterCommit?.() : undefined;
        if (after) {
          // Off the event loop (the checkpoint thread): reads on the shared handle may run meanwhile.
          this.#lock.readsMayPass = true;
          try {
            await after;
          } catch {
            // The bound tries again after the next commit.
          } finally {
            this.#lock.readsMayPass = false;
          }
        }
      }
    } finally {
      this.#lock.release();
    }
  }
}

export class GroupCommitDialect extends SqliteDialect {
  readonly driver: GroupCommitDriver;

  constructor(sqlite: SQLite.Database, options: GroupCommitOptions = {}) {
    super({ database: sqlite });
    this.driver = new GroupCommitDriver(sqlite, options);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  /** Every handle of this store answers to this adapter: compiled queries find the direct path through it. */
  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    registerDirect(adapter, this.driver.direct);
    return adapter;
  }

  /** The store's shared handle: its statements may run directly when the connection is free. */
  adopt(root: Kysely<never>): void {
    this.driver.direct.root = root;
  }

  durable(): Promise<void> {
    return this.driver.durable();
  }

  /** Why the last commit failed, or null once one has succeeded since. */
  lastFailure(): string | null {
    return this.driver.lastFailure;
  }
}
