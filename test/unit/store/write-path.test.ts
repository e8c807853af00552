// The write path's shared mechanisms: SQLite's group commit (the first transaction of a group
// has no savepoint; whichever one fails, only its own writes go), and a transaction's reads of
// objects (a second read sends nothing, yet sees the transaction's own writes and gets its own copy).
// The reads on SQLite always, on PostgreSQL when TEST_DATABASE_URL names one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/store/db.ts';
import { deleteObject, getObject, insertObject, updateObject } from '../../../src/store/objects.ts';
import { createSchema } from '../../helpers/server.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

async function sqliteFile(): Promise<{ store: Store; done(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-write-path-'));
  const store = await openStore(join(dir, 'db.sqlite'));
  return { store, done: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}

const thing = (id: string, n = 1) => ({ id, object: 'thing', created: 1, n });
const put = (store: Store, id: string, fail: boolean) =>
  store.db.transaction().execute(async (trx) => {
    await insertObject({ db: trx, account: 'a', work: null }, 'thing', thing(id));
    if (fail) throw new Error('refused');
  });
const has = async (store: Store, id: string) => (await getObject(store.db, 'a', 'thing', id)) !== undefined;

describe('group commit (SQLite)', () => {
  test('the first transaction of a group fails: only its write goes, the next ones of the group commit', async () => {
    const { store, done } = await sqliteFile();
    try {
      // Started in one turn: one group. The first runs without a savepoint.
      const results = await Promise.allSettled([put(store, 'first', true), put(store, 'second', false), put(store, 'third', false)]);
      await store.durable();
      assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'fulfilled']);
      assert.equal(await has(store, 'first'), false);
      assert.equal(await has(store, 'second'), true);
      assert.equal(await has(store, 'third'), true);
    } finally {
      await done();
    }
  });

  test('a later transaction of a group fails: the writes before it stay', async () => {
    const { store, done } = await sqliteFile();
    try {
      const results = await Promise.allSettled([put(store, 'first', false), put(store, 'second', true), put(store, 'third', false)]);
      await store.durable();
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual([await has(store, 'first'), await has(store, 'second'), await has(store, 'third')], [true, false, true]);
      // The next group starts cleanly after all that.
      await put(store, 'later', false);
      await store.durable();
      assert.equal(await has(store, 'later'), true);
    } finally {
      await done();
    }
  });
});

for (const engine of ['SQLite', 'PostgreSQL']) {
  describe(`a transaction's reads of objects on ${engine}`, { skip: engine === 'PostgreSQL' && !pgUrl ? 'no TEST_DATABASE_URL' : false }, () => {
    test('a second read is a copy of its own, and follows the transaction own writes', async () => {
      let store: Store;
      let done: () => Promise<void>;
      if (engine === 'SQLite') ({ store, done } = await sqliteFile());
      else {
        const schema = await createSchema(pgUrl!);
        store = await openStore(schema.url);
        done = async () => (await store.close(), await schema.drop());
      }
      try {
        await insertObject({ db: store.db, account: 'a', work: null }, 'thing', thing('t1'));
        await store.durable();
        await store.db.transaction().execute(async (trx) => {
          const access = { db: trx, account: 'a', work: null };
          const one = await getObject<ReturnType<typeof thing>>(trx, 'a', 'thing', 't1');
          one!.n = 99; // a caller's change to its copy is not seen by the next read
          assert.equal((await getObject<ReturnType<typeof thing>>(trx, 'a', 'thing', 't1'))!.n, 1);
          // Another type under the same id is another row.
          assert.equal(await getObject(trx, 'a', 'other', 't1'), undefined);
          // Another account never sees it.
          assert.equal(await getObject(trx, 'b', 'thing', 't1'), undefined);
          await updateObject(access, thing('t1', 2));
          assert.equal((await getObject<ReturnType<typeof thing>>(trx, 'a', 'thing', 't1'))!.n, 2);
          await deleteObject(access, 't1');
          assert.equal(await getObject(trx, 'a', 'thing', 't1'), undefined);
          await insertObject(access, 'thing', thing('t1', 3));
          assert.equal((await getObject<ReturnType<typeof thing>>(trx, 'a', 'thing', 't1'))!.n, 3);
        });
        await store.durable();
        assert.equal((await getObject<ReturnType<typeof thing>>(store.db, 'a', 'thing', 't1'))!.n, 3);
      } finally {
        await done();
      }
    });
  });
}
