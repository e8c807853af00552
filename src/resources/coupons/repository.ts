// Coupons in the objects table (no filter columns). Deleting one moves its terms whole, with
// `valid: false`, to `deleted_coupon` under its id (store/repository.ts OnDelete): Stripe's
// delete "does not affect any customers who have already applied the coupon", so discounts
// already applied still find it, while retrieve, update and couponRef answer resource_missing.
import { repository } from '../../store/repository.ts';
import type { Coupon } from './model.ts';

export const deletedCoupons = repository<Coupon>({ type: 'deleted_coupon' });
export const coupons = repository<Coupon>({
  type: 'coupon',
  onDelete: { into: deletedCoupons, keep: (c) => ({ ...c, valid: false }) },
});
