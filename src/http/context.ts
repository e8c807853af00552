// What every service call gets: who is asking, in which API version, when,
// and the database handle (inside a transaction for writes).
import type { Db, Dialect } from '../store/db.ts';
import type { ApiVersion } from '../versions/registry.ts';
import type { Config } from '../config.ts';

export interface Clock {
  /** Unix seconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

export interface Ctx {
  account: string;
  apiVersion: ApiVersion;
  requestId: string;
  idempotencyKey: string | null;
  now: number;
  db: Db;
  dialect: Dialect;
  /** What an old API version implies beyond its params (see versions/change.ts); empty for LATEST. */
  hints?: Record<string, unknown>;
  /** The server's settings services act on (the payment retry schedule); defaults when absent. */
  config?: Pick<Config, 'paymentRetrySchedule' | 'afterFinalRetry'>;
}
