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
import type { Db } from '../store/db.ts';
import type { Clock, Ctx } from '../http/context.ts';
import { LATEST } from '../versions/registry.ts';
import { databaseFailure } from '../store/failures.ts';
import { compiled } from '../store/compiled.ts';
import { prefetchObjects } from '../store/objects.ts';
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

/**
 * Timer writes a unit of work has decided but not yet sent, by account, kind and object: a
 * renewal saves its subscription more than once and the same timer may be set, moved and cleared
 * in one unit; only its last state is written, once, before the unit commits (flushTimers).
 * `absent`: the unit deleted the row (a timer it fired), so clearing it again sends nothing.
 */
interface PendingTimer {
  account: string;
  spec: TimerSpec | null;
  absent: boolean;
}
const pendingOf = new WeakMap<object, Map<string, PendingTimer>>();
const pendingKey = (account: string, kind: string, object: string) => `${account}\u0000${kind}\u0000${object}`;

function pendingIn(work: object): Map<string, PendingTimer> {
  let m = pendingOf.get(work);
  if (!m) pendingOf.set(work, (m = new Map()));
  return m;
}

/** Sets, moves or (runAt null) clears the one timer of (kind, object), inside the caller's unit of work (written when it commits). */
export async function setTimer(ctx: Ctx, t: TimerSpec): Promise<void> {
  if (!ctx.work) return writeTimers(ctx.db, [{ account: ctx.account, spec: t, absent: false }]);
  const pending = pendingIn(ctx.work);
  const key = pendingKey(ctx.account, t.kind, t.object);
  const seen = pending.get(key);
  if (seen) seen.spec = { ...t };
  else pending.set(key, { account: ctx.account, spec: { ...t }, absent: false });
}

/**
 * Writes the unit's pending timer changes (its runner calls this before committing; a read of the
 * timers table inside the unit too). `only`: just that one timer's.
 */
export async function flushTimers(ctx: Pick<Ctx, 'db' | 'work'>, only?: string): Promise<void> {
  const pending = ctx.work ? pendingOf.get(ctx.work) : undefined;
  if (!pending || pending.size === 0) return;
  const todo: PendingTimer[] = [];
  for (const [key, p] of pending) {
    if (only !== undefined && key !== only) continue;
    pending.delete(key);
    if (p.spec !== null && !(p.spec.runAt === null && p.absent)) todo.push(p);
  }
  await writeTimers(ctx.db, todo);
}

/** Upserts (one statement per batch) and deletes (one per kind and batch). */
async function writeTimers(db: Db, todo: PendingTimer[]): Promise<void> {
  const sets: TimerRow[] = [];
  const clears = new Map<string, { account: string; kind: string; objects: string[] }>();
  for (const { account, spec } of todo) {
    if (spec === null) continue;
    if (spec.runAt !== null) sets.push({ account, kind: spec.kind, object: spec.object, test_clock: spec.testClock, run_at: spec.runAt });
    else {
      const k = `${account}\u0000${spec.kind}`;
      const c = clears.get(k) ?? { account, kind: spec.kind, objects: [] };
      c.objects.push(spec.object);
      clears.set(k, c);
    }
  }
  for (let i = 0; i < sets.length; i += CHUNK) {
    const rows = sets.slice(i, i + CHUNK);
    const args: Record<string, unknown> = {};
    rows.forEach((r, j) => {
      for (const c of TIMER_COLUMNS) args[`${j}_${c}`] = r[c];
    });
    await upsertSql.execute(db, args, String(rows.length));
  }
  for (const c of clears.values()) {
    for (let i = 0; i < c.objects.length; i += CHUNK) {
      const objects = c.objects.slice(i, i + CHUNK);
      const args: Record<string, unknown> = { account: c.account, kind: c.kind };
      objects.forEach((o, j) => (args[`o_${j}`] = o));
      await clearSql.execute(db, args, String(objects.length));
    }
  }
}

const CHUNK = 200;
const TIMER_COLUMNS = ['account', 'kind', 'object', 'test_clock', 'run_at'] as const;

/** Compiled once per row count (the shape); values `<row>_<column>`. */
const upsertSql = compiled((db, a: Record<string, unknown>, shape) =>
  timersDb(db)
    .insertInto('timers')
    .values(Array.from({ length: Number(shape) }, (_, i) => Object.fromEntries(TIMER_COLUMNS.map((c) => [c, a[`${i}_${c}`]])) as unknown as TimerRow))
    .onConflict((oc) => oc.columns(['account', 'kind', 'object']).doUpdateSet((eb) => ({ run_at: eb.ref('excluded.run_at'), test_clock: eb.ref('excluded.test_clock') }))),
);

