// When an idle server gives memory back (src/memory/idle-policy.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterInterval, INITIAL_IDLE_STATE, type IdlePolicy, type IdleState } from '../../../src/memory/idle-policy.ts';

const MiB = 2 ** 20;
const policy: IdlePolicy = { quietIntervals: 3, growth: 8 * MiB, idleBelow: 0.05 };

/** Runs the samples through the policy; the interval numbers (from 1) at which it released. */
function releasesOver(samples: { rss: number; busy: number }[], start: IdleState = INITIAL_IDLE_STATE): number[] {
  let state = start;
  const at: number[] = [];
  samples.forEach((sample, i) => {
    const next = afterInterval(state, sample, policy);
    state = next.release ? { ...next.state, baseline: sample.rss } : next.state;
    if (next.release) at.push(i + 1);
  });
  return at;
}

const idle = (rss: number) => ({ rss: rss * MiB, busy: 0.01 });
const busy = (rss: number) => ({ rss: rss * MiB, busy: 0.6 });

test('the first quiet period after start releases (start-up leaves garbage too)', () => {
  assert.deepEqual(releasesOver([idle(100), idle(100), idle(100), idle(100)]), [3]);
});

test('a release waits for the whole quiet period, and a busy interval starts it over', () => {
  const base = { baseline: 90 * MiB, quiet: 0 };
  assert.deepEqual(releasesOver([busy(150), idle(150), idle(150), busy(150), idle(150), idle(150), idle(150)], base), [7]);
});

test('no release without growth since the last one, however long the quiet', () => {
  const base = { baseline: 100 * MiB, quiet: 0 };
  assert.deepEqual(releasesOver([idle(104), idle(104), idle(104), idle(107), idle(107), idle(107)], base), []);
  assert.deepEqual(releasesOver([busy(140), idle(140), idle(140), idle(140), idle(120), idle(120), idle(120), idle(120)], base), [4]);
});

test('an interval busy just under the threshold is idle, at it is not', () => {
  const base = { baseline: 0, quiet: 0 };
  const at = (b: number) => releasesOver([1, 2, 3].map(() => ({ rss: 100 * MiB, busy: b })), base);
  assert.deepEqual(at(0.049), [3]);
  assert.deepEqual(at(0.05), []);
});
