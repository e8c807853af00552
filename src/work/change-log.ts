// Every write to an API object inside one unit of work is noted here (first
// state before, last state after), so that its events can be derived and
// recorded in that same transaction when it ends.
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
  /** Another account than the unit's own (a background job's write spans accounts). */
  account?: string;
}

export class ChangeLog {
  readonly changes = new Map<string, ObjectChange>();
  /** Events no state difference shows (invoice.sent, invoice.overdue). */
  readonly explicit: ExplicitEvent[] = [];

  note(type: string, id: string, before: StoredObject | null, after: StoredObject | null): void {
    // By type and id: a deleted coupon leaves the coupon rows and becomes a row of another type under the same id.
    const key = `${type}\u0000${id}`;
    const seen = this.changes.get(key);
    if (seen) seen.after = after;
    else this.changes.set(key, { type, id, before, after });
  }
}
