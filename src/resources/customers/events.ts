// A customer's discount (set by old clients' `coupon`) has events of its own: created when one
// is applied, updated when it is switched for another, deleted when it is removed. Pure.
import { previousAttributes, type PendingEvent } from '../../events/from-changes.ts';
import type { StoredObject } from '../../store/objects.ts';

export function customerDiscountEvents(before: StoredObject | null, after: StoredObject | null): PendingEvent[] {
  if (after === null || after.deleted === true) return []; // a deleted customer's discount goes with it
  const was = (before?.discount ?? null) as StoredObject | null;
  const now = (after?.discount ?? null) as StoredObject | null;
  if (was?.id === now?.id) return [];
  if (was === null) return [{ type: 'customer.discount.created', object: now!, previous_attributes: null }];
  if (now === null) return [{ type: 'customer.discount.deleted', object: was, previous_attributes: null }];
  return [{ type: 'customer.discount.updated', object: now, previous_attributes: previousAttributes(was, now) }];
}
