// Group commit for SQLite. A commit that appends to the WAL costs far more
// than the statements before it (measured here: ~60 µs of file writes per
// commit), so each request's transaction becomes a savepoint inside one open
// transaction, and that transaction commits once per turn of the event loop
// for every request that finished in it. Responses wait for that commit
// (Store.durable), so a 2xx still means the write is in the database file.
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

const raw = (sql: string) => CompiledQuery.raw(sql);

class GroupCommitDriver extends SqliteDriver {
  /** An outer transaction is open and holds released savepoints not yet committed. */
  #open = false;
  #commit: Promise<void> | null = null;

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#open) {
      await connection.executeQuery(raw('begin'));
      this.#open = true;
    }
    await connection.executeQuery(raw('savepoint request'));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw('release request'));
    this.#schedule();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw('rollback to request'));
    await connection.executeQuery(raw('release request'));
    this.#schedule();
  }

  /** Resolves once everything committed so far by requests is in the database file. */
  durable(): Promise<void> {
    return this.#open ? this.#schedule() : Promise.resolve();
  }

  #schedule(): Promise<void> {
    if (this.#commit) return this.#commit;
    this.#commit = new Promise<void>((resolve, reject) => {
      setImmediate(async () => {
        // The connection lock keeps any request from being half-way through its savepoint.
        const connection = await this.acquireConnection();
        this.#commit = null;
        try {
          if (this.#open) await connection.executeQuery(raw('commit'));
          resolve();
        } catch (err) {
          await connection.executeQuery(raw('rollback')).catch(() => undefined);
          reject(err);
        } finally {
          this.#open = false;
          await this.releaseConnection();
        }
      });
    });
    return this.#commit;
  }
}

export class GroupCommitDialect extends SqliteDialect {
  readonly driver: GroupCommitDriver;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driver = new GroupCommitDriver(config);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  durable(): Promise<void> {
    return this.driver.durable();
  }
}
