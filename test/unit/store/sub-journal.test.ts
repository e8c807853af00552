// A group commit's requests are savepoints; what they change of pages the group already changed
// goes to a sub-journal. On the store's connection that stays in memory (db.ts): no temporary
// file is created and deleted per group on the write path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/store/db.ts';

/** The files this process holds open that SQLite created as temporary ones (named etilqs_*, deleted at once). */
function openTempFiles(): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((target) => target.includes('etilqs_'));
}

test('savepoints that rewrite pages of their group leave no temporary file', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sub-journal-'));
  const store = await openStore(join(dir, 'db.sqlite'));
  try {
    const sqlite = store.sqlite!;
    sqlite.exec('create table t (k integer primary key, v blob)');
    sqlite.exec('begin');
    sqlite.prepare('with recursive n(k) as (select 1 union all select k + 1 from n where k < 400) insert into t (k, v) select k, zeroblob(1000) from n').run();
    // Each savepoint rewrites the same ~100 pages: far past the 64 KiB SQLite keeps in memory by default.
    for (let i = 0; i < 4; i++) {
      sqlite.exec(`savepoint s${i}`);
      sqlite.prepare('update t set v = randomblob(1000)').run();
      sqlite.exec(`release s${i}`);
    }
    assert.deepEqual(openTempFiles(), [], 'the sub-journal went to a temporary file');
    sqlite.exec('commit');
    assert.deepEqual(sqlite.prepare('select count(*) as n from t').get(), { n: 400 });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
