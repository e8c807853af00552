// Runs one unit of work: opens its transaction, replays or takes its idempotency
// key, runs the work, records the events its changes and emits make, saves the
// idempotency record, and commits all of it together (or none of it). The same
// path serves a request's write, a dry run, and a background job's write.
import type { Ctx, PaymentSettings } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import type { Store } from '../store/db.ts';
import { isRetryable } from '../store/conflicts.ts';
import { findReplay, lockKey, saveResponse, type StoredResponse } from '../store/idempotency-keys.ts';
import { confirmVersion } from '../accounts/default-version.ts';
import { recordEvents } from '../events/record.ts';
import { indexChanges } from '../search/index-writer.ts';
import type { EventRules } from '../events/from-changes.ts';
import { UnitOfWork, type IdempotencyRecord } from './unit-of-work.ts';
import { flushTimers, type ClockIntervals, type TimerHandlers } from './timers.ts';

export type { StoredResponse } from '../store/idempotency-keys.ts';

/** What every unit of work needs: the store, the modules' event rules, and the version events are recorded in. */
export interface WorkEnv {
  store: Store;
  events: EventRules;
  /** The account's default API version: events are rendered in it. */
  eventVersion: string;
  /** Settings background jobs act on (automatic collection's retry schedule); defaults when absent. */
  config?: PaymentSettings;
  /** What each kind of durable timer runs (work/timers.ts), from the modules; none when absent. */
  timers?: TimerHandlers;
  /** The billing intervals the modules keep on a test clock (how far one advance may go); none when absent. */
  clockIntervals?: ClockIntervals;
}

/** A context without its database handle and unit of work: the runner supplies both. */
export type CtxBase = Omit<Ctx, 'db' | 'work'>;

/**
 * Runs a unit of work again when it lost a race to another one, in this process or another
 * on the same PostgreSQL: a unique key a concurrent transaction inserted first (an idempotency
 * key: the rerun replays the winner's response; an invoice prefix: the rerun's check answers
 * with Stripe's error), a deadlock PostgreSQL broke, or RetryTransaction. The failed attempt
 * was rolled back whole, so the rerun starts from nothing.
 */
const MAX_ATTEMPTS = 4;
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (i >= MAX_ATTEMPTS) throw errors.lockTimeout();
    }
  }
}

/** Runs `fn` in one unit of work and commits it with its events; retried whole when it lost a race. */
export async function inUnitOfWork<T>(env: WorkEnv, base: CtxBase, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  let unit: UnitOfWork | null = null;
  const result = await withRetries(() =>
    env.store.db.transaction().execute(async (trx) => {
      const work = (unit = new UnitOfWork(trx, env.store.dialect));
      const ctx: Ctx = { ...base, db: trx, work };
      const out = await fn(ctx);
      // Events first: writes that follow from the changes (EventRules.beforeRecord) are indexed too.
      await recordEvents(ctx, work.changes, env.events, { apiVersion: env.eventVersion });
      // Timer changes are written once, last state only (work/timers.ts), after every write that sets them.
      await flushTimers(ctx);
      await indexChanges(trx, base.account, work.changes);
      return out;
    }),
  );
  (unit as UnitOfWork | null)?.committed();
  return result;
}

/**
 * A request's write: with an idempotency record, a live one is replayed instead of running
 * again, and a new one is saved with the response in the same transaction.
 */
export async function writeRequest(
  env: WorkEnv,
  base: CtxBase,
  key: IdempotencyRecord | null,
  respond: (ctx: Ctx) => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  let unit: UnitOfWork | null = null;
  const result = await withRetries(() =>
    env.store.db.transaction().execute(async (trx) => {
      const work = (unit = new UnitOfWork(trx, env.store.dialect, key));
      // A remembered default version is confirmed by a read answered with the next statement's (route.ts).
      const confirmed = base.confirmAccountVersion && base.accountVersion !== undefined ? confirmVersion(trx, base.account, base.accountVersion) : null;
      confirmed?.catch(() => undefined);
      if (key !== null) {
        await lockKey(trx, env.store.dialect, base.account, key.key);
        const prior = await findReplay(trx, base.account, key.key, key.fingerprint, base.now);
        await confirmed;
        if (prior) return { response: prior, replayed: true };
      }
      const ctx: Ctx = { ...base, db: trx, work };
      const response = await respond(ctx);
      // Before anything is recorded in that version (events) or answered in it.
      await confirmed;
      // Events first: writes that follow from the changes (EventRules.beforeRecord) are indexed too.
      await recordEvents(ctx, work.changes, env.events, { apiVersion: env.eventVersion });
      // Timer changes are written once, last state only (work/timers.ts), after every write that sets them.
      await flushTimers(ctx);
      await indexChanges(trx, base.account, work.changes);
      if (key !== null) await saveResponse(trx, base.account, key.key, key.fingerprint, base.now, response);
      return { response, replayed: false };
    }),
  );
  (unit as UnitOfWork | null)?.committed();
  return result;
}

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRunResult<T> extends Error {
  constructor(readonly value: T) {
    super('dry run');
  }
}

/** Computes with writes that are then undone (invoice previews): the unit always rolls back, its events unrecorded. */
export async function dryRun<T>(env: WorkEnv, base: CtxBase, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return env.store.db
    .transaction()
    .execute(async (trx) => {
      const work = new UnitOfWork(trx, env.store.dialect);
      work.preview = true;
      throw new DryRunResult(await fn({ ...base, db: trx, work }));
    })
    .catch((err: unknown) => {
      if (err instanceof DryRunResult) return err.value as T;
      throw err;
    });
}

/** A read: the shared handle, no unit of work. */
export function read<T>(env: WorkEnv, base: CtxBase, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return fn({ ...base, db: env.store.db, work: null });
}
