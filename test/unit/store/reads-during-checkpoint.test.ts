// While the WAL bound has the checkpoint thread copy the WAL (wal-bound.ts), the group commit holds
// the connection lock so that nothing commits meanwhile, but sets readsMayPass: statements that
// only read run on the shared handle at once, writes wait their turn (sqlite-connection.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { ConnectionLock, DirectSqlite, SqliteConnection } from '../../../src/store/sqlite-connection.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

test('with the lock held for a checkpoint, a read runs at once and a write waits for the release', async () => {
  const sqlite = new SQLite(':memory:');
  sqlite.exec('create table t (v integer)');
  const lock = new ConnectionLock();
  const direct = new DirectSqlite(new SqliteConnection(sqlite, () => undefined), lock);
  const root = { isTransaction: false } as unknown as Kysely<never>;
  direct.root = root;
  await lock.acquire();
  lock.readsMayPass = true;
  const read = await direct.execute<{ n: number }>(root, 'select count(*) as n from t', []);
  assert.deepEqual(read?.rows, [{ n: 0 }]);
  let written = false;
  const write = direct.execute(root, 'insert into t (v) values (?) returning v', [1])!.then(() => (written = true));
  await turn();
  assert.equal(written, false, 'a write ran while the checkpoint held the connection');
  lock.readsMayPass = false;
  lock.release();
  await write;
  assert.equal(written, true);
  assert.equal((sqlite.prepare('select count(*) as n from t').get() as { n: number }).n, 1);
  sqlite.close();
});

test('without readsMayPass a read waits for the holder, as before', async () => {
  const sqlite = new SQLite(':memory:');
  const lock = new ConnectionLock();
  const direct = new DirectSqlite(new SqliteConnection(sqlite, () => undefined), lock);
  const root = { isTransaction: false } as unknown as Kysely<never>;
  direct.root = root;
  await lock.acquire();
  let done = false;
  const read = direct.execute(root, 'select 1 as x', [])!.then(() => (done = true));
  await turn();
  assert.equal(done, false);
  lock.release();
  await read;
  assert.equal(done, true);
  sqlite.close();
});
