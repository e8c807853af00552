// Opens the store: SQLite (a file path, the default) or PostgreSQL
// (postgres:// URLs), behind one Kysely instance so the query code is shared.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { PipelinedPostgresDriver } from './pg-connection.ts';
import { GroupCommitDialect } from './group-commit.ts';
import { startCheckpointer } from './checkpointer.ts';
import { ownSqliteFile, type SqliteOwnership } from './sqlite-owner.ts';
import { DEFAULT_WAL_LIMIT, walBound } from './wal-bound.ts';
import type { Database } from './schema.ts';
import { migrate } from './migrate.ts';
import { databaseFailure, describe, PoolWaitTimeout } from './failures.ts';
import { databaseLog } from './failure-log.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Resolves when every transaction that has finished is durably committed (SQLite group commit). */
  durable(): Promise<void>;
  /** Whether the database answers now (and, on SQLite, whether the last commit worked): for /healthz. */
  health(): Promise<Health>;
  /** The SQLite connection itself (operators' pragmas; tests fill the file with max_page_count). */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export interface Health {
  ok: boolean;
  /** Why not, when not ok. */
  problem?: string;
}

export interface StoreOptions {
  /** SQLite: `synchronous=FULL` fsyncs every commit (survives power loss); NORMAL survives a killed process. */
  sqliteSync?: 'full' | 'normal';
  /** PostgreSQL: seconds to get a connection (a new one, or a free one of the pool) before the request fails. */
  connectTimeout?: number;
  /** PostgreSQL: seconds one statement may run (statement_timeout) before it is canceled. */
  statementTimeout?: number;
  /** SQLite: bytes past which the WAL is checkpointed and truncated between two commits (wal-bound.ts). */
  walLimit?: number;
  /** SQLite: milliseconds between the background thread's checkpoints (tests lengthen it). */
  checkpointIntervalMs?: number;
  /** SQLite: the WAL's size is looked at no more often than this while under walLimit (ms; wal-bound.ts, SIZE_CHECK_MS). */
  walCheckMs?: number;
}

/** How long /healthz waits for the database's answer. */
const HEALTH_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * pg's client-side query timeout answers the caller but leaves the statement running on the
 * connection; such a connection is closed, so that the pool never lends it out again.
 */
function abandonOnTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise)
      result.catch((err: unknown) => {
        if (databaseFailure(err) === 'unavailable' && String((err as Error).message).includes('Query read timeout')) void client.end().catch(() => undefined);
      });
    return result;
  };
}

/** Connections per process to PostgreSQL. */
const POOL_SIZE = 10;

/**
 * pg answers "timeout exceeded when trying to connect" both when the server does not answer a new
 * connection and when every pooled connection stayed busy for the whole wait. The second is no
 * outage: a request that waited in the pool's queue fails with PoolWaitTimeout, which says so.
 */
function tellingWaits(pool: pg.Pool, connectMs: number): { connect(): Promise<pg.PoolClient>; end(): Promise<void> } {
  return {
    async connect() {
      // As pg-pool decides: a full pool without an idle connection queues the request.
      const queued = pool.totalCount >= POOL_SIZE && pool.idleCount === 0;
      try {
        return await pool.connect();
      } catch (err) {
        if (queued && String((err as Error | null)?.message).includes('timeout exceeded when trying to connect'))
          throw new PoolWaitTimeout(connectMs, POOL_SIZE);
        throw err;
      }
    },
    end: () => pool.end(),
  };
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(url)) {
    // Loaded only for PostgreSQL: a SQLite server does not carry the driver in its memory.
    const { default: pg } = await import('pg');
    // pg returns bigint columns as strings by default; ours fit in a double.
    pg.types.setTypeParser(20, (v) => Number(v));
    const statementMs = Math.round((options.statementTimeout ?? 15) * 1000);
    const connectMs = Math.round((options.connectTimeout ?? 10) * 1000);
    const pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      connectionTimeoutMillis: connectMs,
      // Server side: a statement (lock waits included) is canceled after this long.
      statement_timeout: statementMs,
      // Client side, for a server that stopped answering at all: a little after the server's own limit.
      query_timeout: statementMs + 2000,
      // Queries are written without waiting for the previous answer (pg-connection.ts).
      pipeline: true,
      // A peer that vanished without closing the connection (network partition) is noticed.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    pool.on('connect', (client) => {
      abandonOnTimeout(client);
      // A connection that dies while checked out (server restart, admin shutdown) emits 'error' on its client:
      // the query under way fails with it, and the pool drops the client when it is released.
      client.on('error', (err) => databaseLog.failed(`PostgreSQL connection lost: ${describe(err)}`));
      if (databaseLog.failing) databaseLog.recovered();
    });
    // An idle connection the server dropped (restart, admin) is replaced; it must not kill the process.
    pool.on('error', (err) => databaseLog.failed(`PostgreSQL idle connection lost: ${describe(err)}`));
    const driver = new PipelinedPostgresDriver(tellingWaits(pool, connectMs));
    const db = new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => driver,
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    try {
      await migrate(db, 'postgres');
    } catch (err) {
      await db.destroy().catch(() => undefined);
      throw err;
    }
    return {
      db,
      dialect: 'postgres',
      durable: () => Promise.resolve(),
      health: async () => {
        try {
          await withTimeout(pool.query('select 1'), HEALTH_TIMEOUT_MS, 'PostgreSQL');
          return { ok: true };
        } catch (err) {
          return { ok: false, problem: describe(err) };
        }
      },
      close: () => db.destroy(),
    };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // Before the data file is touched: a second server on it is refused here (sqlite-owner.ts).
  // A database in memory ('' is a temporary one) is this connection's alone.
  const owner = file === ':memory:' || file === '' ? null : ownSqliteFile(file);
  try {
    return await openSqlite(file, options, owner);
  } catch (err) {
    owner?.release();
    throw err;
  }
}

