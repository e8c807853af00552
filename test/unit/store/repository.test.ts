// The typed repositories over the objects table, the same tests on every engine:
// SQLite always, PostgreSQL when TEST_DATABASE_URL names one (skipped otherwise).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../src/store/db.ts';
import { repository } from '../../../src/store/repository.ts';
import { UnitOfWork } from '../../../src/work/unit-of-work.ts';
import { createSchema } from '../../helpers/server.ts';

interface Thing {
  id: string;
  object: 'thing';
  created: number;
  owner: string | null;
  state: 'on' | 'off';
  [key: string]: unknown;
}

const things = repository<Thing>({ type: 'thing', columns: (t) => ({ customer: t.owner, status: t.state }) });
const others = repository<Thing>({ type: 'other_thing' });

const pgUrl = process.env.TEST_DATABASE_URL;
const engines: { name: string; open: () => Promise<{ store: Store; done(): Promise<void> }> | null }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const store = await openStore(':memory:');
      return { store, done: () => store.close() };
    },
  },
  {
    name: 'PostgreSQL',
    open: () =>
      pgUrl
        ? (async () => {
            const schema = await createSchema(pgUrl);
            const store = await openStore(schema.url);
            return { store, done: async () => (await store.close(), await schema.drop()) };
          })()
        : null,
  },
];

const thing = (id: string, created: number, extra: Partial<Thing> = {}): Thing => ({ id, object: 'thing', created, owner: 'cus_1', state: 'on', ...extra });

for (const engine of engines) {
  describe(`repositories on ${engine.name}`, { skip: engine.name === 'PostgreSQL' && !pgUrl ? 'no TEST_DATABASE_URL' : false }, () => {
    const withStore = async (fn: (store: Store) => Promise<void>) => {
      const opened = await engine.open()!;
      try {
        await fn(opened.store);
      } finally {
        await opened.done();
      }
    };

    test('insert, get, update, remove; one account never sees another; types are apart', () =>
      withStore(async (store) => {
        const a = { db: store.db, account: 'acct_a', work: null };
        const b = { db: store.db, account: 'acct_b', work: null };
        await things.insert(a, thing('th_1', 100));
        assert.deepEqual(await things.get(a, 'th_1'), thing('th_1', 100));
        assert.equal(await things.get(b, 'th_1'), undefined);
        assert.equal(await others.get(a, 'th_1'), undefined);
        await things.update(a, thing('th_1', 100, { state: 'off', name: 'n' }));
        assert.equal((await things.get(a, 'th_1'))?.name, 'n');
        await things.remove(a, 'th_1');
        assert.equal(await things.get(a, 'th_1'), undefined);
      }));

    test('lists filter by the declared columns and page by keyset, newest first', () =>
      withStore(async (store) => {
        const a = { db: store.db, account: 'acct_a', work: null };
        for (let i = 0; i < 7; i++) await things.insert(a, thing(`th_${i}`, 100 + i, { state: i % 2 === 0 ? 'on' : 'off', owner: i < 5 ? 'cus_1' : 'cus_2' }));
        const on = await things.list(a, { limit: 10, where: { status: 'on' } });
        assert.deepEqual(on.data.map((t) => t.id), ['th_6', 'th_4', 'th_2', 'th_0']);
        const first = await things.list(a, { limit: 2, where: { customer: 'cus_1' } });
        assert.deepEqual(first.data.map((t) => t.id), ['th_4', 'th_3']);
        assert.equal(first.hasMore, true);
        const seq = await things.cursor(a, 'th_3');
        const next = await things.list(a, { limit: 5, where: { customer: 'cus_1' } }, { seq: seq!, before: false });
        assert.deepEqual(next.data.map((t) => t.id), ['th_2', 'th_1', 'th_0']);
        assert.equal(next.hasMore, false);
        assert.deepEqual((await things.list(a, { limit: 10, created: { gte: 105 } })).data.map((t) => t.id), ['th_6', 'th_5']);
        assert.equal(await others.cursor(a, 'th_3'), undefined, 'a cursor of another type');
      }));

    test('inside a unit of work, writes are noted (first before, last after) and getForUpdate reads the row', () =>
      withStore(async (store) => {
        await store.db.transaction().execute(async (trx) => {
          const work = new UnitOfWork(trx, store.dialect);
          const a = { db: trx, account: 'acct_a', work };
          await things.insert(a, thing('th_1', 100));
          await things.update(a, thing('th_1', 100, { state: 'off' }));
          assert.equal((await things.getForUpdate(a, 'th_1'))?.state, 'off');
          await things.insert(a, thing('th_2', 101));
          await things.remove(a, 'th_2');
          const changes = [...work.changes.changes.values()].map((c) => [c.id, c.before?.state ?? null, c.after?.state ?? null]);
          assert.deepEqual(changes, [['th_1', null, 'off'], ['th_2', null, null]]);
        });
        // Outside a unit of work nothing is noted (and nothing fails).
        await things.insert({ db: store.db, account: 'acct_a', work: null }, thing('th_3', 102));
      }));
  });
}
