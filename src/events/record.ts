// Writes the request's events into the events table (the outbox) inside the
// request's own transaction: a change and its events commit together or not at all.
// The webhook deliverer (deliver.ts) reads them from there, in seq order.
import { sql } from 'kysely';
import type { Ctx } from '../http/context.ts';
import type { Db } from '../store/db.ts';
import { newId } from '../store/ids.ts';
import type { StoredObject } from '../store/objects.ts';
import type { ChangeLog } from './change-log.ts';
import { eventsFromChanges, type PendingEvent } from './from-changes.ts';
import { hooksDb } from './tables.ts';

export interface EventSettings {
  /** The account's default API version: events are rendered in it (DESIGN: Versions). */
  apiVersion: string;
}

/**
 * How an object looks in an event when its stored document is not the whole API object
 * (an invoice is stored without its `lines`). Registered by the resource that knows.
 */
export type Snapshot = (ctx: Ctx, obj: StoredObject) => Promise<StoredObject>;
const snapshots = new Map<string, Snapshot>();

export function registerEventSnapshot(objectType: string, fn: Snapshot): void {
  snapshots.set(objectType, fn);
}

export async function eventSnapshot(ctx: Ctx, obj: StoredObject): Promise<StoredObject> {
  const fn = snapshots.get(obj.object as string);
  return fn ? fn(ctx, obj) : obj;
}

/**
 * Run in the request's transaction after its events are written: a resource keeps what its
 * background jobs need in step with its objects (invoices: when to collect them).
 */
export type EventHook = (ctx: Ctx, events: PendingEvent[]) => Promise<void>;
const eventHooks: EventHook[] = [];

export function registerEventHook(fn: EventHook): void {
  eventHooks.push(fn);
}

/** In-process listeners told that events were written (the deliverer wakes up instead of waiting for its poll). */
const listeners = new Set<() => void>();

export function onEventsRecorded(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function eventsRecorded(): void {
  for (const fn of listeners) fn();
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

/** Inserts event rows; returns their ids. Shared by requests and automatic events (invoice.overdue). */
export async function insertEvents(db: Db, rows: EventRowInput[]): Promise<string[]> {
  const ids = rows.map(() => newId('evt'));
  await db
    .insertInto('events')
    .values(
      rows.map((e, i) => ({
        account: e.account,
        id: ids[i],
        type: e.type,
        created: e.created,
        api_version: e.apiVersion,
        request_id: e.requestId,
        idempotency_key: e.idempotencyKey,
        object: JSON.stringify(e.object),
        previous_attributes: e.previousAttributes === null ? null : JSON.stringify(e.previousAttributes),
      })),
    )
    .execute();
  return ids;
}

export async function recordEvents(ctx: Ctx, log: ChangeLog, settings: EventSettings): Promise<number> {
  const events = eventsFromChanges(log);
  if (events.length === 0) return 0;
  // One snapshot per object state: finalize gives invoice.finalized and invoice.updated of one invoice.
  const seen = new Map<StoredObject, StoredObject>();
  const rows: EventRowInput[] = [];
  for (const e of events) {
    let object = e.object;
    if (!e.type.endsWith('.deleted')) {
      object = seen.get(e.object) ?? (await eventSnapshot(ctx, e.object));
      seen.set(e.object, object);
    }
    rows.push({
      account: ctx.account,
      type: e.type,
      created: ctx.now,
      apiVersion: settings.apiVersion,
      requestId: ctx.requestId,
      idempotencyKey: ctx.idempotencyKey,
      object,
      previousAttributes: e.previous_attributes,
    });
  }
  await insertEvents(ctx.db, rows);
  await watchDueDates(ctx, events);
  for (const hook of eventHooks) await hook(ctx, events);
  eventsRecorded();
  return events.length;
}

/**
 * Keeps invoice_due_watch in step with invoices: an open send_invoice invoice with a due date is
 * watched for invoice.overdue (see overdue.ts); any other state is not. Only invoices whose
 * events this request recorded can have changed.
 */
async function watchDueDates(ctx: Ctx, events: PendingEvent[]): Promise<void> {
  const last = new Map<string, { obj: StoredObject; deleted: boolean }>();
  for (const e of events) if (e.object.object === 'invoice') last.set(e.object.id, { obj: e.object, deleted: e.type === 'invoice.deleted' });
  if (last.size === 0) return;
  const db = hooksDb(ctx.db);
  for (const [id, { obj, deleted }] of last) {
    // Invoices never go back to draft: a draft was never watched.
    if (obj.status === 'draft' && !deleted) continue;
    const due = obj.due_date;
    if (!deleted && obj.status === 'open' && obj.collection_method === 'send_invoice' && typeof due === 'number') {
      await db
        .insertInto('invoice_due_watch')
        .values({ account: ctx.account, invoice: id, due_date: due })
        // A new due date may become overdue again; the same one was notified already or is still waiting.
        .onConflict((oc) =>
          oc.columns(['account', 'invoice']).doUpdateSet({
            due_date: due,
            notified: sql<number>`case when invoice_due_watch.due_date = ${due} then invoice_due_watch.notified else 0 end`,
          }),
        )
        .execute();
    } else {
      await db.deleteFrom('invoice_due_watch').where('account', '=', ctx.account).where('invoice', '=', id).execute();
    }
  }
}