async function openSqlite(file: string, options: StoreOptions, owner: SqliteOwnership | null): Promise<Store> {
  const sqlite = new SQLite(file);
  const busyTimeoutMs = 5000;
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.sqliteSync === 'full' ? 'FULL' : 'NORMAL'}`);
    // A request of a group commit is a savepoint: the pages it changes that the group had already
    // changed are first copied to a sub-journal. Past 64 KiB SQLite spills that to a temporary file,
    // created and deleted for each group (measured: 29 writes per keyed create against 8 in memory).
    // The group's savepoints are released at its commit, so what this keeps in memory stays small.
    sqlite.pragma('temp_store = MEMORY');
    // SQLite's own default page cache (2 MiB), not the 16 MiB better-sqlite3 builds it with: a
    // burst of writes filled those 16 MiB, and the C heap keeps them after the burst (freed, but
    // scattered, so not given back). No loss measured on the create paths; pages it misses come
    // from the operating system's cache (docs/performance.md, "Idle memory").
    sqlite.pragma('cache_size = -2000');
    sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  } catch (err) {
    // Not a database, unreadable: closed before the caller releases the ownership.
    sqlite.close();
    throw err;
  }
  // Checkpoints happen in a background thread (checkpointer.ts), not inside a request's commit.
  // Rows changed by this connection so far: a resting checkpoint thread starts again once it moves.
  const totalChanges = sqlite.prepare('select total_changes()').pluck();
  let changes = 0;
  const wrote = (): boolean => {
    // Asked while a transaction is open (the thread going to rest), the count would include writes not yet
    // committed: then the next commit counts as one that wrote, and starts a thread.
    const now = sqlite.inTransaction ? -1 : (totalChanges.get() as number);
    const moved = now !== changes;
    changes = now;
    return moved;
  };
  const checkpointer =
    file === ':memory:'
      ? null
      : startCheckpointer(file, () => sqlite.pragma('wal_autocheckpoint = 1000'), { intervalMs: options.checkpointIntervalMs, wrote });
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  const bound = file === ':memory:' ? undefined : walBound(sqlite, file, options.walLimit ?? DEFAULT_WAL_LIMIT, busyTimeoutMs, checkpointer, options.walCheckMs);
  const afterCommit =
    bound &&
    (() => {
      // A resting checkpoint thread starts again if this commit wrote (checkpointer.ts; a running one: nothing to do).
      checkpointer?.committed();
      return bound();
    });
  const dialect = new GroupCommitDialect(sqlite, { afterCommit });
  const db = new Kysely<Database>({ dialect });
  dialect.adopt(db as unknown as Kysely<never>);
  try {
    await migrate(db, 'sqlite');
    await dialect.durable();
  } catch (err) {
    // The caller releases the ownership: nothing of this store may keep the file open after it.
    await checkpointer?.stop().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw err;
  }
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    durable: () => dialect.durable(),
    health: async () => {
      try {
        sqlite.prepare('select 1').get();
      } catch (err) {
        return { ok: false, problem: describe(err) };
      }
      // Reads work; writes may not (a full disk): say so until a commit succeeds again.
      const failure = dialect.lastFailure();
      return failure === null ? { ok: true } : { ok: false, problem: `the last commit failed: ${failure}` };
    },
    close: async () => {
      // Closed and released even when the last commit failed: the file must not stay owned by a store that is gone.
      try {
        await dialect.durable();
      } finally {
        try {
          await checkpointer?.stop();
          await db.destroy();
        } finally {
          owner?.release();
        }
      }
    },
  };
}