/** Compiled once per object count; values `account`, `kind`, `o_<n>`. */
const clearSql = compiled((db, a: Record<string, unknown>, shape) =>
  timersDb(db)
    .deleteFrom('timers')
    .where('account', '=', a.account as string)
    .where('kind', '=', a.kind as string)
    .where('object', 'in', Array.from({ length: Number(shape) }, (_, i) => a[`o_${i}`] as string)),
);

/** The pending timer of (kind, object), if any (tests and diagnostics). */
export async function getTimer(ctx: Pick<Ctx, 'db' | 'account'> & { work?: Ctx['work'] }, kind: string, object: string): Promise<TimerRow | undefined> {
  if (ctx.work) await flushTimers({ db: ctx.db, work: ctx.work }, pendingKey(ctx.account, kind, object));
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
  const key = pendingKey(ctx.account, row.kind, row.object);
  // Set or moved earlier in this unit (another timer's handler): the row as the unit left it.
  await flushTimers(ctx, key);
  if (!(await claim(ctx, row, dueBy))) return false;
  // Gone unless the handler sets it again (the next retry, the next renewal).
  pendingIn(ctx.work!).set(key, { account: ctx.account, spec: null, absent: true });
  const handler = handlers?.get(row.kind);
  if (!handler) {
    console.error(`timer ${row.kind} for ${row.object}: no module handles this kind; dropped`);
    return true;
  }
  await handler.run(ctx, row.object);
  return true;
}

/**
 * Deletes the timer's row if it is still there and due. On PostgreSQL it is read FOR UPDATE SKIP
 * LOCKED first (one another process holds is skipped, not waited for); SQLite has one writer, so
 * one DELETE ... RETURNING does both.
 */
async function claim(ctx: Ctx, row: Pick<TimerRow, 'kind' | 'object'>, dueBy: number): Promise<boolean> {
  const args = { account: ctx.account, kind: row.kind, object: row.object, dueBy };
  if (!ctx.work!.locksRows) return (await claimSql.rows(ctx.db, args)).length > 0;
  if ((await lockDueSql.rows(ctx.db, args)).length === 0) return false;
  await deleteTimerSql.execute(ctx.db, args);
  return true;
}

