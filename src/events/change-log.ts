// Every write to an API object inside one request's transaction is noted
// here (first state before, last state after), so that the request's events
// can be derived and recorded in that same transaction when it ends.
import type { StoredObject } from '../store/objects.ts';

export interface ObjectChange {
  type: string;
  id: string;
  before: StoredObject | null;
  after: StoredObject | null;
}

export interface ExplicitEvent {
  type: string;
  object: StoredObject;
}

export class ChangeLog {
  readonly changes = new Map<string, ObjectChange>();
  /** Events no state difference shows (invoice.sent). */
  readonly explicit: ExplicitEvent[] = [];

  note(type: string, id: string, before: StoredObject | null, after: StoredObject | null): void {
    // By type and id: a deleted coupon leaves the coupon rows and becomes a row of another type under the same id.
    const key = `${type}\u0000${id}`;
    const seen = this.changes.get(key);
    if (seen) seen.after = after;
    else this.changes.set(key, { type, id, before, after });
  }
}

/** The log of the transaction a db handle belongs to (writes outside a tracked transaction are not logged). */
const logs = new WeakMap<object, ChangeLog>();

export function trackChanges(db: object): ChangeLog {
  const log = new ChangeLog();
  logs.set(db, log);
  return log;
}

export function changeLogOf(db: object): ChangeLog | undefined {
  return logs.get(db);
}

/** For actions whose event is not a change of state (sending an invoice). */
export function emitEvent(db: object, type: string, object: StoredObject): void {
  logs.get(db)?.explicit.push({ type, object: structuredClone(object) });
}
