// Every write to an API object inside one request's transaction is noted
// here (first state before, last state after), so that the request's events
// can be derived and recorded in that same transaction when it ends.
import type { StoredObject } from '../store/objects.ts';

export interface ObjectChange {
  type: string;
  id: string;
  before: StoredObject | null;
  after: StoredObject | null;
  /** When the object was first written in the request, among the changes and explicit events. */
  order: number;
}

export interface ExplicitEvent {
  type: string;
  object: StoredObject;
  order: number;
  previous_attributes?: Record<string, unknown>;
}

export class ChangeLog {
  readonly changes = new Map<string, ObjectChange>();
  /** Events no state difference shows (invoice.sent). */
  readonly explicit: ExplicitEvent[] = [];
  /** Events come out in the order their objects were first written or they were emitted. */
  private next = 0;

  tick(): number {
    return this.next++;
  }

  /**
   * Closes an object's change so far: its next write starts a new one, whose events come after
   * whatever is emitted in between (an invoice finalized, then charged, then paid).
   */
  checkpoint(type: string, id: string): void {
    const key = `${type}\u0000${id}`;
    const seen = this.changes.get(key);
    if (!seen) return;
    this.changes.delete(key);
    this.changes.set(`${key}\u0000${seen.order}`, seen);
  }

  note(type: string, id: string, before: StoredObject | null, after: StoredObject | null): void {
    // By type and id: a deleted coupon leaves the coupon rows and becomes a row of another type under the same id.
    const key = `${type}\u0000${id}`;
    const seen = this.changes.get(key);
    if (seen) seen.after = after;
    else this.changes.set(key, { type, id, before, after, order: this.tick() });
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

/** See ChangeLog.checkpoint. */
export function checkpointChanges(db: object, type: string, id: string): void {
  logs.get(db)?.checkpoint(type, id);
}

/**
 * For actions whose event is not a change of state (sending an invoice), and for objects whose
 * events say what happened rather than what changed (a charge succeeded). The event shows the
 * object as it is at this moment.
 */
export function emitEvent(db: object, type: string, object: StoredObject, previous?: Record<string, unknown>): void {
  const log = logs.get(db);
  log?.explicit.push({ type, object: structuredClone(object), order: log.tick(), previous_attributes: previous });
}
