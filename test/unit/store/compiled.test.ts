// Queries compiled once (store/compiled.ts): each run sends its own values in the compiled SQL,
// each shape has SQL of its own, constants the builder wrote stay; and a unit of work's change
// log keeps an object's first state when it is updated twice (the second update reads nothing).
// SQLite always, PostgreSQL when TEST_DATABASE_URL names one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compiled } from '../../../src/store/compiled.ts';
import { repository } from '../../../src/store/repository.ts';
import { UnitOfWork } from '../../../src/work/unit-of-work.ts';
import { openEngineStore, skipUnless, STORE_ENGINES } from '../../helpers/store-engines.ts';


/** Ids of an account's objects of a type; shape `owner` filters by the customer column, `none` by its absence. */
const ids = compiled((db, a: { account: string; type: string; owner: string | null }, shape) => {
  let q = db.selectFrom('objects').select('id').where('account', '=', a.account).where('type', '=', a.type);
  if (shape === 'owner') q = q.where('customer', '=', a.owner);
  if (shape === 'none') q = q.where('customer', 'is', null);
  return q.where('status', '=', 'live').orderBy('id');
});

interface Item {
  id: string;
  object: 'item';
  created: number;
  n: number;
  [key: string]: unknown;
}
const items = repository<Item>({ type: 'item' });

for (const engine of STORE_ENGINES) {
  describe(`compiled queries on ${engine}`, { skip: skipUnless(engine) }, () => {
    test('each run binds its own values; each shape is its own SQL; constants stay', async () => {
      const { store, done } = await openEngineStore(engine);
      try {
        const row = (account: string, id: string, customer: string | null, status: string) =>
          store.db.insertInto('objects').values({ account, id, type: 'x', created: 1, customer, invoice: null, status, ref: null, num: null, tag: null, data: '{}' }).execute();
        await row('a', 'x1', 'c1', 'live');
        await row('a', 'x2', 'c2', 'live');
        await row('a', 'x3', null, 'live');
        await row('a', 'x4', 'c1', 'gone');
        await row('b', 'x5', 'c1', 'live');
        const run = async (account: string, owner: string | null, shape: string) => (await ids.rows(store.db, { account, type: 'x', owner }, shape)).map((r) => r.id);
        assert.deepEqual(await run('a', null, ''), ['x1', 'x2', 'x3']);
        assert.deepEqual(await run('a', 'c1', 'owner'), ['x1']);
        assert.deepEqual(await run('a', 'c2', 'owner'), ['x2']);
        assert.deepEqual(await run('b', 'c1', 'owner'), ['x5']);
        assert.deepEqual(await run('a', null, 'none'), ['x3']);
        // The first shape's SQL was not replaced by the others'.
        assert.deepEqual(await run('b', null, ''), ['x5']);
      } finally {
        await done();
      }
    });

    test("an object updated twice in a unit of work keeps its state from before the unit in the change log", async () => {
      const { store, done } = await openEngineStore(engine);
      try {
        await items.insert({ db: store.db, account: 'a', work: null }, { id: 'it_1', object: 'item', created: 1, n: 1 });
        await store.db.transaction().execute(async (trx) => {
          const work = new UnitOfWork(trx, store.dialect);
          const a = { db: trx, account: 'a', work };
          await items.update(a, { id: 'it_1', object: 'item', created: 1, n: 2 });
          await items.update(a, { id: 'it_1', object: 'item', created: 1, n: 3 });
          const change = work.changes.changes.get('item\u0000it_1');
          assert.equal(change?.before?.n, 1);
          assert.equal(change?.after?.n, 3);
        });
        assert.equal((await items.get({ db: store.db, account: 'a', work: null }, 'it_1'))?.n, 3);
      } finally {
        await done();
      }
    });
  });
}
