// The idempotency record: the first response to a key is stored in the same
// transaction as the change it made, so a replay after a crash sees exactly
// what committed. Same key, other params -> idempotency_error.
import { errors } from '../http/errors.ts';
import type { Db, Dialect } from './db.ts';
import { lockName, RetryTransaction } from './conflicts.ts';
import { compiled } from './compiled.ts';
import type { IdempotencyTable } from './schema.ts';

export const KEY_TTL_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  body: string;
  requestId: string;
}

/** The stored response for a live key, or undefined; throws on a parameter mismatch. */
const findSql = compiled((db, a: { account: string; key: string }) =>
  db.selectFrom('idempotency_keys').select(['fingerprint', 'status', 'body', 'request_id', 'created']).where('account', '=', a.account).where('key', '=', a.key),
);

export async function findReplay(db: Db, account: string, key: string, print: string, now: number): Promise<StoredResponse | undefined> {
  const row = (await findSql.rows(db, { account, key }))[0];
  if (!row || row.created <= now - KEY_TTL_SECONDS) return undefined;
  if (row.fingerprint !== print) throw errors.idempotencyMismatch(key);
  return { status: row.status, body: row.body, requestId: row.request_id };
}

/**
 * Serializes requests that carry the same key (PostgreSQL; SQLite runs one write at a time):
 * taken at the start of the request's transaction, before findReplay, so a twin sent to
 * another process at the same moment waits here and then replays this one's response.
 */
export async function lockKey(db: Db, dialect: Dialect, account: string, key: string): Promise<void> {
  await lockName(db, dialect, 'idempotency', account, key);
}

/** A live record for the key was saved by a concurrent request: this one must roll back and replay it. */
export class KeyTaken extends RetryTransaction {
  constructor(key: string) {
    super(`idempotency key ${key} was saved by a concurrent request`);
  }
}

// An expired record with the same key is replaced: after 24 hours the key is new. A live
// one is never overwritten: that would let two requests with one key both commit.
const saveSql = compiled((db, a: IdempotencyTable & { expired: number }) => {
  const row = { fingerprint: a.fingerprint, status: a.status, body: a.body, request_id: a.request_id, created: a.created };
  return db
    .insertInto('idempotency_keys')
    .values({ account: a.account, key: a.key, ...row })
    .onConflict((oc) => oc.columns(['account', 'key']).doUpdateSet(row).where('idempotency_keys.created', '<=', a.expired));
});

export async function saveResponse(db: Db, account: string, key: string, print: string, now: number, res: StoredResponse): Promise<void> {
  const result = await saveSql.execute(db, {
    account, key, fingerprint: print, status: res.status, body: res.body, request_id: res.requestId, created: now, expired: now - KEY_TTL_SECONDS,
  });
  if (Number(result.numAffectedRows ?? 1) === 0) throw new KeyTaken(key);
}

export async function pruneKeys(db: Db, now: number): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created', '<=', now - KEY_TTL_SECONDS).execute();
}
