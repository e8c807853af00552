import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutRedemptionUpdates } from '../../../src/resources/redemption-events.ts';

const change = { type: 'coupon', id: 'c', before: { id: 'c' }, after: { id: 'c' } } as any;
const ev = (type: string, prev: Record<string, unknown> | null) => ({ type, object: { id: 'c' }, previous_attributes: prev });

test('an update of the redemption counters alone makes no event', () => {
  assert.deepEqual(withoutRedemptionUpdates(change, [ev('coupon.updated', { times_redeemed: 1 })]), []);
  assert.deepEqual(withoutRedemptionUpdates(change, [ev('coupon.updated', { times_redeemed: 2, valid: true })]), []);
});

test('other updates, creations and deletions stay', () => {
  const kept = [ev('coupon.updated', { name: null, times_redeemed: 1 }), ev('coupon.created', null), ev('coupon.deleted', null)];
  assert.deepEqual(withoutRedemptionUpdates(change, kept), kept);
});
