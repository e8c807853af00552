// A server process's resident memory, read from /proc (Linux), sampled while load runs.
import { readFileSync } from 'node:fs';
import { IDLE_POLICY } from '../../src/memory/idle-policy.ts';

/** Resident set size in MiB, or undefined where /proc is not there. */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS every 100 ms until stopped; answers the peak. */
export function sampleRss(pid: number): { stop(): number | undefined } {
  let peak: number | undefined;
  const take = () => {
    const v = rssMiB(pid);
    if (v !== undefined) peak = Math.max(peak ?? 0, v);
  };
  take();
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

/**
 * How long after the load "idle after" is read: past the quiet period after which the server gives
 * memory back (src/memory/idle-policy.ts: that many one-second intervals), and five seconds for the
 * work a load leaves behind (after the create scenarios the event loop stayed busy 1-2 s more, so the
 * quiet period started later and a reading at 12 s came just before the release: 135 and 145 MiB).
 */
export const IDLE_AFTER_MS = IDLE_POLICY.quietIntervals * 1000 + 5000;
