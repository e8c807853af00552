// Telling the database's own failures (unreachable, out of space, I/O errors) from
// everything else, so that a request that meets one gets a 5xx the client can act on
// and the failure is logged once, not once per request while it lasts.

/** A commit that did not happen: every request whose transaction was in it fails with it. */
export class CommitFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(`commit failed: ${describe(cause)}`);
  }
}

/**
 * Every pooled PostgreSQL connection stayed busy with other requests for the whole connect
 * timeout: the database answers, this process has more requests under way than connections.
 * (pg says "timeout exceeded when trying to connect" for this and for a server that does not
 * answer a new connection; db.ts tells the two apart by whether the pool was full.)
 */
export class PoolWaitTimeout extends Error {
  constructor(
    readonly waitedMs: number,
    readonly poolSize: number,
  ) {
    super(`waited ${waitedMs} ms for one of the ${poolSize} pooled PostgreSQL connections, all busy with other requests`);
  }
}

/** PostgreSQL SQLSTATEs that mean the server or the connection to it is gone or refusing work. */
const PG_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown (pg_ctl stop/restart -m fast)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '57014', // query_canceled: the statement timeout
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
  '53100', // disk_full (on the database server)
  '58030', // io_error
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** pg's own messages for a connection that died, never came, or stopped answering. */
const PG_CLIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'not queryable',
  'Client was closed',
  'Connection ended',
];

/** SQLite result codes (better-sqlite3 `err.code`, extended codes included) after which the file cannot take writes now. */
const SQLITE_FAILED = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|NOMEM|PROTOCOL)/;

export type DatabaseFailureKind = 'unavailable' | 'failed';

/**
 * 'unavailable': the database cannot be reached now (PostgreSQL down, restarting, too slow);
 * 'failed': it is there but could not do the work (disk full, I/O error, read-only file);
 * null: anything else (a bug, a constraint: not the world around us).
 */
export function databaseFailure(err: unknown): DatabaseFailureKind | null {
  if (err instanceof CommitFailed) return 'failed';
  if (err instanceof PoolWaitTimeout) return 'unavailable';
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLITE_FAILED.test(code)) return 'failed';
  if (PG_UNAVAILABLE.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return 'unavailable';
  const message = typeof e.message === 'string' ? e.message : '';
  if (PG_CLIENT_MESSAGES.some((m) => message.includes(m))) return 'unavailable';
  return null;
}

export function describe(err: unknown): string {
  if (err instanceof CommitFailed) return err.message;
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = e && typeof e.message === 'string' ? e.message : String(err);
  return e && typeof e.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
