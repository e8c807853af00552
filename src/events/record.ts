// Writes a unit of work's events into the events table (the outbox) inside its own
// transaction: a change and its events commit together or not at all.
// The webhook deliverer (deliver.ts) reads them from there, in seq order.
// Which events a change makes is the resource modules' say (EventRules).
import type { Ctx } from '../http/context.ts';
import type { Db } from '../store/db.ts';
import { newId } from '../store/ids.ts';
import { compiled } from '../store/compiled.ts';
import type { Insertable } from 'kysely';
import type { EventsTable } from '../store/schema.ts';
import type { StoredObject } from '../store/objects.ts';
import type { ChangeLog } from '../work/change-log.ts';
import { eventsFromChanges, type EventRules, type SnapshotReads } from './from-changes.ts';
import { pinDefaultVersion } from '../accounts/default-version.ts';
import type { ApiVersion } from '../versions/registry.ts';
import { ENDPOINT_TYPE } from './endpoints.ts';

export interface EventSettings {
  /** The server's default API version, which an account without a default of its own takes (accounts/default-version.ts). */
  apiVersion: string;
}

/** What a unit of work recorded, for in-process listeners (the deliverer wakes up instead of waiting for its poll). */
export interface Recorded {
  /** Accounts that got events. */
  accounts: ReadonlySet<string>;
  /** Accounts whose webhook endpoints were written (which of them are enabled may have changed). */
  endpointsChanged: ReadonlySet<string>;
}

const listeners = new Set<(recorded: Recorded) => void>();

export function onEventsRecorded(fn: (recorded: Recorded) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function eventsRecorded(recorded: Recorded): void {
  for (const fn of listeners) fn(recorded);
}

const NONE: ReadonlySet<string> = new Set();

/** The accounts of a unit whose webhook endpoints changed. */
function endpointAccounts(ctx: Ctx, log: ChangeLog): ReadonlySet<string> {
  let found: Set<string> | null = null;
  for (const c of log.changes.values()) if (c.type === ENDPOINT_TYPE) (found ??= new Set()).add(ctx.account);
  return found ?? NONE;
}

export interface EventRowInput {
  account: string;
  type: string;
  created: number;
  apiVersion: string;
  requestId: string | null;
  idempotencyKey: string | null;
  object: StoredObject;
  previousAttributes: Record<string, unknown> | null;
}

type EventRow = Omit<Insertable<EventsTable>, 'seq'>;
const EVENT_COLUMNS = ['account', 'id', 'type', 'created', 'api_version', 'request_id', 'idempotency_key', 'object', 'previous_attributes'] as const;

/** One statement for a unit's events, compiled once per row count (the shape); values `<row>_<column>`. */
const insertSql = compiled((db, a: Record<string, unknown>, shape) =>
  db.insertInto('events').values(
    Array.from({ length: Number(shape) }, (_, i) => Object.fromEntries(EVENT_COLUMNS.map((c) => [c, a[`${i}_${c}`]])) as unknown as EventRow),
  ),
);

/** Inserts event rows; returns their ids. Shared by requests and automatic events (invoice.overdue). */
export async function insertEvents(db: Db, rows: EventRowInput[]): Promise<string[]> {
  const ids = rows.map(() => newId('evt'));
  const args: Record<string, unknown> = {};
  rows.forEach((e, i) => {
    const row: EventRow = {
      account: e.account,
      id: ids[i],
      type: e.type,
      created: e.created,
      api_version: e.apiVersion,
      request_id: e.requestId,
      idempotency_key: e.idempotencyKey,
      object: JSON.stringify(e.object),
      previous_attributes: e.previousAttributes === null ? null : JSON.stringify(e.previousAttributes),
    };
    for (const c of EVENT_COLUMNS) args[`${i}_${c}`] = row[c];
  });
  await insertSql.execute(db, args, String(rows.length));
  return ids;
}

/** Derives a unit of work's events from its change log and writes them, in its transaction. */
export async function recordEvents(ctx: Ctx, log: ChangeLog, rules: EventRules, settings: EventSettings): Promise<number> {
  if (rules.beforeRecord && log.changes.size > 0) await rules.beforeRecord(ctx, [...log.changes.values()]);
  const events = eventsFromChanges(log, rules);
  const endpointsChanged = endpointAccounts(ctx, log);
  if (events.length === 0) {
    if (endpointsChanged.size > 0) eventsRecorded({ accounts: NONE, endpointsChanged });
    return 0;
  }
  // One snapshot per object state: finalize gives invoice.finalized and invoice.updated of one invoice.
  const seen = new Map<StoredObject, StoredObject>();
  const shared: SnapshotReads = new Map();
  const rows: EventRowInput[] = [];
  const accounts = new Map(log.explicit.map((e) => [e.object, e.account]));
  // Each account's events are rendered at its default version (pinned to the server's on first use).
  const versions = new Map<string, string>();
  // Read by the request already (no Stripe-Version header): not read again.
  if (ctx.accountVersion !== undefined) versions.set(ctx.account, ctx.accountVersion);
  const versionOf = async (account: string): Promise<string> => {
    let v = versions.get(account);
    if (v === undefined) {
      v = await pinDefaultVersion(ctx.db, account, settings.apiVersion as ApiVersion, ctx.now);
      versions.set(account, v);
    }
    return v;
  };
  // A test clock's objects have their events in that clock's time (UnitOfWork.eventTime).
  const created = ctx.work?.eventTime ?? ctx.now;
  for (const e of events) {
    const account = accounts.get(e.object) ?? ctx.account;
    let object = e.object;
    if (!e.type.endsWith('.deleted')) {
      object = seen.get(e.object) ?? (await rules.snapshot(account === ctx.account ? ctx : { ...ctx, account }, e.object, shared));
      seen.set(e.object, object);
    }
    rows.push({
      account,
      type: e.type,
      created,
      apiVersion: await versionOf(account),
      // A background job's events carry no request.
      requestId: ctx.requestId === '' ? null : ctx.requestId,
      idempotencyKey: ctx.idempotencyKey,
      object,
      previousAttributes: e.previous_attributes,
    });
  }
  await insertEvents(ctx.db, rows);
  await rules.afterRecord(ctx, events);
  eventsRecorded({ accounts: new Set(rows.map((r) => r.account)), endpointsChanged });
  return events.length;
}
