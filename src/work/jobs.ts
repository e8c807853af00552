// Runs the modules' background jobs on their timers, one run of a job at a time,
// each through its own units of work (so their writes record their events).
import type { Clock } from '../http/context.ts';
import type { WorkEnv } from './run.ts';

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
  const schedule = (job: Job, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (stopped) return;
      const p = job
        .run(env, clock)
        .catch((err: unknown) => log(`${job.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`))
        .finally(() => {
          running.delete(p);
          if (!stopped) schedule(job, job.everyMs);
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
