import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bucket } from '../../../src/events/pacer.ts';

test('the busy-time bucket lets `rate` deliveries a second through, with a small burst', () => {
  const b = new Bucket(100, 5, 0);
  let n = 0;
  while (b.take(0)) n++;
  assert.equal(n, 5, 'the burst');
  assert.equal(b.take(5), false, 'half a token after 5 ms');
  assert.equal(b.take(10), true, 'one token after 10 ms at 100/s');
  assert.ok(b.waitMs() >= 1 && b.waitMs() <= 10);
  let passed = 0;
  for (let t = 10; t <= 1010; t++) if (b.take(t)) passed++;
  assert.ok(passed >= 99 && passed <= 101, `${passed} in a second`);
});