type TimerKey = { account: string; kind: string; object: string; dueBy: number };
const claimSql = compiled((db, a: TimerKey) =>
  timersDb(db)
    .deleteFrom('timers')
    .where('account', '=', a.account)
    .where('kind', '=', a.kind)
    .where('object', '=', a.object)
    .where('run_at', '<=', a.dueBy)
    .returning('run_at'),
);
const lockDueSql = compiled((db, a: TimerKey) =>
  timersDb(db)
    .selectFrom('timers')
    .select('run_at')
    .where('account', '=', a.account)
    .where('kind', '=', a.kind)
    .where('object', '=', a.object)
    .where('run_at', '<=', a.dueBy)
    .forUpdate()
    .skipLocked(),
);
const deleteTimerSql = compiled((db, a: TimerKey) =>
  timersDb(db).deleteFrom('timers').where('account', '=', a.account).where('kind', '=', a.kind).where('object', '=', a.object),
);

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
 * Timers fired in one unit of work at most, and the time one unit may take before it commits
 * with those fired so far (both for the real-time job and a test clock's advance). One unit for
 * several timers saves each its own transaction, event insert, search-index writes and commit; a
 * short one keeps short the time the event loop (SQLite's driver is synchronous) and the write
 * lock are held from the requests waiting on them. The budget counts the timers alone: the unit's
 * tail (their events, search index, timer writes) then costs about as much again, and the commit
 * follows (measured in the renewals benchmark: at 8 ms a step held the event loop ~16 ms, and a
 * request arriving meanwhile waited for the rest of it).
 */
export const TIMER_BATCH = 50;
export const TIMER_BATCH_MS = 3;

/**
 * The timers whose objects (and their customers) a unit reads ahead in one go (store/objects.ts
 * prefetchObjects): about as many as fit the time budget, so little is read for nothing.
 */
export const PREFETCH = 8;

/** Lets the event loop answer what waits (requests, their reads) before the next unit of timers. */
export const yieldToRequests = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Fires every real-time timer due at the clock's time, oldest first, with `ctx.now` the clock's
 * time; returns how many it tried (of `kind` only, when given). The timers of one account due
 * together fire in one unit of work (TIMER_BATCH, TIMER_BATCH_MS), each with the events it would
 * make in a unit of its own; when that unit fails, each of its timers is fired alone and a
 * failing one dropped. The job runner calls it every second.
 */
export async function fireDueTimers(env: WorkEnv, clock: Clock, limit = 1000, kind?: string): Promise<number> {
  let done = 0;
  const skipped = new Set<string>();
  const keyOf = (r: Pick<TimerRow, 'account' | 'kind' | 'object'>) => `${r.account}/${r.kind}/${r.object}`;
  while (done < limit) {
    const now = clock.now();
    let q = timersDb(env.store.db).selectFrom('timers').selectAll().where('test_clock', 'is', null).where('run_at', '<=', now);
    if (kind !== undefined) q = q.where('kind', '=', kind);
    const candidates = await q.orderBy('run_at').limit(skipped.size + TIMER_BATCH).execute();
    const open = candidates.filter((c) => !skipped.has(keyOf(c)));
    if (open.length === 0) break;
    // One unit is one account's: the first due timer's, with the others of that account in the page.
    const batch = open
      .filter((c) => c.account === open[0].account)
      .slice(0, limit - done)
      .map((c) => ({ ...c, run_at: Number(c.run_at) }));
    let tried: readonly TimerRow[];
    try {
      tried = await fireBatch(env, batch, now, skipped, keyOf);
    } catch (err) {
      if (databaseFailure(err)) throw err;
      // The unit rolled back whole: each alone, so the others fire and only the faulty one is dropped.
      for (const row of batch) {
        try {
          const fired = await inUnitOfWork(env, timerCtxBase(env, row.account, now), (ctx) => claimAndFire(ctx, env.timers, row, now));
          if (!fired) skipped.add(keyOf(row));
        } catch (again) {
          await dropFailedTimer(env, row, again);
        }
      }
      tried = batch;
    }
    done += tried.length;
    await yieldToRequests();
  }
  return done;
}

/** Fires timers of one account in one unit until the batch or its time budget ends; returns those tried. */
async function fireBatch(env: WorkEnv, batch: readonly TimerRow[], now: number, skipped: Set<string>, keyOf: (r: TimerRow) => string): Promise<readonly TimerRow[]> {
  const notFired: string[] = [];
  const tried = await inUnitOfWork(env, timerCtxBase(env, batch[0].account, now), async (ctx) => {
    notFired.length = 0;
    const started = performance.now();
    let n = 0;
    for (const row of batch) {
      if (n % PREFETCH === 0) await prefetchObjects(ctx, batch.slice(n, n + PREFETCH).map((r) => r.object));
      n++;
      // Another process has it (or had it: it is no longer due).
      if (!(await claimAndFire(ctx, env.timers, row, now))) notFired.push(keyOf(row));
      // Each timer's events as if it had had a unit of its own.
      ctx.work!.checkpointAll();
      if (performance.now() - started > TIMER_BATCH_MS) break;
    }
    return batch.slice(0, n);
  });
  for (const k of notFired) skipped.add(k);
  return tried;
}

/**
 * The timers of a test clock that fire at its next instant before `target`: the earliest run_at,
 * or the clock's time `frozen` for timers set in its past; at most `limit`, in a stable order.
 */
export async function clockTimersDue(ctx: Pick<Ctx, 'db' | 'account'> & { work?: Ctx['work'] }, testClock: string, frozen: number, target: number, limit: number): Promise<TimerRow[]> {
  if (ctx.work) await flushTimers({ db: ctx.db, work: ctx.work });
  // One read up to the target; those past the first instant are left for the next step.
  const rows = await clockTimersUpToSql.rows(ctx.db, { account: ctx.account, testClock, upTo: target, limit });
  if (rows.length === 0) return [];
  const at = Math.max(Number(rows[0].run_at), frozen);
  const out: TimerRow[] = [];
  for (const r of rows) {
    if (Number(r.run_at) > at) break;
    out.push({ ...r, run_at: Number(r.run_at) });
  }
  return out;
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
  await flushTimers(ctx);
  await timersDb(ctx.db).deleteFrom('timers').where('account', '=', ctx.account).where('test_clock', '=', testClock).execute();
}

