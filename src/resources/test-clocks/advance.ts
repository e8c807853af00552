// Running a test clock's advance. POST /advance commits the clock `advancing` (service.ts) and
// answers at once, as Stripe does; right after that commit this process runs the advance in the
// background: the clock's timers due up to the target fire in run_at order, each in a unit of
// work of its own with `ctx.now` its run_at, then a last unit sets frozen_time to the target,
// status `ready`, and records test_helpers.test_clock.ready. Clients poll until `ready`.
//
// Every step locks the clock's row first, so steps of one clock never run at once, even when two
// processes drive it. A clock left `advancing` by a crash is picked up by the resume job at the
// next start (and every few seconds after), and goes on from the timers still pending: a fired
// timer's row went with its unit, so nothing fires twice.
import { sql } from 'kysely';
import type { Store } from '../../store/db.ts';
import { databaseFailure } from '../../store/failures.ts';
import { inUnitOfWork, type WorkEnv } from '../../work/run.ts';
import { claimAndFire, dropFailedTimer, nextClockTimer, timerCtxBase, type TimerRow } from '../../work/timers.ts';
import { testClocks, TYPE } from './repository.ts';

const realNow = () => Math.floor(Date.now() / 1000);

/** One step: fires the clock's next due timer, or, with none left, makes the clock `ready`. True when the advance is over. */
async function step(env: WorkEnv, account: string, clockId: string): Promise<boolean> {
  return inUnitOfWork(env, timerCtxBase(env, account, realNow()), async (ctx) => {
    const clock = await testClocks.getForUpdate(ctx, clockId);
    const target = clock?.status_details.advancing?.target_frozen_time;
    if (!clock || clock.status !== 'advancing' || target === undefined) return true;
    const next = await nextClockTimer(ctx, clockId, target);
    if (!next) {
      clock.frozen_time = target;
      clock.status = 'ready';
      clock.status_details = {};
      await testClocks.update(ctx, clock);
      ctx.work!.emitFor('test_helpers.test_clock.ready', clock);
      return true;
    }
    // A timer set before the clock's time (a date in its past) fires at the clock's time: time never runs backwards.
    const at = Math.max(next.run_at, clock.frozen_time);
    // Events keep the server's time (the unit's ctx); the objects the handler touches get the clock's.
    await claimAndFire({ ...ctx, now: at, clockTime: { testClock: clockId, realNow: ctx.now } }, env.timers, next, target);
    return false;
  });
}

/** Runs a clock's advance to its end. A handler that throws has its timer dropped (logged), as a real-time timer's is. */
export async function runAdvance(env: WorkEnv, account: string, clockId: string): Promise<void> {
  for (;;) {
    // On SQLite a step never waits on I/O (the driver is synchronous): without this the advance of
    // thousands of timers runs as one long task and no request is answered until it ends.
    await new Promise((r) => setImmediate(r));
    try {
      if (await step(env, account, clockId)) return;
    } catch (err) {
      if (databaseFailure(err)) throw err;
      // The step rolled back whole: the timer it fired is still the next one.
      const t = await nextClockTimerOf(env, account, clockId);
      if (!t) throw err;
      await dropFailedTimer(env, t, err);
    }
  }
}

async function nextClockTimerOf(env: WorkEnv, account: string, clockId: string): Promise<TimerRow | undefined> {
  const clock = await testClocks.get({ db: env.store.db, account, work: null }, clockId);
  const target = clock?.status_details.advancing?.target_frozen_time;
  if (target === undefined) return undefined;
  return nextClockTimer({ db: env.store.db, account }, clockId, target);
}

/** The advances this process is running, per store: one chain per clock, awaited when the app closes. */
const running = new WeakMap<Store, Map<string, Promise<void>>>();

/** Runs (or queues behind the one under way) the advance of a clock in the background of this process. */
export function driveAdvance(env: WorkEnv, account: string, clockId: string): Promise<void> {
  let clocks = running.get(env.store);
  if (!clocks) running.set(env.store, (clocks = new Map()));
  const key = `${account}/${clockId}`;
  const p: Promise<void> = (clocks.get(key) ?? Promise.resolve())
    .then(() => runAdvance(env, account, clockId))
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
export async function resumeAdvances(env: WorkEnv): Promise<number> {
  const rows = await sql<{ account: string; id: string }>`select account, id from objects where type = ${TYPE} and status = 'advancing'`.execute(env.store.db);
  const mine = running.get(env.store);
  const todo = rows.rows.filter((r) => !mine?.has(`${r.account}/${r.id}`));
  await Promise.all(todo.map((r) => driveAdvance(env, r.account, r.id)));
  return todo.length;
}
