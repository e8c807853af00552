// Every write to an API object inside one unit of work is noted here (first
// state before, last state after), so that its events can be derived and
// recorded in that same transaction when it ends.
import type { StoredObject } from '../store/objects.ts';

export interface ObjectChange {
  type: string;
  id: string;
  before: StoredObject | null;
  after: StoredObject | null;
  /** When the object was first written in the unit, among the changes and explicit events. */
  order: number;
}

export interface ExplicitEvent {
  type: string;
  object: StoredObject;
  /** Another account than the unit's own (a background job's write spans accounts). */
  account?: string;
  order: number;
  /** For an event that says what an update changed (payment_method.updated). */
  previous_attributes?: Record<string, unknown>;
}

export class ChangeLog {
  readonly changes = new Map<string, ObjectChange>();
  /** Events no state difference shows (invoice.sent, invoice.overdue). */
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

  /**
   * Closes every object's change so far (see checkpoint): work that follows starts new changes,
   * so several timers fired in one unit give the events each would give in a unit of its own.
   */
  checkpointAll(): void {
    const open = [...this.changes].filter(([key]) => key.split('\u0000').length === 2);
    for (const [key, seen] of open) {
      this.changes.delete(key);
      this.changes.set(`${key}\u0000${seen.order}`, seen);
    }
  }

  noted(type: string, id: string): boolean {
    return this.changes.has(`${type}\u0000${id}`);
  }

  note(type: string, id: string, before: StoredObject | null, after: StoredObject | null): void {
    // By type and id: a deleted coupon leaves the coupon rows and becomes a row of another type under the same id.
    const key = `${type}\u0000${id}`;
    const seen = this.changes.get(key);
    if (seen) seen.after = after;
    else this.changes.set(key, { type, id, before, after, order: this.tick() });
  }
}

/**
 * The log of a unit whose changes are undone and never become events (a preview computed in a
 * savepoint that is rolled back): nothing is noted, so no write reads the row's state before it.
 */
export class DiscardedChanges extends ChangeLog {
  override noted(): boolean {
    return true;
  }

  override note(): void {}
}
