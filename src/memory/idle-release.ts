// Gives memory back to the system once the server falls quiet.
//
// Under load V8 grows its young generation (up to 2 × 16 MiB) and lets old-generation garbage pile
// up until its next limit. A process that then goes idle keeps all of it: nothing allocates, so no
// collection comes to shrink it, and V8's own memory reducer had not run 20 s later (measured after
// a benchmark run: 150-200 MiB resident for ~20 MiB of live heap). So once the process has grown
// and stayed quiet (idle-policy.ts), it asks V8 for the collection it makes under memory pressure:
// garbage freed, emptied pages given back, the young generation shrunk to its minimum (measured:
// 20-60 ms, once per quiet period after growth, never while requests keep coming). `gc()` under
// --expose-gc does not do that on Node 20: it kept the young generation whenever V8 still counted
// the allocation rate of the burst.
//
// The price: V8 grows the young generation back under the next burst, whose first second or two
// ran at about half the throughput (docs/performance.md, "Idle memory").
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { afterInterval, IDLE_POLICY, INITIAL_IDLE_STATE, type IdlePolicy } from './idle-policy.ts';

/**
 * V8's collection of all it can, asked through this process's own inspector session (no port
 * is opened; no debugger is enabled). Resolves once it has run.
 */
export async function collectAllGarbage(): Promise<void> {
  // A node built without the inspector has no such collection to ask for: nothing is released.
  const inspector = await import('node:inspector').catch(() => null);
  if (!inspector) return;
  const session = new inspector.Session();
  session.connect();
  return new Promise<void>((resolve) => {
    session.post('HeapProfiler.collectGarbage', () => {
      // Disconnected from inside the callback, the session kept the process from exiting (Node 20).
      setImmediate(() => {
        session.disconnect();
        resolve();
      });
    });
  });
}

export interface IdleRelease {
  /** Releases so far. */
  readonly releases: number;
  stop(): void;
}

/** Looks every `intervalMs` and collects when the policy says so; the timer never keeps the process alive. */
export function releaseMemoryWhenIdle(
  intervalMs = 1000,
  policy: IdlePolicy = IDLE_POLICY,
  collect: () => Promise<void> = collectAllGarbage,
): IdleRelease {
  let state = INITIAL_IDLE_STATE;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let releases = 0;
  let collecting = false;
  const timer = setInterval(() => {
    if (collecting) return;
    const now = performance.eventLoopUtilization();
    const next = afterInterval(state, { rss: process.memoryUsage.rss(), busy: performance.eventLoopUtilization(now, last).utilization }, policy);
    last = now;
    state = next.state;
    if (!next.release) return;
    collecting = true;
    // A collection that failed is tried again after the next quiet period, not a reason to stop the server.
    void collect()
      .catch(() => undefined)
      .finally(() => {
        collecting = false;
        releases += 1;
        state = { ...state, baseline: process.memoryUsage.rss() };
        // The collection kept the loop busy itself: the next interval starts after it.
        last = performance.eventLoopUtilization();
      });
  }, intervalMs);
  timer.unref();
  return {
    get releases() {
      return releases;
    },
    stop: () => clearInterval(timer),
  };
}
