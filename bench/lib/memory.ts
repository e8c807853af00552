// A server process's resident memory, read from /proc (Linux), sampled while load runs.
import { readFileSync } from 'node:fs';

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
