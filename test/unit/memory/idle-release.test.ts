// The collections an idle release runs (src/memory/idle-release.ts) really free the heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAllGarbage, releaseMemoryWhenIdle } from '../../../src/memory/idle-release.ts';

test('collectAllGarbage frees garbage the process left behind', async () => {
  await collectAllGarbage();
  const floor = process.memoryUsage().heapUsed;
  let garbage: { i: number; s: string }[] | null = [];
  for (let i = 0; i < 300_000; i++) garbage.push({ i, s: `item ${i}` });
  const grown = process.memoryUsage().heapUsed;
  garbage = null;
  await collectAllGarbage();
  const after = process.memoryUsage().heapUsed;
  assert.ok(grown - floor > 10 * 2 ** 20, `the garbage grew the heap (${floor} -> ${grown})`);
  assert.ok(after - floor < 2 * 2 ** 20, `collected, the heap is back near ${floor} (${after})`);
});

test('releaseMemoryWhenIdle collects after quiet intervals, once per release', async () => {
  let calls = 0;
  const release = releaseMemoryWhenIdle(10, { quietIntervals: 2, growth: 0, idleBelow: 1.01 }, async () => void calls++);
  try {
    for (let waited = 0; release.releases === 0; waited += 10) {
      assert.ok(waited < 5000, 'released within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    release.stop();
  }
  assert.equal(calls, release.releases);
});
