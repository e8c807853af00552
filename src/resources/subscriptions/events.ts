// A subscription's events are named `customer.subscription.*` (Stripe's names), and a move to or
// from `paused` adds `customer.subscription.paused|resumed` after the update. Pure.
import type { PendingEvent } from '../../events/from-changes.ts';
import type { ObjectChange } from '../../work/change-log.ts';

export function subscriptionEvents({ before, after }: ObjectChange, standard: PendingEvent[]): PendingEvent[] {
  const out = standard.map((e) => ({ ...e, type: `customer.${e.type}` }));
  if (before && after && before.status !== after.status) {
    if (after.status === 'paused') out.push({ type: 'customer.subscription.paused', object: after, previous_attributes: null });
    if (before.status === 'paused') out.push({ type: 'customer.subscription.resumed', object: after, previous_attributes: null });
  }
  // An ended subscription (status canceled) is a deletion in Stripe's events, though the object stays.
  if (before && after && before.status !== 'canceled' && after.status === 'canceled')
    return [{ type: 'customer.subscription.deleted', object: after, previous_attributes: null }];
  return out;
}
