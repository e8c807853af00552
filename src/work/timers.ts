// Durable timers: time-driven work (automatic collection's steps, renewals) as rows of the
// `timers` table, one pending timer per (account, kind, object), set inside the unit of work
// that decides it, so the schedule commits with the change or not at all.
//
// A timer runs on the server's clock (test_clock null: the real-time job below fires it) or on
// a test clock (it fires only when that clock is advanced: resources/test-clocks/advance.ts).
// Either way a timer fires in a unit of work of its own that deletes its row and runs the
// handler its module declared for the kind; a crash before that unit commits leaves the row,
// so the timer fires again later: never lost, never doubled. On PostgreSQL the row is claimed
// FOR UPDATE SKIP LOCKED, so across processes each timer fires exactly once.
import type { Kysely } from 'kysely';
import type { Clock, Ctx } from '../http/context.ts';
import { LATEST } from '../versions/registry.ts';
import { databaseFailure } from '../store/failures.ts';
import { compiled } from '../store/compiled.ts';
import { inUnitOfWork, type CtxBase, type WorkEnv } from './run.ts';

/** What a module does when one of its timers fires. `ctx.now` is the firing time in the timer's clock. */
export interface TimerHandler {
  kind: string;
  run(ctx: Ctx, object: string): Promise<void>;
}

/** The handlers of every module, by kind. */
export type TimerHandlers = ReadonlyMap<string, TimerHandler>;

/** A recurring billing interval (a subscription's price): `interval_count` of `interval`. */
export interface BillingInterval {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
}

/**
 * The billing intervals of what a module keeps on a test clock (subscriptions' prices): Stripe
 * refuses to advance a clock more than two of the shortest at a time.
 */
export type ClockIntervals = (ctx: Ctx, testClock: string) => Promise<readonly BillingInterval[]>;

export interface TimerSpec {
  kind: string;
  object: string;
  /** Unix seconds in the timer's clock; null clears the timer. */
  runAt: number | null;
  /** The test clock of the customer who owns the object, or null for the server's clock. */
  testClock: string | null;
}

export interface TimerRow {
  account: string;
  kind: string;
  object: string;
  test_clock: string | null;
  run_at: number;
}

interface TimersTable {
  timers: TimerRow;
}
export const timersDb = (db: unknown) => db as Kysely<TimersTable>;

/** Sets, moves or (runAt null) clears the one timer of (kind, object), inside the caller's unit of work. */
export async function setTimer(ctx: Ctx, t: TimerSpec): Promise<void> {
  const db = timersDb(ctx.db);
  if (t.runAt === null) {
    await db.deleteFrom('timers').where('account', '=', ctx.account).where('kind', '=', t.kind).where('object', '=', t.object).execute();
    return;
  }
  const runAt = t.runAt;
  await db
    .insertInto('timers')
    .values({ account: ctx.account, kind: t.kind, object: t.object, test_clock: t.testClock, run_at: runAt })
    .onConflict((oc) => oc.columns(['account', 'kind', 'object']).doUpdateSet({ run_at: runAt, test_clock: t.testClock }))
    .execute();
}

/** The pending timer of (kind, object), if any (tests and diagnostics). */
export async function getTimer(ctx: Pick<Ctx, 'db' | 'account'>, kind: string, object: string): Promise<TimerRow | undefined> {
  const row = await timersDb(ctx.db)
    .selectFrom('timers')
    .selectAll()
    .where('account', '=', ctx.account)
    .where('kind', '=', kind)
    .where('object', '=', object)
    .executeTakeFirst();
  return row ? { ...row, run_at: Number(row.run_at) } : undefined;
}

/** Automatic work has no request. */
export function timerCtxBase(env: WorkEnv, account: string, now: number): CtxBase {
  return { account, apiVersion: LATEST, requestId: null as unknown as string, idempotencyKey: null, now, config: env.config };
}

/**
 * Fires one timer inside `ctx`'s unit of work if it is still there and due at `dueBy`: claims
 * its row (skipping one another process holds), deletes it, runs its handler. False when it was
 * gone or taken.
 */
