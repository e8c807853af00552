// A redemption only counts (`times_redeemed`, and `valid` once a coupon is used up): Stripe's
// coupon.updated and promotion_code.updated are for updates made to the object, so a change of
// those counters alone makes no `.updated` event (our reading; Stripe's event docs are silent).
import type { PendingEvent } from '../events/from-changes.ts';
import type { ObjectChange } from '../work/change-log.ts';

const COUNTERS = new Set(['times_redeemed', 'valid']);

export function withoutRedemptionUpdates(_change: ObjectChange, standard: PendingEvent[]): PendingEvent[] {
  return standard.filter((e) => !(e.type.endsWith('.updated') && e.previous_attributes !== null && Object.keys(e.previous_attributes).every((k) => COUNTERS.has(k))));
}
