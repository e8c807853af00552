// The events an invoice's own changes make beyond invoice.updated: one for each
// status move, before invoice.updated. Pure.
import type { PendingEvent } from '../../events/from-changes.ts';
import type { StoredObject } from '../../store/objects.ts';
import type { ObjectChange } from '../../work/change-log.ts';

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

export function invoiceEvents({ before, after }: ObjectChange, standard: PendingEvent[]): PendingEvent[] {
  // Only an update (not a create or delete) moves a status, and a status move always changes something.
  if (before === null || after === null || after.deleted === true || standard.length === 0) return standard;
  return [...invoiceMoves(before, after).map((type) => ({ type, object: after, previous_attributes: null })), ...standard];
}
