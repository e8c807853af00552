// Reads outside any transaction share one read transaction per turn of the event loop
// (sqlite-connection.ts), and anything else ends it first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteConnection } from '../../../src/store/sqlite-connection.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function open(): { sqlite: SQLite.Database; connection: SqliteConnection; errors: unknown[]; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'read-batch-'));
  const sqlite = new SQLite(join(dir, 'db.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (v integer)');
  const errors: unknown[] = [];
  const connection = new SqliteConnection(sqlite, (err) => errors.push(err));
  return {
    sqlite,
    connection,
    errors,
    close: () => {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('reads of one turn share a read transaction, ended before the next turn', async () => {
  const { sqlite, connection, errors, close } = open();
  connection.run('select count(*) as n from t', []);
  assert.equal(sqlite.inTransaction, true, 'the first read opened no read transaction');
  // A second \`begin\` would throw (no nested transactions): the second read joins the first's.
  assert.deepEqual(connection.run('select count(*) as n from t', []).rows, [{ n: 0 }]);
  assert.equal(sqlite.inTransaction, true);
  await turn();
  assert.equal(sqlite.inTransaction, false, 'the read transaction outlived its turn');
  assert.deepEqual(errors, []);
  close();
});

test('a write or a transaction of its own ends the read transaction first', async () => {
  const { sqlite, connection, errors, close } = open();
  connection.run('select count(*) as n from t', []);
  connection.run('insert into t (v) values (?)', [1]);
  assert.equal(sqlite.inTransaction, false, 'the write ran inside the read transaction');
  connection.run('select count(*) as n from t', []);
  connection.run('begin', []);
  connection.run('insert into t (v) values (?)', [2]);
  connection.run('commit', []);
  await turn();
  assert.equal(sqlite.inTransaction, false);
  // Both writes are committed: another connection sees them.
  const other = new SQLite(sqlite.name, { readonly: true });
  assert.equal((other.prepare('select count(*) as n from t').get() as { n: number }).n, 2);
  other.close();
  assert.deepEqual(errors, []);
  close();
});

test('a read inside a transaction opens nothing, and a rolled-back transaction leaves no read transaction behind', async () => {
  const { sqlite, connection, errors, close } = open();
  connection.run('begin', []);
  connection.run('select count(*) as n from t', []);
  connection.run('rollback', []);
  assert.equal(sqlite.inTransaction, false, 'a read inside a transaction became a read transaction of its own');
  // Something outside the connection rolls back while a read transaction is open: its end must not fail.
  connection.run('select count(*) as n from t', []);
  sqlite.exec('rollback');
  await turn();
  connection.run('insert into t (v) values (?)', [1]);
  assert.equal(sqlite.inTransaction, false);
  assert.deepEqual(errors, []);
  close();
});
