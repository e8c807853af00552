// The store's one SQLite connection, and a way to run a statement on it without Kysely's executor.
//
// better-sqlite3 is synchronous: a statement's work is done when its call returns. Kysely's
// executor wraps each statement in a connection acquisition (a mutex), a connection provider per
// transaction that builds a new executor for every statement, and several promises; measured
// (bench:stages) that was ~10x SQLite's own work for a read by id. Compiled queries
// (compiled.ts) run here instead: on the connection the caller holds, now, with the same lock,
// the same statement cache and counting, and the same failure path as Kysely's statements.
import type SQLite from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, Kysely, QueryResult } from 'kysely';
import { countingStatements, countStatement, timeStatement } from './statement-count.ts';

/** Prepared statements kept per SQL text: the same few dozen texts repeat on every request (bounded, for dynamic SQL). */
const CACHE_LIMIT = 1000;

/** `npm run profile` times each statement's call into SQLite (statement-count.ts). */
const timing = countingStatements();

/** Returns rows and changes nothing: a select (SQLite's own answer, not the SQL text's first word: `insert … returning` returns rows too). */
const plainRead = (stmt: SQLite.Statement): boolean => stmt.reader && stmt.readonly;

export class SqliteConnection implements DatabaseConnection {
  readonly #cache = new Map<string, SQLite.Statement>();
  /**
   * A read transaction of our own is open (#beginReadBatch): reads outside any transaction
   * share it until the end of this turn of the event loop.
   */
  #readBatch = false;

  /** `onError` hears of every statement that failed, before its caller does (group-commit.ts: did SQLite lose the group?). */
  constructor(
    readonly sqlite: SQLite.Database,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Runs one statement now; throws what SQLite throws. */
  run<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> {
    countStatement(sql);
    const started = timing ? performance.now() : 0;
    try {
      const stmt = this.#prepared(sql);
      if (plainRead(stmt)) {
        if (!this.sqlite.inTransaction) this.#beginReadBatch();
      } else if (this.#readBatch) this.#endReadBatch();
      if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
      const { changes, lastInsertRowid } = stmt.run(parameters);
      // The same result Kysely's own SQLite connection gives.
      return {
        numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
        insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
        rows: [],
      };
    } catch (err) {
      this.onError(err);
      throw err;
    } finally {
      if (timing) timeStatement(sql, (performance.now() - started) * 1000);
    }
  }

  /** Kysely's statements (built per call, migrations, the schema). */
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.run<R>(query.sql, query.parameters));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    countStatement(query.sql);
    for (const row of this.#prepared(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }

  /** The statement only reads (it could run while the WAL bound holds off writers). */
  reads(sql: string): boolean {
    try {
      return plainRead(this.#prepared(sql));
    } catch {
      return false;
    }
  }

  /**
   * A statement outside a transaction is a transaction of its own: SQLite takes and drops the
   * WAL's read lock around it (shared-memory locks, ~12 µs here against ~1.4 µs for the same read
   * inside a transaction, bench:stages). So a read outside any transaction opens a read
   * transaction that every read of this turn of the event loop shares (a GET reads the account's
   * version and then its object or page), ended by setImmediate. What it sees is what was committed
   * when this turn began reading: a request that arrived in this turn was sent after any commit
   * its client could know of. Anything but a plain read (a unit's `begin`, a write on its own,
   * the group commit's statements) ends it first, so it never holds up a writer or the WAL's restart.
   */
  #beginReadBatch(): void {
    this.#prepared('begin').run();
    this.#readBatch = true;
    setImmediate(() => {
      if (!this.#readBatch) return;
      try {
        this.#endReadBatch();
      } catch (err) {
        // Ending a read transaction does not fail; if SQLite says otherwise, the next statement hears of it.
        this.onError(err);
      }
    });
  }

  #endReadBatch(): void {
    this.#readBatch = false;
    // Gone already if something rolled every transaction back (the group commit's failure path).
    if (this.sqlite.inTransaction) this.#prepared('commit').run();
  }

  #prepared(sql: string): SQLite.Statement {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      stmt = this.sqlite.prepare(sql);
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }
}

/**
 * Who has the connection: a transaction for its whole length, a statement of the shared handle for
 * its own, the group commit while it commits. Handed over first come, first served.
 */
export class ConnectionLock {
  #held = false;
  /**
   * Set by the holder while it waits on something off the connection (the WAL bound's checkpoint
   * on its thread, group-commit.ts): statements that only read may run meanwhile (DirectSqlite).
   */
  readsMayPass = false;
  readonly #waiting: (() => void)[] = [];

  get held(): boolean {
    return this.#held;
  }

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    // Handed straight to the next in line: nobody can take it in between.
    if (next) next();
    else this.#held = false;
  }
}

/**
 * Runs statements for callers that hold a Kysely handle (the shared one, or a transaction's) on
 * the connection directly, when that gives exactly what Kysely's executor would:
 *  - in a transaction: the transaction holds the connection from its begin to its end, and SQLite
 *    has one connection, so while one is open its statements run on the spot. (A statement Kysely
 *    still has queued in the same transaction, from calls made without waiting for each other, is
 *    overtaken; such calls are independent reads in this code base.)
 *  - on the shared handle: with the connection free the statement runs at once (a synchronous
 *    call cannot interleave with anything); otherwise it waits its turn in the same lock.
 * Anything else (a handle made some other way) is left to Kysely: `execute` answers null.
 */
export class DirectSqlite {
  /** The store's shared handle (db.ts sets it once the Kysely instance exists). */
  root: Kysely<never> | null = null;
  /** Between a transaction's begin and its end (the driver keeps it). */
  transactionOpen = false;

  constructor(
    readonly connection: SqliteConnection,
    readonly lock: ConnectionLock,
  ) {}

  execute<R>(db: Kysely<never>, sql: string, parameters: readonly unknown[]): Promise<QueryResult<R>> | null {
    if (db.isTransaction) {
      if (!(this.transactionOpen && this.lock.held)) return null;
      return this.#now(sql, parameters);
    }
    if (db !== this.root) return null;
    if (!this.lock.held || (this.lock.readsMayPass && this.connection.reads(sql))) return this.#now(sql, parameters);
    return this.lock.acquire().then(() => {
      try {
        return this.connection.run<R>(sql, parameters);
      } finally {
        this.lock.release();
      }
    });
  }

  #now<R>(sql: string, parameters: readonly unknown[]): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.connection.run<R>(sql, parameters));
    } catch (err) {
      return Promise.reject(err);
    }
  }
}

/** Kysely's adapter of a store's handles -> that store's direct runner (set by the dialect, read by compiled.ts). */
const byAdapter = new WeakMap<object, DirectSqlite>();

export function registerDirect(adapter: object, direct: DirectSqlite): void {
  byAdapter.set(adapter, direct);
}

export function directFor(adapter: object): DirectSqlite | undefined {
  return byAdapter.get(adapter);
}
