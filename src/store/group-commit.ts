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
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from 'kysely';
import { CommitFailed, databaseFailure, describe } from './failures.ts';
import { databaseLog, type FailureLog } from './failure-log.ts';

/** The transaction statements, made once: every request runs two of them. */
const BEGIN = CompiledQuery.raw('begin');
const SAVEPOINT = CompiledQuery.raw('savepoint request');
const RELEASE = CompiledQuery.raw('release request');
const ROLLBACK_TO = CompiledQuery.raw('rollback to request');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

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

/**
 * better-sqlite3 throws synchronously from kysely's SqliteConnection; this turns every failure
 * into a rejected promise and tells the driver, which checks whether it took the group with it.
 */
class GuardedConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly onError: (err: unknown) => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (err) {
      this.onError(err);
      throw err;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

export interface GroupCommitOptions {
  /** True while SQLite has a transaction open on the connection (better-sqlite3 `db.inTransaction`). */
  inTransaction(): boolean;
  log?: FailureLog;
  /** Runs after each successful commit, on the connection with no transaction open (the WAL bound, wal-bound.ts). */
  afterCommit?: () => void;
}

class GroupCommitDriver extends SqliteDriver {
  /** The open group: an outer transaction holding released savepoints not yet committed. */
  #group: Group | null = null;
  #guarded: GuardedConnection | null = null;
  /** The running transaction began the group's outer transaction itself: it has no savepoint. */
  #bare = false;
  readonly #inTransaction: () => boolean;
  readonly #log: FailureLog;
  readonly #afterCommit: (() => void) | undefined;
  /** The cause of the last failed commit, until a commit succeeds (for /healthz). */
  lastFailure: string | null = null;

  constructor(config: SqliteDialectConfig, options: GroupCommitOptions) {
    super(config);
    this.#inTransaction = options.inTransaction;
    this.#log = options.log ?? databaseLog;
    this.#afterCommit = options.afterCommit;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.#guarded ??= new GuardedConnection(inner, (err) => this.#noteError(err));
    return this.#guarded;
  }

  /** A statement failed: if SQLite rolled the outer transaction back with it, the whole group is lost. */
  #noteError(err: unknown): void {
    if (databaseFailure(err)) this.lastFailure = describe(err);
    if (this.#group && !this.#inTransaction()) this.#group.fail(err);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const group = this.#group;
    // A request arriving after its group was lost fails with it rather than write into a transaction that is gone.
    if (group?.failure) throw group.failure;
    const current = group ?? (this.#group = new Group());
    this.#bare = !current.open;
    if (this.#bare) {
      await connection.executeQuery(BEGIN);
      current.open = true;
    } else await connection.executeQuery(SAVEPOINT);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#bare) await connection.executeQuery(RELEASE);
    if (this.#group) this.#group.released++;
    this.#schedule();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const group = this.#group;
    if (this.#bare && group && !group.failure) {
      // Alone in the open transaction: undoing it undoes this request and nothing else's.
      if (this.#inTransaction()) await connection.executeQuery(ROLLBACK);
      group.open = false;
    } else if (this.#inTransaction()) {
      await connection.executeQuery(ROLLBACK_TO);
      await connection.executeQuery(RELEASE);
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
    const connection = await this.acquireConnection();
    this.#group = null;
    try {
      if (!group.failure && group.open) {
        try {
          await connection.executeQuery(COMMIT);
        } catch (err) {
          group.fail(err);
        }
      }
      if (group.failure) {
        // SQLite may or may not have rolled back already (SQLITE_FULL, SQLITE_IOERR: either can happen).
        if (this.#inTransaction()) await connection.executeQuery(ROLLBACK).catch(() => undefined);
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
        if (group.open) this.#afterCommit?.();
      }
    } finally {
      await this.releaseConnection();
    }
  }
}

export class GroupCommitDialect extends SqliteDialect {
  readonly driver: GroupCommitDriver;

  constructor(config: SqliteDialectConfig, options: GroupCommitOptions) {
    super(config);
    this.driver = new GroupCommitDriver(config, options);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  durable(): Promise<void> {
    return this.driver.durable();
  }

  /** Why the last commit failed, or null once one has succeeded since. */
  lastFailure(): string | null {
    return this.driver.lastFailure;
  }
}
