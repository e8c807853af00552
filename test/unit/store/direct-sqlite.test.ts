// Compiled queries on SQLite run on better-sqlite3 directly (store/sqlite-connection.ts), not
// through Kysely's executor. These pin down that they keep what Kysely's path gave: the shared
// handle waits while a transaction holds the connection, a transaction's statements run on it in
// order with Kysely's own, failures come back as rejections and undo the unit, and the group
// commit still makes a write durable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../../src/store/db.ts';
import { compiled } from '../../../src/store/compiled.ts';

const idsOf = compiled((db, a: { account: string }) => db.selectFrom('objects').select('id').where('account', '=', a.account).orderBy('id'));
const insert = compiled((db, a: { account: string; id: string }) =>
  db.insertInto('objects').values({ account: a.account, id: a.id, type: 'x', created: 1, customer: null, invoice: null, status: null, ref: null, num: null, tag: null, data: '{}' }),
);

test('a read on the shared handle waits for the transaction holding the connection, then sees its writes', async () => {
  const store = await openStore(':memory:');
  try {
    let releaseUnit!: () => void;
    const paused = new Promise<void>((resolve) => (releaseUnit = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const unit = store.db.transaction().execute(async (trx) => {
      await insert.execute(trx, { account: 'a', id: 'x1' });
      inserted();
      await paused;
      await insert.execute(trx, { account: 'a', id: 'x2' });
    });
    await didInsert;
    let seen: string[] | null = null;
    const reading = idsOf.rows(store.db, { account: 'a' }).then((rows) => (seen = rows.map((r) => r.id)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen, null, 'the read ran while the transaction held the connection');
    releaseUnit();
    await unit;
    await reading;
    assert.deepEqual(seen, ['x1', 'x2']);
  } finally {
    await store.close();
  }
});

test("in a transaction, compiled statements and Kysely's own run in the order they were sent", async () => {
  const store = await openStore(':memory:');
  try {
    const seen = await store.db.transaction().execute(async (trx) => {
      await insert.execute(trx, { account: 'b', id: 'y1' });
      await trx.insertInto('objects').values({ account: 'b', id: 'y2', type: 'x', created: 1, customer: null, invoice: null, status: null, ref: null, num: null, tag: null, data: '{}' }).execute();
      return (await idsOf.rows(trx, { account: 'b' })).map((r) => r.id);
    });
    assert.deepEqual(seen, ['y1', 'y2']);
    await store.durable();
    assert.deepEqual((await idsOf.rows(store.db, { account: 'b' })).map((r) => r.id), ['y1', 'y2']);
  } finally {
    await store.close();
  }
});

test('a failing statement rejects (never throws synchronously) and its transaction is undone', async () => {
  const store = await openStore(':memory:');
  try {
    await insert.execute(store.db, { account: 'c', id: 'z1' });
    let returned: Promise<unknown> | null = null;
    await assert.rejects(
      store.db.transaction().execute(async (trx) => {
        await insert.execute(trx, { account: 'c', id: 'z2' });
        returned = insert.execute(trx, { account: 'c', id: 'z1' }); // the primary key again
        await returned;
      }),
      /UNIQUE constraint failed/,
    );
    assert.ok(returned !== null);
    await store.durable();
    assert.deepEqual((await idsOf.rows(store.db, { account: 'c' })).map((r) => r.id), ['z1']);
    // The connection is free again: a new unit runs.
    await store.db.transaction().execute((trx) => insert.execute(trx, { account: 'c', id: 'z3' }));
    await store.durable();
    assert.deepEqual((await idsOf.rows(store.db, { account: 'c' })).map((r) => r.id), ['z1', 'z3']);
  } finally {
    await store.close();
  }
});

test('units of work that overlap still commit together and each sees only what it should', async () => {
  const store = await openStore(':memory:');
  try {
    // Started together: they take the connection in turn and share one group commit.
    await Promise.all(
      ['w1', 'w2', 'w3'].map((id) =>
        store.db.transaction().execute(async (trx) => {
          await insert.execute(trx, { account: 'd', id });
          const mine = (await idsOf.rows(trx, { account: 'd' })).map((r) => r.id);
          assert.ok(mine.includes(id));
        }),
      ),
    );
    await store.durable();
    assert.equal(store.sqlite!.inTransaction, false, 'the group committed');
    assert.deepEqual((await idsOf.rows(store.db, { account: 'd' })).map((r) => r.id), ['w1', 'w2', 'w3']);
  } finally {
    await store.close();
  }
});
