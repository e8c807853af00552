// A SQLite file is owned by one store at a time inside one process too (sqlite-owner.ts):
// a second store is refused until the first is closed, and a store that failed to open
// leaves the file unowned. Across processes and kill -9: test/api/sqlite-owner.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openStore } from '../../../src/store/db.ts';
import { ownSqliteFile, SqliteFileOwned } from '../../../src/store/sqlite-owner.ts';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-owner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a second store on an open file is refused, by any path to it; once the first is closed it opens', async () => {
  const file = join(dir, 'one.sqlite');
  const first = await openStore(file);
  const link = join(dir, 'link.sqlite');
  symlinkSync(file, link);
  mkdirSync(join(dir, 'x'));
  try {
    for (const path of [file, relative(process.cwd(), file), `sqlite://${file}`, link, join(dir, '.', 'x', '..', 'one.sqlite')]) {
      await assert.rejects(openStore(path), (err: unknown) => {
        assert.ok(err instanceof SqliteFileOwned, String(err));
        assert.equal(err.message, `another InvoiceKit server already serves ${realpathSync(file)} (SQLite has a single writer; use PostgreSQL for several processes)`);
        return true;
      });
    }
  } catch (err) {
    await first.close();
    throw err;
  }
  await first.close();
  const second = await openStore(file);
  await second.close();
});

test('in-memory stores own nothing: any number open at once', async () => {
  const [a, b] = [await openStore(':memory:'), await openStore(':memory:')];
  await a.close();
  await b.close();
});

test('a store that fails to open leaves the file unowned', async () => {
  const file = join(dir, 'not-a-database.sqlite');
  writeFileSync(file, 'this is not a SQLite database, and long enough for SQLite to read a header from it: '.repeat(4));
  await assert.rejects(openStore(file), (err: unknown) => !(err instanceof SqliteFileOwned));
  // Nothing holds it now.
  ownSqliteFile(file).release();
});
