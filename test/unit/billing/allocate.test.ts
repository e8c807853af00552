import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateLargestRemainder } from '../../../src/billing/allocate.ts';

test('allocateLargestRemainder: hand-computed splits', () => {
  const cases: [number, (number | string)[], number[]][] = [
    [100, [100, 100, 100], [34, 33, 33]], // tie on remainder and weight: earliest index
    [1000, [1000, 2000, 3001], [167, 333, 500]], // remainders .639, .278, .083
    [2, [1, 1, 1], [1, 1, 0]],
    [10, [1, 3], [2, 8]], // 2.5 / 7.5: tie on remainder, the larger weight wins
    [130, ['10', '5'], [87, 43]], // 86.67 / 43.33
    [-130, ['10', '5'], [-87, -43]], // sign restored
    [0, [5, 7], [0, 0]],
    [0, [0, 0], [0, 0]],
    [7, [0, 3, 0], [0, 7, 0]],
  ];
  for (const [total, weights, want] of cases) assert.deepEqual(allocateLargestRemainder(total, weights), want, `${total} over ${weights}`);
});

test('allocateLargestRemainder rejects what it cannot split', () => {
  assert.throws(() => allocateLargestRemainder(5, [0, 0]), RangeError);
  assert.throws(() => allocateLargestRemainder(5, []), RangeError);
  assert.throws(() => allocateLargestRemainder(5, [1, -1]), RangeError);
  assert.throws(() => allocateLargestRemainder(1.5, [1]), RangeError);
});

test('property: parts sum to the total and each is the floor or ceiling of its exact share', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 }).filter((ws) => ws.some((w) => w > 0)),
      (total, weights) => {
        const parts = allocateLargestRemainder(total, weights);
        assert.equal(parts.reduce((a, b) => a + b, 0), total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          const exact = (total * weights[i]) / sum;
          assert.ok(Math.abs(p - exact) < 1 + 1e-9, `part ${p} vs exact ${exact}`);
          if (weights[i] === 0) assert.equal(p, 0);
        });
      },
    ),
  );
});
