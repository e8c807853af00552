// Inserts a transaction does not wait for on PostgreSQL (store/pg-connection.ts) keep every
// semantic of an awaited insert: a later read in the transaction sees the row, a failing insert's
// own error is the one the transaction throws (even when the work went on and failed otherwise, or
// ended without another statement), and nothing of a failed transaction is committed.
// SQLite always (there every insert is awaited: the reference), PostgreSQL when TEST_DATABASE_URL names one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../../src/store/db.ts';
import { compiled } from '../../../src/store/compiled.ts';
import { isRetryable } from '../../../src/store/conflicts.ts';
import { openEngineStore, skipUnless, STORE_ENGINES } from '../../helpers/store-engines.ts';


const insert = compiled((db, a: { account: string; id: string }) =>
  db.insertInto('objects').values({ account: a.account, id: a.id, type: 'x', created: 1, customer: null, invoice: null, status: 'live', ref: null, num: null, tag: null, data: '{}' }),
);
const idsOf = compiled((db, a: { account: string }) => db.selectFrom('objects').select('id').where('account', '=', a.account).orderBy('id'));
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
  });
}
