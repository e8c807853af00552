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
import { countStatement } from './statement-count.ts';

/** Prepared statements kept per SQL text: the same few dozen texts repeat on every request (bounded, for dynamic SQL). */
const CACHE_LIMIT = 1000;

export class SqliteConnection implements DatabaseConnection {
  readonly #cache = new Map<string, SQLite.Statement>();

  /** `onError` hears of every statement that failed, before its caller does (group-commit.ts: did SQLite lose the group?). */
  constructor(
    readonly sqlite: SQLite.Database,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Runs one statement now; throws what SQLite throws. */
  run<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> {
    countStatement(sql);
    try {
      const stmt = this.#prepared(sql);
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
      return this.#prepared(sql).reader && !/^\s*(insert|update|delete|replace)\b/i.test(sql);
    } catch {
      return false;
    }
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
