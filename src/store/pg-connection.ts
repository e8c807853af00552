// Kysely's driver for PostgreSQL, with fewer round trips per transaction. node-postgres in its
// pipeline mode writes a query at once instead of after the previous answer; on that:
//   - BEGIN is not waited for: it goes out in the same write as the transaction's first statement;
//   - a compiled plain insert or lock (prepared.ts: no `returning`, no `on conflict`) inside a transaction is not
//     waited for either: the next statement (a read, the next write, COMMIT) goes out behind it and
//     waits for both. PostgreSQL runs a connection's statements in order, so that read sees the
//     insert; if the insert fails, its error is the one thrown (by that next statement, by COMMIT or
//     by ROLLBACK), and the transaction, aborted by it, commits nothing;
//   - what one turn of the event loop sends goes out in one write (the socket is corked until the
//     next tick), so the two inserts and COMMIT of a create are one packet;
//   - a read sent ahead (readAhead below) inside a transaction is not waited for either: its answer
//     is kept for whoever asks for it later, and it rides in the packet of the next statement;
//   - compiled queries are named prepared statements: parsed and planned once per connection.
// A create was 6 round trips (begin, the account's version, the customer, two inserts, commit); it is 2
// (begin, the account's version read ahead and the customer; the inserts and commit).
import type pg from 'pg';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { preparedStatement } from './prepared.ts';
import { countingStatements, countStatement, countWait } from './statement-count.ts';

/** What the pool offers: a connection, and the end of all of them. */
export interface ConnectionSource {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/**
 * PostgreSQL text cannot hold U+0000, which SQLite stores and clients may send (`/v1/customers/%00`,
 * an email with a NUL). Documents are JSON, where JSON.stringify escapes it; the remaining string
 * parameters (ids, filter columns) get U+FFFD in its place, the same way on every read and write,
 * so lookups of such values find nothing (ids never contain either) and filters still match.
 */
const withoutNul = (v: unknown) => (typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v);

/** An unawaited statement's outcome: its error, or null. Never rejects (no unhandled rejections). */
type Outcome = Promise<unknown>;
const outcome = (p: Promise<unknown>): Outcome => p.then(() => null, (err: unknown) => err ?? new Error('statement failed'));

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

const BEGIN = 'begin';
const COMMIT = 'commit';
const ROLLBACK = 'rollback';

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** Queries sent through readAhead, and the answers of those a pipelined connection did not wait for. */
const readingAhead = new WeakSet<object>();
const answersAhead = new WeakMap<object, Promise<pg.QueryResult>>();

/**
 * Runs a read whose answer the caller needs later, not now. Kysely runs a transaction's statements one
 * after the other, each once the previous one answered; sent this way, on PostgreSQL inside a
 * transaction, the read is on the wire at once and the next statement goes out behind it without
 * waiting, so the two share a round trip. Elsewhere (SQLite, outside a transaction) it is a plain read.
 * A failure of the read is thrown by the returned promise, and by the transaction's next waited-for statement.
 */
export async function readAhead<R>(query: CompiledQuery<R>, execute: (query: CompiledQuery<R>) => Promise<QueryResult<R>>): Promise<R[]> {
  readingAhead.add(query);
  const result = await execute(query);
  const later = answersAhead.get(query);
  return later ? ((await later).rows as R[]) : result.rows;
}

export class PipelinedConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;
  readonly #stream: Corkable | undefined;
  #corked = false;
  /** Statements sent and not yet waited for, in order (BEGIN, plain inserts). */
  #unawaited: Outcome[] = [];
  #inTransaction = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
    this.#stream = (client as unknown as { connection?: { stream?: Corkable } }).connection?.stream;
  }

  /** Sends a statement now; everything sent in this turn of the event loop leaves in one write. */
  #send(sql: string, parameters: readonly unknown[], name?: string): Promise<pg.QueryResult> {
    if (!this.#corked && this.#stream?.cork) {
      this.#corked = true;
      this.#stream.cork();
      process.nextTick(() => {
        this.#corked = false;
        this.#stream?.uncork();
      });
    }
    if (countingStatements()) countStatement(sql);
    const config: pg.QueryConfig = { text: sql, name };
    // Without values pg uses the simple protocol (several statements in one text: migrations).
    if (parameters.length > 0 || name) config.values = parameters.map(withoutNul);
    return this.#client.query(config);
  }

  /** Waits for the statements sent before, then `result`; the first failure among them is the one thrown. */
  async #after<T>(result: Promise<T>): Promise<T> {
    countWait();
    const before = this.#unawaited;
    if (before.length === 0) return result;
    this.#unawaited = [];
    const own = outcome(result);
    let first: unknown = null;
    for (const o of before) first ??= await o;
    first ??= await own;
    if (first !== null) throw first;
    return result;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const prepared = preparedStatement(query.query);
    const sent = this.#send(query.sql, query.parameters, prepared?.name);
    if (this.#inTransaction && prepared?.deferrable) {
      this.#unawaited.push(outcome(sent));
      // Nothing reads an insert's answer: it inserted its rows, or the transaction fails.
      return { rows: [] };
    }
    if (this.#inTransaction && readingAhead.has(query)) {
      // Its caller reads the answer later (readAhead); statements after it wait for it, as for an insert.
      this.#unawaited.push(outcome(sent));
      answersAhead.set(query, sent);
      return { rows: [] };
    }
    const { command, rowCount, rows } = await this.#after(sent);
    return {
      numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PostgreSQL here');
  }

  begin(sql: string): void {
    this.#inTransaction = true;
    this.#unawaited.push(outcome(this.#send(sql, [])));
  }

  /** COMMIT, sent behind the unawaited statements. PostgreSQL answers a failed transaction's COMMIT with a rollback, not an error: their failure is what tells. */
  async commit(): Promise<void> {
    this.#inTransaction = false;
    await this.#after(this.#send(COMMIT, []));
  }

  /** ROLLBACK. An unawaited statement's failure is thrown from here: it happened before whatever made the caller roll back. */
  async rollback(): Promise<void> {
    this.#inTransaction = false;
    await this.#after(this.#send(ROLLBACK, []));
  }

  release(): void {
    // Every transaction ends with commit or rollback, which wait for everything: a leftover means a bug, and the connection is not reused.
    const dirty = this.#unawaited.length > 0 || this.#inTransaction;
    this.#unawaited = [];
    this.#inTransaction = false;
    this.#client.release(dirty ? new Error('connection released with statements unawaited') : undefined);
  }
}

export class PipelinedPostgresDriver implements Driver {
  readonly #pool: ConnectionSource;
  readonly #connections = new WeakMap<pg.PoolClient, PipelinedConnection>();
  #destroyed = false;

  constructor(pool: ConnectionSource) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect();
    if (this.#destroyed) {
      client.release();
      throw new Error('driver has already been destroyed');
    }
    let connection = this.#connections.get(client);
    if (!connection) this.#connections.set(client, (connection = new PipelinedConnection(client)));
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let sql = BEGIN;
    if (settings.isolationLevel || settings.accessMode)
      sql = ['start transaction', settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(' ');
    (connection as PipelinedConnection).begin(sql);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PipelinedConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PipelinedConnection).rollback();
  }

  // Kysely's savepoint API (ours are plain SQL statements: upcoming-event.ts).
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoted(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoted(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PipelinedConnection).release();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.#pool.end();
  }
}
