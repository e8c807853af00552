// The background checkpoint thread (checkpointer.ts) moves committed pages from the WAL into the
// database file, also when the store runs from the TypeScript sources as the tests do: the main
// connection never checkpoints here (wal_autocheckpoint = 0), so the file only grows if the thread works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { startCheckpointer } from '../../../src/store/checkpointer.ts';

test('the checkpoint thread starts from the sources and moves the WAL into the database file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-checkpointer-'));
  const file = join(dir, 'db.sqlite');
  const db = new SQLite(file);
  const failures: Error[] = [];
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table t (x text)');
    const insert = db.prepare('insert into t values (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(2000));
    })();
    const before = statSync(file).size;
    assert.ok(statSync(`${file}-wal`).size > 900_000, 'the rows are in the WAL');

    const checkpointer = startCheckpointer(file, (err) => failures.push(err), { intervalMs: 20 });
    let after = before;
    for (let waited = 0; waited < 10_000 && after < 900_000 && failures.length === 0; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = statSync(file).size;
    }
    await checkpointer.stop();

    assert.deepEqual(failures.map((e) => e.message), []);
    assert.ok(before < 100_000, `the database file held ${before} bytes before any checkpoint`);
    assert.ok(after > 900_000, `the database file holds ${after} bytes after the thread's checkpoints`);
    assert.equal((db.prepare('select count(*) as n from t').get() as { n: number }).n, 500);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the thread rests once nothing is written, and the next commit that writes starts it again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-checkpointer-'));
  const file = join(dir, 'db.sqlite');
  const db = new SQLite(file);
  const failures: Error[] = [];
  const until = async (what: string, ok: () => boolean) => {
    for (let waited = 0; !ok(); waited += 20) {
      assert.ok(waited < 10_000, `${what} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table t (x text)');
    // As the store does (db.ts): rows changed by this connection since the last look.
    const totalChanges = db.prepare('select total_changes()').pluck();
    let seen = 0;
    const wrote = () => {
      const now = totalChanges.get() as number;
      const moved = now !== seen;
      seen = now;
      return moved;
    };
    const insert = db.prepare('insert into t values (?)');
    const checkpointer = startCheckpointer(file, (err) => failures.push(err), { intervalMs: 20, restAfterMs: 150, wrote });
    assert.equal(checkpointer.running, true, 'a thread runs from the start');

    // Writes every 50 ms for 600 ms: the thread sees them (data_version) and stays.
    for (let i = 0; i < 12; i++) {
      insert.run('y');
      checkpointer.committed();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(checkpointer.running, true, `still running while writes come (${i})`);
    }
    await until('the thread rests', () => {
      db.prepare('select count(*) from t').get();
      return !checkpointer.running;
    });
    db.transaction(() => db.prepare('select count(*) from t').get())();
    checkpointer.committed();
    assert.equal(checkpointer.running, false, 'a commit that wrote nothing leaves it resting');

    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(2000));
    })();
    const before = statSync(file).size;
    checkpointer.committed();
    assert.equal(checkpointer.running, true, 'a commit that wrote starts a thread again');
    await until('the new thread copies the WAL into the file', () => statSync(file).size > 900_000);
    await until('it rests again', () => !checkpointer.running);
    assert.equal(await checkpointer.checkpointNow(), true, 'a checkpoint asked of a resting thread is answered');
    await checkpointer.stop();

    assert.deepEqual(failures.map((e) => e.message), []);
    assert.ok(before < 100_000, `the database file held ${before} bytes before the thread started again`);
    assert.equal(checkpointer.running, false);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
