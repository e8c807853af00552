// Inserts a transaction does not wait for on PostgreSQL (store/pg-connection.ts) keep every
// semantic of an awaited insert: a later read in the transaction sees the row, a failing insert's
// own error is the one the transaction throws (even when the work went on and failed otherwise, or
// ended without another statement), and nothing of a failed transaction is committed.
// SQLite always (there every insert is awaited: the reference), PostgreSQL when TEST_DATABASE_URL names one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../../src/store/db.ts';
import { sql } from 'kysely';
import { compiled } from '../../../src/store/compiled.ts';
import { isRetryable } from '../../../src/store/conflicts.ts';
import { openEngineStore, skipUnless, STORE_ENGINES } from '../../helpers/store-engines.ts';


const insert = compiled((db, a: { account: string; id: string }) =>
  db.insertInto('objects').values({ account: a.account, id: a.id, type: 'x', created: 1, customer: null, invoice: null, status: 'live', ref: null, num: null, tag: null, data: '{}' }),
);
const idsOf = compiled((db, a: { account: string }) => db.selectFrom('objects').select('id').where('account', '=', a.account).orderBy('id'));
// Fails on PostgreSQL (a text that is no integer); on SQLite a cast never fails.
const asInteger = compiled((db, a: { text: string }) => db.selectNoFrom(sql<number>`cast(${a.text} as integer)`.as('n')));
const ids = async (store: Store, account: string) => (await idsOf.rows(store.db, { account })).map((r) => r.id);

/** The transaction's failure, which must be the duplicate key's (a race lost: the unit of work runs again). */
async function failure(p: Promise<unknown>): Promise<unknown> {
  const err = await p.then(
    () => assert.fail('the transaction committed'),
    (e: unknown) => e,
  );
  assert.ok(isRetryable(err), `a duplicate key, not: ${String(err)}`);
  return err;
}

for (const engine of STORE_ENGINES) {
  describe(`inserts in a transaction on ${engine}`, { skip: skipUnless(engine) }, () => {
    test('a read after an insert sees it, in the transaction and after the commit', async () => {
      const { store, done } = await openEngineStore(engine);
      try {
        const seen = await store.db.transaction().execute(async (trx) => {
          await insert.execute(trx, { account: 'a', id: 'x1' });
          await insert.execute(trx, { account: 'a', id: 'x2' });
          return (await idsOf.rows(trx, { account: 'a' })).map((r) => r.id);
        });
        assert.deepEqual(seen, ['x1', 'x2']);
        assert.deepEqual(await ids(store, 'a'), ['x1', 'x2']);
      } finally {
        await done();
      }
    });

    test("a failing insert's error is the transaction's, whatever came after it, and nothing commits", async () => {
      const { store, done } = await openEngineStore(engine);
      try {
        await insert.execute(store.db, { account: 'a', id: 'taken' });
        // The duplicate is the unit's last statement: the commit tells.
        await failure(store.db.transaction().execute(async (trx) => {
          await insert.execute(trx, { account: 'a', id: 'y1' });
          await insert.execute(trx, { account: 'a', id: 'taken' });
        }));
        // The work goes on after it and fails otherwise: the duplicate came first, its error wins.
        await failure(store.db.transaction().execute(async (trx) => {
          await insert.execute(trx, { account: 'a', id: 'taken' });
          throw new Error('the work failed after the insert');
        }));
        // A read follows it.
        await failure(store.db.transaction().execute(async (trx) => {
          await insert.execute(trx, { account: 'a', id: 'taken' });
          await insert.execute(trx, { account: 'a', id: 'y2' });
          return idsOf.rows(trx, { account: 'a' });
        }));
        assert.deepEqual(await ids(store, 'a'), ['taken']);
        // The connections are clean: the next transaction commits.
        await store.db.transaction().execute((trx) => insert.execute(trx, { account: 'a', id: 'z' }));
        assert.deepEqual(await ids(store, 'a'), ['taken', 'z']);
      } finally {
        await done();
      }
    });

    test('a read sent ahead answers what was there when it was sent, and the statements after it run', async () => {
      const { store, done } = await openEngineStore(engine);
      try {
        await insert.execute(store.db, { account: 'r', id: 'r1' });
        const [ahead, after] = await store.db.transaction().execute(async (trx) => {
          const early = idsOf.rowsAhead(trx, { account: 'r' });
          await insert.execute(trx, { account: 'r', id: 'r2' });
          const later = await idsOf.rows(trx, { account: 'r' });
          return [(await early).map((r) => r.id), later.map((r) => r.id)];
        });
        assert.deepEqual(ahead, ['r1']);
        assert.deepEqual(after, ['r1', 'r2']);
        // Outside a transaction it is a plain read.
        assert.deepEqual((await idsOf.rowsAhead(store.db, { account: 'r' })).map((r) => r.id), ['r1', 'r2']);
      } finally {
        await done();
      }
    });

    test("a failing read sent ahead throws from its promise and from the transaction, and nothing commits", { skip: engine === 'SQLite' ? 'a SQLite cast does not fail' : false }, async () => {
      const { store, done } = await openEngineStore(engine);
      try {
        let own: unknown = null;
        const err = await store.db
          .transaction()
          .execute(async (trx) => {
            const early = asInteger.rowsAhead(trx, { text: 'not a number' });
            early.catch((e: unknown) => (own = e));
            await insert.execute(trx, { account: 'f', id: 'f1' });
            await idsOf.rows(trx, { account: 'f' });
          })
          .then(
            () => assert.fail('the transaction committed'),
            (e: unknown) => e,
          );
        assert.equal((err as { code?: string }).code, '22P02', String(err));
        assert.equal(own, err, 'the read\'s own error, from its promise');
        assert.deepEqual(await ids(store, 'f'), []);
        // The connection is clean: the next transaction commits.
        await store.db.transaction().execute((trx) => insert.execute(trx, { account: 'f', id: 'f2' }));
        assert.deepEqual(await ids(store, 'f'), ['f2']);
      } finally {
        await done();
      }
    });
  });
}
