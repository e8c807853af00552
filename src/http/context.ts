// What every service call gets: who is asking, in which API version, when,
// and the database handle (inside a write: its unit of work).
import type { Db } from '../store/db.ts';
import type { ApiVersion } from '../versions/registry.ts';
import type { RequestHints } from '../versions/hints.ts';
import type { UnitOfWork } from '../work/unit-of-work.ts';
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
  /** The unit's transaction in a write; the shared handle in a read. */
  db: Db;
  /** The write this call is part of; null in a read. */
  work: UnitOfWork | null;
  /** What an old API version implies beyond its params (see versions/hints.ts); empty for LATEST. */
  hints?: RequestHints;
  /** The request's expand[] paths (search reads `total_count` from them). */
  expand?: readonly string[];
  /** The base URL customers reach this server at (invoice links); unset outside a server. */
  publicUrl?: string;
  /**
   * The account's own default version, when the request read it (it came without a Stripe-Version header):
   * its events are rendered in it without reading it again.
   */
  accountVersion?: ApiVersion;
  /** `accountVersion` is the one this process remembered: the write confirms it in its transaction (work/run.ts). */
  confirmAccountVersion?: boolean;
  /** The server's settings services act on (the payment retry schedule); defaults when absent. */
  config?: PaymentSettings;
  /**
   * Set while a test clock's timers fire (resources/test-clocks/advance.ts): `now` is that clock's
   * time, `realNow` the server's.
   */
  clockTime?: { testClock: string; realNow: number };
  /**
   * Set while an invoice preview runs a subscription change in its rolled-back transaction
   * (resources/subscriptions/preview.ts): an invoice due now stays the draft the preview shows.
   */
  preview?: boolean;
}

export type PaymentSettings = Pick<Config, 'paymentRetrySchedule' | 'afterFinalRetry'> &
  Partial<Pick<Config, 'subscriptionAfterFinalRetry' | 'subscriptionOverdue' | 'subscriptionOverdueDays' | 'upcomingRenewalDays'>>;
