// One write's transaction as an explicit object: the transaction handle, its
// locks, the log of what it changed, the events it emits beyond those changes,
// and the idempotency record it answers for. A request's write and a background
// job's write both go through one (see run.ts), so both record their events.
import type { Db, Dialect } from '../store/db.ts';
import { lockName } from '../store/conflicts.ts';
import type { StoredObject } from '../store/objects.ts';
import { ChangeLog } from './change-log.ts';

/** The Idempotency-Key a write answers for, and the fingerprint of the request that brought it. */
export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
}

export class UnitOfWork {
  private readonly committedTasks: (() => void)[] = [];
  /**
   * The time the unit's events are recorded at when it is not the unit's `now`: the clock time of
   * a test clock whose objects the unit changes (a request on them, or the clock's timers firing).
   */
  eventTime: number | undefined;
  /** A dry run (an invoice preview): it changes nothing, so it is not refused on an advancing test clock. */
  preview = false;

  constructor(
    readonly db: Db,
    readonly dialect: Dialect,
    readonly idempotency: IdempotencyRecord | null = null,
    readonly changes: ChangeLog = new ChangeLog(),
  ) {}

  /**
   * Whether reads for a change take row locks (SELECT ... FOR UPDATE) until the unit ends.
   * PostgreSQL only: SQLite runs one write transaction at a time already.
   */
  get locksRows(): boolean {
    return this.dialect === 'postgres';
  }

  /** A lock named by `parts`, held until the unit ends, for invariants no single row holds. */
  lock(...parts: string[]): Promise<void> {
    return lockName(this.db, this.dialect, ...parts);
  }

  /** An event no change of state shows (sending an invoice); `account` when it is not the unit's own. */
  emit(type: string, object: StoredObject, account?: string): void {
    this.changes.explicit.push({ type, object: structuredClone(object), order: this.changes.tick(), ...(account === undefined ? {} : { account }) });
  }

  /**
   * An event that says what happened to an object rather than what changed (charge.succeeded),
   * or an update with its `previous_attributes` (payment_method.updated). It shows the object as
   * it is now, and takes its place among the unit's other events.
   */
  emitFor(type: string, object: StoredObject, previous?: Record<string, unknown>): void {
    this.changes.explicit.push({ type, object: structuredClone(object), order: this.changes.tick(), previous_attributes: previous });
  }

  /**
   * Work to start once this unit has committed (a test clock's advance, run in the background
   * after the request that began it answered). Not run when the unit rolls back.
   */
  afterCommit(task: () => void): void {
    this.committedTasks.push(task);
  }

  /** Called by the runner once the transaction committed. */
  committed(): void {
    for (const task of this.committedTasks.splice(0)) task();
  }

  /** See ChangeLog.checkpointAll. */
  checkpointAll(): void {
    this.changes.checkpointAll();
  }

  /** See ChangeLog.checkpoint. */
  checkpoint(type: string, id: string): void {
    this.changes.checkpoint(type, id);
  }
}
