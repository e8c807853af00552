// Which events a request's changes produce, in which order: pure, no I/O.
// `<type>.created|updated|deleted` for every API object, with the attributes
// an update changed; invoices add the event of each status move.
import type { ChangeLog } from './change-log.ts';
import type { StoredObject } from '../store/objects.ts';

export interface PendingEvent {
  type: string;
  object: StoredObject;
  previous_attributes: Record<string, unknown> | null;
}

/** Object types that have events, and whether each has a `.deleted` event (tax rates cannot be deleted). */
const EVENTFUL: Record<string, { deleted: boolean }> = {
  customer: { deleted: true },
  product: { deleted: true },
  price: { deleted: true },
  tax_rate: { deleted: false },
  coupon: { deleted: true },
  invoiceitem: { deleted: true },
  invoice: { deleted: true },
};

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

const STATUS_EVENTS: Record<string, (after: StoredObject) => string[]> = {
  open: () => ['invoice.finalized'],
  paid: (after) => {
    const outOfBand = (after.internal as { paid_out_of_band?: boolean } | undefined)?.paid_out_of_band === true;
    // payment_succeeded is for a payment attempt that succeeded; marking paid out of band is not one.
    return outOfBand ? ['invoice.paid'] : ['invoice.paid', 'invoice.payment_succeeded'];
  },
  void: () => ['invoice.voided'],
  uncollectible: () => ['invoice.marked_uncollectible'],
};

function invoiceMoves(before: StoredObject, after: StoredObject): string[] {
  if (before.status === after.status) return [];
  const out: string[] = [];
  // A draft paid in one step (nothing due, or pay on a draft) was finalized on the way.
  if (before.status === 'draft' && after.status !== 'open') out.push('invoice.finalized');
  out.push(...(STATUS_EVENTS[after.status as string]?.(after) ?? []));
  return out;
}

/**
 * A customer's discount (set by old clients' `coupon`) has events of its own: created when one
 * is applied, updated when it is switched for another, deleted when it is removed.
 */
function customerDiscountEvents(before: StoredObject | null, after: StoredObject | null): PendingEvent[] {
  if (after === null || after.deleted === true) return []; // a deleted customer's discount goes with it
  const was = (before?.discount ?? null) as StoredObject | null;
  const now = (after?.discount ?? null) as StoredObject | null;
  if (was?.id === now?.id) return [];
  if (was === null) return [{ type: 'customer.discount.created', object: now!, previous_attributes: null }];
  if (now === null) return [{ type: 'customer.discount.deleted', object: was, previous_attributes: null }];
  return [{ type: 'customer.discount.updated', object: now, previous_attributes: previousAttributes(was, now) }];
}

export function eventsFromChanges(log: ChangeLog): PendingEvent[] {
  const groups: { order: number; events: PendingEvent[] }[] = [];
  for (const { type, before, after, order } of log.changes.values()) {
    const kind = EVENTFUL[type];
    if (!kind) continue;
    const events = objectEvents(type, kind, before, after);
    // After the customer's own event (a customer created with a coupon: customer.created first).
    if (type === 'customer') events.push(...customerDiscountEvents(before, after));
    groups.push({ order, events });
  }
  for (const e of log.explicit) groups.push({ order: e.order, events: [{ type: e.type, object: e.object, previous_attributes: e.previous_attributes ?? null }] });
  groups.sort((a, b) => a.order - b.order);
  return groups.flatMap((g) => g.events);
}

function objectEvents(type: string, kind: { deleted: boolean }, before: StoredObject | null, after: StoredObject | null): PendingEvent[] {
  if (before === null && after !== null) return [{ type: `${type}.created`, object: after, previous_attributes: null }];
  if (before !== null && (after === null || after.deleted === true))
    return kind.deleted ? [{ type: `${type}.deleted`, object: before, previous_attributes: null }] : [];
  if (before === null || after === null) return [];
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length === 0) return [];
  const events: PendingEvent[] = [];
  if (type === 'invoice') for (const t of invoiceMoves(before, after)) events.push({ type: t, object: after, previous_attributes: null });
  // No invoiceitem.updated: Stripe no longer documents it (stripe-node 15.0.0 removed it with the
  // other "deprecated events ... no longer part of the publicly documented Stripe API").
  if (type !== 'invoiceitem') events.push({ type: `${type}.updated`, object: after, previous_attributes: withStoredOnly(prev, before, after) });
  return events;
}
