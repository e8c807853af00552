// Which events a unit of work's changes produce, in which order: pure, no I/O.
// `<type>.created|updated|deleted` for every object type that has events, with
// the attributes an update changed; each resource module may add to or rewrite
// the events of its own changes (invoices add the event of each status move).
import type { ChangeLog, ObjectChange } from '../work/change-log.ts';
import type { Ctx } from '../http/context.ts';
import type { StoredObject } from '../store/objects.ts';

/**
 * Reads shared by the snapshots of one recording: every snapshot is taken after the unit's last
 * write, so what one reads (an invoice's lines) is what another state of that object reads too.
 */
export type SnapshotReads = Map<string, Promise<unknown>>;

export interface PendingEvent {
  type: string;
  object: StoredObject;
  previous_attributes: Record<string, unknown> | null;
}

/** Which events an object type has: `.deleted` (tax rates cannot be deleted), `.updated`. */
export interface EventKind {
  deleted: boolean;
  updated: boolean;
}

/** What the resource modules say about their events; the module registry answers for all of them. */
export interface EventRules {
  /** The events a type has; undefined: none. */
  kind(type: string): EventKind | undefined;
  /** The events of one change: the standard ones, as the type's module adds to or rewrites them. */
  derive(change: ObjectChange, standard: PendingEvent[]): PendingEvent[];
  /** How an object looks in an event when its stored document is not the whole API object (an invoice without its lines). */
  snapshot(ctx: Ctx, obj: StoredObject, shared: SnapshotReads): Promise<StoredObject>;
  /** Writes that follow from the unit's changes, before its events are derived (their own changes get events). */
  beforeRecord?(ctx: Ctx, changes: readonly ObjectChange[]): Promise<void>;
  /** Writes that follow from the recorded events, in the same unit of work (invoices: the due-date watch). */
  afterRecord(ctx: Ctx, events: readonly PendingEvent[]): Promise<void>;
}

/** Keys of a stored object that are ours, not the API's: never in previous_attributes. */
const HIDDEN = new Set(['internal', 'lines']);

const isHash = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The old values of what changed. Stripe's rule (Event `data.previous_attributes`): "If an array
 * attribute has any updated elements, this object contains the entire array"; hashes are compared
 * key by key and report only their changed keys, a key that was absent before as null (a real
 * product.updated event: `"previous_attributes": {"metadata": {"tier": null}, ...}`).
 */
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>, top = true): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (top && HIDDEN.has(key)) continue;
    const was = before[key];
    const now = after[key];
    if (isHash(was) && isHash(now)) {
      const inner = previousAttributes(was, now, false);
      if (Object.keys(inner).length > 0) prev[key] = inner;
    } else if (JSON.stringify(was) !== JSON.stringify(now)) prev[key] = was === undefined ? null : was;
  }
  return prev;
}

/**
 * The object before an update, rebuilt from the object after it and the previous attributes
 * (the inverse of previousAttributes): hashes merged key by key, anything else replaced whole.
 * Old API versions rebuild it to compare both in their own shapes.
 */
export function previousObject(after: Record<string, unknown>, prev: Record<string, unknown>): Record<string, unknown> {
  const before: Record<string, unknown> = { ...after };
  for (const [key, was] of Object.entries(prev)) {
    const now = after[key];
    before[key] = isHash(was) && isHash(now) ? previousObject(now, was) : was;
  }
  return before;
}

/**
 * Kept with the event, never shown: the old values of the stored-only fields, so that what
 * old versions derive from them (an invoice's `paid_out_of_band`) is rebuilt exactly.
 */
function withStoredOnly(prev: Record<string, unknown>, before: StoredObject, after: StoredObject): Record<string, unknown> {
  const hidden = previousAttributes({ internal: before.internal ?? {} }, { internal: after.internal ?? {} }, false);
  return hidden.internal === undefined ? prev : { ...prev, internal: hidden.internal };
}

export function eventsFromChanges(log: ChangeLog, rules: EventRules): PendingEvent[] {
  // In the order things happened: each object's events where it was first written, explicit ones where emitted.
  const groups: { order: number; events: PendingEvent[] }[] = [];
  for (const change of log.changes.values()) {
    const kind = rules.kind(change.type);
    if (!kind) continue;
    groups.push({ order: change.order, events: rules.derive(change, objectEvents(change.type, kind, change.before, change.after)) });
  }
  for (const e of log.explicit)
    groups.push({ order: e.order, events: [{ type: e.type, object: e.object, previous_attributes: e.previous_attributes ?? null }] });
  groups.sort((a, b) => a.order - b.order);
  return groups.flatMap((g) => g.events);
}

function objectEvents(type: string, kind: EventKind, before: StoredObject | null, after: StoredObject | null): PendingEvent[] {
  if (before === null && after !== null) return [{ type: `${type}.created`, object: after, previous_attributes: null }];
  if (before !== null && (after === null || after.deleted === true))
    return kind.deleted ? [{ type: `${type}.deleted`, object: before, previous_attributes: null }] : [];
  if (before === null || after === null) return [];
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length === 0) return [];
  return kind.updated ? [{ type: `${type}.updated`, object: after, previous_attributes: withStoredOnly(prev, before, after) }] : [];
}
