// Running a test clock's advance. POST /advance commits the clock `advancing` (service.ts) and
// answers at once, as Stripe does; right after that commit this process runs the advance in the
// background: the clock's timers due up to the target fire in run_at order, those due at the same
// instant together (up to TIMER_BATCH of them, work/timers.ts) in one unit of work with `ctx.now` that instant, then a
// last unit sets frozen_time to the target, status `ready`, and records
// test_helpers.test_clock.ready. Clients poll until `ready`.
//
// Every step locks the clock's row first, so steps of one clock never run at once, even when two
// processes drive it. A clock left `advancing` by a crash is picked up by the resume job at the
// next start (and every few seconds after), and goes on from the timers still pending: a fired
// timer's row went with its unit, so nothing fires twice.
import { sql } from 'kysely';
import type { Clock } from '../../http/context.ts';
import type { Store } from '../../store/db.ts';
import { databaseFailure } from '../../store/failures.ts';
import { prefetchObjects } from '../../store/objects.ts';
import { inUnitOfWork, type WorkEnv } from '../../work/run.ts';
import { claimAndFire, clockTimersDue, dropFailedTimer, timerCtxBase, TIMER_BATCH, TIMER_BATCH_MS, PREFETCH, yieldToRequests, type TimerRow } from '../../work/timers.ts';
import { testClocks, TYPE } from './repository.ts';

/**
 * One step: fires the clock's timers due at its next instant, or, with none left, makes the
 * clock `ready`. True when the advance is over. `single`: only the first of them (after a batch
 * failed, to find the timer at fault).
 */
async function step(env: WorkEnv, account: string, clockId: string, clock: Clock, single = false): Promise<boolean> {
  return inUnitOfWork(env, timerCtxBase(env, account, clock.now()), async (ctx) => {
    const locked = await testClocks.getForUpdate(ctx, clockId);
    const target = locked?.status_details.advancing?.target_frozen_time;
    if (!locked || locked.status !== 'advancing' || target === undefined) return true;
    const due = await clockTimersDue(ctx, clockId, locked.frozen_time, target, single ? 1 : TIMER_BATCH);
    if (due.length === 0) {
      locked.frozen_time = target;
      locked.status = 'ready';
      locked.status_details = {};
      await testClocks.update(ctx, locked);
      ctx.work!.emitFor('test_helpers.test_clock.ready', locked);
      return true;
    }
    // A timer set before the clock's time (a date in its past) fires at the clock's time: time never runs backwards.
    const at = Math.max(due[0].run_at, locked.frozen_time);
    // The objects the handlers touch, and their events, are in the clock's time; anything else the server's.
    ctx.work!.eventTime = at;
    const timed = { ...ctx, now: at, clockTime: { testClock: clockId, realNow: ctx.now } };
    // A latency budget, not the clock's time: which timers share a unit changes no outcome or event.
    const started = performance.now();
    for (const [i, t] of due.entries()) {
      // The objects the timers are for, and their customers, in two statements rather than a few each.
      if (i % PREFETCH === 0) await prefetchObjects(ctx, due.slice(i, i + PREFETCH).map((d) => d.object));
      await claimAndFire(timed, env.timers, t, at);
      // Each timer's events as if it had had a unit of its own.
      ctx.work!.checkpointAll();
      if (performance.now() - started > TIMER_BATCH_MS) break;
    }
    return false;
  });
}

/** Runs a clock's advance to its end. A handler that throws has its timer dropped (logged), as a real-time timer's is. */
export async function runAdvance(env: WorkEnv, account: string, clockId: string, clock: Clock): Promise<void> {
  for (;;) {
    // On SQLite a step never waits on I/O (the driver is synchronous): without this the advance of
    // thousands of timers runs as one long task and no request is answered until it ends.
    await yieldToRequests();
    try {
      if (await step(env, account, clockId, clock)) return;
    } catch (err) {
      if (databaseFailure(err)) throw err;
      // The batch rolled back whole: fired one at a time, the timers before the faulty one fire, and it is dropped.
      try {
        if (await step(env, account, clockId, clock, true)) return;
      } catch (again) {
        if (databaseFailure(again)) throw again;
        const t = await nextClockTimerOf(env, account, clockId);
        if (!t) throw again;
        await dropFailedTimer(env, t, again);
      }
    }
  }
}

async function nextClockTimerOf(env: WorkEnv, account: string, clockId: string): Promise<TimerRow | undefined> {
  const clock = await testClocks.get({ db: env.store.db, account, work: null }, clockId);
  const target = clock?.status_details.advancing?.target_frozen_time;
  if (!clock || target === undefined) return undefined;
  return (await clockTimersDue({ db: env.store.db, account }, clockId, clock.frozen_time, target, 1))[0];
}

/** The advances this process is running, per store: one chain per clock, awaited when the app closes. */
const running = new WeakMap<Store, Map<string, Promise<void>>>();

/** Runs (or queues behind the one under way) the advance of a clock in the background of this process. */
export function driveAdvance(env: WorkEnv, account: string, clockId: string, clock: Clock): Promise<void> {
  let clocks = running.get(env.store);
  if (!clocks) running.set(env.store, (clocks = new Map()));
  const key = `${account}/${clockId}`;
  const p: Promise<void> = (clocks.get(key) ?? Promise.resolve())
    .then(() => runAdvance(env, account, clockId, clock))
    .catch((err: unknown) => {
      // A database failure leaves the clock advancing: the resume job picks it up again.
      if (!databaseFailure(err)) console.error(`test clock ${clockId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    })
    .finally(() => {
      if (clocks.get(key) === p) clocks.delete(key);
    });
  clocks.set(key, p);
  return p;
}

/** Waits for this process's advances on the store to finish (before it closes). */
export async function settleAdvances(store: Store): Promise<void> {
  const clocks = running.get(store);
  while (clocks && clocks.size > 0) await Promise.all([...clocks.values()]);
}

/** The resume job: every clock left `advancing` (a crash, a restart) that this process is not already running. */
export async function resumeAdvances(env: WorkEnv, clock: Clock): Promise<number> {
  const rows = await sql<{ account: string; id: string }>`select account, id from objects where type = ${TYPE} and status = 'advancing'`.execute(env.store.db);
  const mine = running.get(env.store);
  const todo = rows.rows.filter((r) => !mine?.has(`${r.account}/${r.id}`));
  await Promise.all(todo.map((r) => driveAdvance(env, r.account, r.id, clock)));
  return todo.length;
}
