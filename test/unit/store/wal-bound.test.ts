// The WAL stays bounded in bytes under sustained writes through the real group commit on a real
// file (wal-bound.ts): past its limit, the checkpoint thread copies it all between groups, writes held off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/store/db.ts';
import { insertObject } from '../../../src/store/objects.ts';
import { takeWalHolds } from '../../../src/store/wal-bound.ts';

const MiB = 2 ** 20;
const walSize = (file: string) => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

test('the WAL stays under its limit (plus one group) while far more than the limit is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-wal-bound-'));
  const file = join(dir, 'db.sqlite');
  // The background thread waits ten minutes: the bound alone must hold the WAL. The size is looked at
  // after every commit: with the server's few milliseconds between looks, a fast machine wrote
  // ~12 groups (600 KB) past a 1 MiB limit before the bound saw it, and this failed one run in ten.
  const store = await openStore(file, { walLimit: MiB, checkpointIntervalMs: 600_000, walCheckMs: 0 });
  takeWalHolds();
  try {
    const padding = 'x'.repeat(2000);
    let largest = 0;
    let written = 0;
    // 12 MiB of documents in groups of 8 writes of ~2 KB: twelve times the limit.
    for (let round = 0; written < 12 * MiB; round++) {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.db.transaction().execute((trx) => insertObject({ db: trx, account: 'a', work: null }, 'thing', { id: `t_${round}_${i}`, object: 'thing', created: 1, padding })),
        ),
      );
      await store.durable();
      written += 8 * padding.length;
      largest = Math.max(largest, walSize(file));
    }
    // The bound held writes off to start the WAL over, and kept each hold's length for `npm run profile`.
    assert.ok(takeWalHolds().length > 0, 'the bound never held writes off');
    // One group (8 documents, their index rows and pages) is far less than a MiB.
    assert.ok(largest <= 2 * MiB, `the WAL reached ${(largest / MiB).toFixed(1)} MiB with a 1 MiB limit`);
    // Every write is still there.
    const count = await store.db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(count.n) >= written / padding.length);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
