// Keyset pagination over a real (in-memory) SQLite store: pages never overlap
// or skip, in either direction, whatever is inserted between requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../../src/store/db.ts';
import { cursorSeq, insertObject, listObjects } from '../../../src/store/objects.ts';

test('pages walk newest first without gaps or repeats, and back again', async () => {
  const store = await openStore(':memory:');
  const ids: string[] = [];
  for (let i = 0; i < 25; i++) {
    const id = `obj_${String(i).padStart(3, '0')}`;
    ids.push(id);
    await insertObject({ db: store.db, account: 'acct_a', work: null }, 'thing', { id, created: 1000 + i });
    await insertObject({ db: store.db, account: 'acct_b', work: null }, 'thing', { id: `other_${i}`, created: 1000 + i });
  }
  const newestFirst = [...ids].reverse();
  const seen: string[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await listObjects<{ id: string }>(store.db, 'acct_a', 'thing', { limit: 7 }, cursor === undefined ? undefined : { seq: cursor, before: false });
    seen.push(...page.data.map((o) => o.id));
    if (!page.hasMore) break;
    cursor = await cursorSeq(store.db, 'acct_a', 'thing', page.data[page.data.length - 1].id);
  }
  assert.deepEqual(seen, newestFirst);

  // Walking back from the oldest with ending_before gives the newer ones, in list order.
  const oldest = await cursorSeq(store.db, 'acct_a', 'thing', ids[0]);
  const back = await listObjects<{ id: string }>(store.db, 'acct_a', 'thing', { limit: 3 }, { seq: oldest!, before: true });
  assert.deepEqual(back.data.map((o) => o.id), [ids[3], ids[2], ids[1]]);
  assert.equal(back.hasMore, true);

  // A new object arriving between pages does not shift the next page (no offsets).
  const first = await listObjects<{ id: string }>(store.db, 'acct_a', 'thing', { limit: 5 });
  await insertObject({ db: store.db, account: 'acct_a', work: null }, 'thing', { id: 'obj_new', created: 2000 });
  const next = await listObjects<{ id: string }>(store.db, 'acct_a', 'thing', { limit: 5 }, { seq: (await cursorSeq(store.db, 'acct_a', 'thing', first.data[4].id))!, before: false });
  assert.deepEqual(next.data.map((o) => o.id), newestFirst.slice(5, 10));

  // Range filters on created combine with the keyset.
  const ranged = await listObjects<{ id: string }>(store.db, 'acct_a', 'thing', { limit: 100, created: { gte: 1010, lt: 1015 } });
  assert.deepEqual(ranged.data.map((o) => o.id), newestFirst.slice(10, 15));
  assert.equal(await cursorSeq(store.db, 'acct_b', 'thing', ids[0]), undefined, 'another account cannot use the cursor');
  await store.close();
});
