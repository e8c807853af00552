// Opens the store: SQLite (a file path, the default) or PostgreSQL
// (postgres:// URLs), behind one Kysely instance so the query code is shared.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { GroupCommitDialect } from './group-commit.ts';
import { startCheckpointer } from './checkpointer.ts';
import type { Database } from './schema.ts';
import { migrate } from './migrate.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Resolves when every transaction that has finished is durably committed (SQLite group commit). */
  durable(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** SQLite: `synchronous=FULL` fsyncs every commit (survives power loss); NORMAL survives a killed process. */
  sqliteSync?: 'full' | 'normal';
}

/**
 * Kysely prepares every query anew; the same few dozen SQL texts repeat on every
 * request, so their prepared statements are kept (bounded, in case of dynamic SQL).
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= 1000) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/**
 * PostgreSQL text cannot hold U+0000, which SQLite stores and clients may send (`/v1/customers/%00`,
 * an email with a NUL). Documents are JSON, where JSON.stringify escapes it; the remaining string
 * parameters (ids, filter columns) get U+FFFD in its place, the same way on every read and write,
 * so lookups of such values find nothing (ids never contain either) and filters still match.
 */
function withoutNul(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const clean = (v: unknown) => (typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v);
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) =>
    query(text, Array.isArray(values) ? values.map(clean) : values, ...rest);
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(url)) {
    // pg returns bigint columns as strings by default; ours fit in a double.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    pool.on('connect', withoutNul);
    // An idle connection the server dropped (restart, admin) is replaced; it must not kill the process.
    pool.on('error', (err) => console.error(`PostgreSQL connection lost: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrate(db, 'postgres');
    return { db, dialect: 'postgres', durable: () => Promise.resolve(), close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSync === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints happen in a background thread (checkpointer.ts), not inside a request's commit.
  const checkpointer =
    file === ':memory:' ? null : startCheckpointer(file, () => sqlite.pragma('wal_autocheckpoint = 1000'));
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  const dialect = new GroupCommitDialect({ database: withStatementCache(sqlite) });
  const db = new Kysely<Database>({ dialect });
  await migrate(db, 'sqlite');
  await dialect.durable();
  return {
    db,
    dialect: 'sqlite',
    durable: () => dialect.durable(),
    close: async () => {
      await dialect.durable();
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}
