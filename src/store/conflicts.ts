// What several processes on one PostgreSQL database need beyond row locks:
// named transaction locks for invariants no single row holds, and telling
// which database errors mean "a concurrent transaction won, run it again".
import { sql } from 'kysely';
import type { Db, Dialect } from './db.ts';
import { compiled } from './compiled.ts';

/**
 * Thrown by code that found, under its locks, that what it read before taking them
 * changed (an invoice item moved to another invoice): the request's transaction is
 * rolled back, releasing every lock, and run again from the start.
 */
export class RetryTransaction extends Error {
  constructor(reason: string) {
    super(`retry the transaction: ${reason}`);
  }
}

/** PostgreSQL SQLSTATEs after which the whole transaction can simply run again. */
const RETRYABLE_PG = new Set([
  '23505', // unique_violation: a concurrent insert of the same key committed first (idempotency key, invoice prefix, custom id)
  '40001', // serialization_failure
  '40P01', // deadlock_detected: PostgreSQL aborted one side of a lock cycle
]);

/** True when `err` means the transaction lost a race and running it again will see the winner's commit. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof RetryTransaction) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return RETRYABLE_PG.has(code) || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_BUSY';
}

/**
 * Holds a lock named by `parts` until the transaction ends (PostgreSQL advisory
 * transaction lock, visible to every process on the database). SQLite runs one write
 * transaction at a time already, so there it does nothing.
 * For "check that nothing else has X, then create X" where X is no row to lock.
 */
export async function lockName(db: Db, dialect: Dialect, ...parts: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  await lockSql.execute(db, { name: parts.join('\u001f') });
}

// Compiled: a prepared statement, and one the transaction need not wait for (prepared.ts): the
// statements after it run only once PostgreSQL holds the lock.
const lockSql = compiled((db, a: { name: string }) => db.selectNoFrom(sql<null>`pg_advisory_xact_lock(hashtextextended(${a.name}, 0))`.as('locked')));