export async function claimAndFire(ctx: Ctx, handlers: TimerHandlers | undefined, row: Pick<TimerRow, 'kind' | 'object'>, dueBy: number): Promise<boolean> {
  const db = timersDb(ctx.db);
  let q = db
    .selectFrom('timers')
    .select('run_at')
    .where('account', '=', ctx.account)
    .where('kind', '=', row.kind)
    .where('object', '=', row.object)
    .where('run_at', '<=', dueBy);
  if (ctx.work!.locksRows) q = q.forUpdate().skipLocked();
  if (!(await q.executeTakeFirst())) return false;
  // Gone unless the handler sets it again (the next retry, the next renewal).
  await db.deleteFrom('timers').where('account', '=', ctx.account).where('kind', '=', row.kind).where('object', '=', row.object).execute();
  const handler = handlers?.get(row.kind);
  if (!handler) {
    console.error(`timer ${row.kind} for ${row.object}: no module handles this kind; dropped`);
    return true;
  }
  await handler.run(ctx, row.object);
  return true;
}

/** A timer whose handler fails (its customer was deleted, ...) is dropped, not retried forever; a database failure is not the timer's fault. */
export async function dropFailedTimer(env: WorkEnv, row: TimerRow, err: unknown): Promise<void> {
  if (databaseFailure(err)) throw err;
  await timersDb(env.store.db)
    .deleteFrom('timers')
    .where('account', '=', row.account)
    .where('kind', '=', row.kind)
    .where('object', '=', row.object)
    .where('run_at', '=', row.run_at)
    .execute();
  console.error(`timer ${row.kind} for ${row.object}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Fires every real-time timer due at the clock's time, oldest first, each in its own unit of
 * work with `ctx.now` the clock's time; returns how many fired (of `kind` only, when given). The
 * job runner calls it every second.
 */
export async function fireDueTimers(env: WorkEnv, clock: Clock, limit = 1000, kind?: string): Promise<number> {
  let done = 0;
  const skipped = new Set<string>();
  const keyOf = (r: TimerRow) => `${r.account}/${r.kind}/${r.object}`;
  while (done < limit) {
    const now = clock.now();
    let q = timersDb(env.store.db).selectFrom('timers').selectAll().where('test_clock', 'is', null).where('run_at', '<=', now);
    if (kind !== undefined) q = q.where('kind', '=', kind);
    const candidates = await q.orderBy('run_at').limit(skipped.size + 1).execute();
    const next = candidates.find((c) => !skipped.has(keyOf(c)));
    if (!next) break;
    const row = { ...next, run_at: Number(next.run_at) };
    try {
      const fired = await inUnitOfWork(env, timerCtxBase(env, row.account, now), (ctx) => claimAndFire(ctx, env.timers, row, now));
      // Another process has it (or had it: it is no longer due).
      if (!fired) skipped.add(keyOf(row));
    } catch (err) {
      await dropFailedTimer(env, row, err);
    }
    done++;
  }
  return done;
}

/**
 * The timers of a test clock that fire at its next instant before `target`: the earliest run_at,
 * or the clock's time `frozen` for timers set in its past; at most `limit`, in a stable order.
 */
export async function clockTimersDue(ctx: Pick<Ctx, 'db' | 'account'>, testClock: string, frozen: number, target: number, limit: number): Promise<TimerRow[]> {
  const first = await clockTimersUpToSql.rows(ctx.db, { account: ctx.account, testClock, upTo: target, limit: 1 });
  if (first.length === 0) return [];
  const at = Math.max(Number(first[0].run_at), frozen);
  if (limit === 1) return [{ ...first[0], run_at: Number(first[0].run_at) }];
  const rows = await clockTimersUpToSql.rows(ctx.db, { account: ctx.account, testClock, upTo: at, limit });
  return rows.map((r) => ({ ...r, run_at: Number(r.run_at) }));
}

/** A clock's timers due up to `upTo`, in firing order. */
const clockTimersUpToSql = compiled((db, a: { account: string; testClock: string; upTo: number; limit: number }) =>
  timersDb(db)
    .selectFrom('timers')
    .selectAll()
    .where('account', '=', a.account)
    .where('test_clock', '=', a.testClock)
    .where('run_at', '<=', a.upTo)
    .orderBy('run_at')
    .orderBy('kind')
    .orderBy('object')
    .limit(a.limit),
);

/** Clears every timer of a test clock (the clock was deleted). */
export async function clearClockTimers(ctx: Ctx, testClock: string): Promise<void> {
  await timersDb(ctx.db).deleteFrom('timers').where('account', '=', ctx.account).where('test_clock', '=', testClock).execute();
}

