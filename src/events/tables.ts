// The tables webhook delivery adds (migration 003), typed beside the store's own
// schema so that this module's queries are checked without widening Database for everyone.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Db } from '../store/db.ts';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  account: string;
  /** The event's seq in the events table. */
  event_seq: number;
  /** A webhook endpoint id, or FORWARD for the --forward-to URL. */
  endpoint: string;
  status: DeliveryStatus;
  attempts: number;
  /** Unix ms when the next attempt is due; while an attempt is in flight, the end of its lease. */
  next_attempt: number;
  /** HTTP status of the last attempt; null when it got none (refused, timed out). */
  last_status: number | null;
  last_error: string | null;
  created: number;
  updated: number;
}

/** pending: to be tried (again); delivered: a 2xx came back; failed: retries used up; canceled: endpoint gone or disabled. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'canceled';

export interface WebhookStateTable {
  name: string;
  value: string;
}

export interface InvoiceDueWatchTable {
  account: string;
  invoice: string;
  due_date: number;
  /** 1 once invoice.overdue was sent for this due_date. */
  notified: Generated<number>;
  /** The invoice's test clock (migration 008): its overdue check is a timer on that clock, not the sweep. */
  test_clock: string | null;
}

/** One attempt of a delivery (migration 004): what the endpoint answered, and when. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery: number;
  /** Unix ms. */
  attempted_at: number;
  /** The HTTP status; null when none came back (refused, timed out). */
  http_status: number | null;
  error: string | null;
  /** 1 when the endpoint answered 2xx. */
  delivered: number;
}

export interface WebhookTables extends Database {
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_state: WebhookStateTable;
  invoice_due_watch: InvoiceDueWatchTable;
}

export type HooksDb = Kysely<WebhookTables>;

/** The same handle (or transaction), typed with the webhook tables. */
export function hooksDb(db: Db): HooksDb {
  return db as unknown as HooksDb;
}

/** The endpoint key of deliveries to the --forward-to URL. */
export const FORWARD = 'forward';

/** webhook_state rows. */
export const CURSOR = 'cursor';
export const FORWARD_SECRET = 'forward_secret';
