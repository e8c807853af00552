// Runs the modules' background jobs on their timers, one run of a job at a time,
// each through its own units of work (so their writes record their events).
import type { Clock } from '../http/context.ts';
import type { WorkEnv } from './run.ts';
import { databaseFailure, describe } from '../store/failures.ts';
import { databaseLog } from '../store/failure-log.ts';

/** While the database fails, a job is tried again after 0.25 s, doubling up to this (or its own period, if shorter). */
const MAX_OUTAGE_DELAY_MS = 5_000;

export interface Job {
  name: string;
  everyMs: number;
  run(env: WorkEnv, clock: Clock): Promise<unknown>;
}

export interface JobRunner {
  stop(): Promise<void>;
}

export function startJobs(env: WorkEnv, jobs: readonly Job[], clock: Clock, log: (m: string) => void = (m) => console.error(m)): JobRunner {
  let stopped = false;
  const running = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  /** Jobs whose last run met a database failure, and the delay before their next try. */
  const outage = new Map<Job, number>();
  const schedule = (job: Job, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (stopped) return;
      const p = job
        .run(env, clock)
        .then(() => outage.delete(job))
        .catch((err: unknown) => {
          if (databaseFailure(err)) {
            // Paused, not failed: tried again soon, and from where it was (its work is in units of work that committed or not).
            databaseLog.failed(describe(err));
            const last = outage.get(job) ?? 0;
            outage.set(job, Math.min(Math.max(last * 2, 250), MAX_OUTAGE_DELAY_MS, job.everyMs));
            return;
          }
          outage.delete(job);
          log(`${job.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        })
        .finally(() => {
          running.delete(p);
          if (!stopped) schedule(job, outage.get(job) ?? job.everyMs);
        });
      running.add(p);
    }, ms);
    t.unref();
    timers.add(t);
  };
  for (const job of jobs) schedule(job, 0);
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
    },
  };
}
